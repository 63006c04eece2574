// The pronunciation lexicon: a server-wide dictionary from words to respellings, one JSON file
// per language ({"word": "replacement"}), applied before normalization so that an entry for an
// acronym or a number-bearing name wins over the generic rules. Respellings work with every
// engine; IPA does not (flite and eSpeak NG read text, not phonemes), so none is offered.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface LexiconEntry { language: string; word: string; replacement: string }

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export const LANGUAGE_CODE = /^[a-z]{2,3}$/;

export class Lexicon {
  private readonly entries = new Map<string, Map<string, string>>();
  private readonly patterns = new Map<string, RegExp>();

  constructor(readonly dir: string) {
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => /^[a-z]{2,3}\.json$/.test(f));
    } catch { /* no directory yet: an empty lexicon */ }
    for (const file of files) {
      const language = file.slice(0, -5);
      const data = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, string>;
      this.entries.set(language, new Map(Object.entries(data).map(([w, r]) => [w.toLowerCase(), String(r)])));
    }
  }

  list(language?: string): LexiconEntry[] {
    const out: LexiconEntry[] = [];
    for (const [lang, words] of this.entries) {
      if (language && lang !== language) continue;
      for (const [word, replacement] of words) out.push({ language: lang, word, replacement });
    }
    return out.sort((a, b) => a.language.localeCompare(b.language) || a.word.localeCompare(b.word));
  }

  set(language: string, word: string, replacement: string): LexiconEntry {
    const words = this.entries.get(language) ?? new Map<string, string>();
    words.set(word.toLowerCase(), replacement);
    this.entries.set(language, words);
    this.save(language);
    return { language, word: word.toLowerCase(), replacement };
  }

  delete(language: string, word: string): boolean {
    const removed = this.entries.get(language)?.delete(word.toLowerCase()) ?? false;
    if (removed) this.save(language);
    return removed;
  }

  /** Replaces whole words (case-insensitively, longest entries first) with their respellings. */
  apply(text: string, language: string): string {
    const words = this.entries.get(language);
    if (!words || words.size === 0) return text;
    let re = this.patterns.get(language);
    if (re === undefined) {
      const alternatives = [...words.keys()].sort((a, b) => b.length - a.length).map(escape).join('|');
      re = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives})(?![\\p{L}\\p{N}_])`, 'giu');
      this.patterns.set(language, re);
    }
    return text.replace(re, (m) => words.get(m.toLowerCase()) ?? m);
  }

  /** The entries as plain data, for the worker thread that prepares text (see synth/worker.ts). */
  snapshot(): Record<string, Record<string, string>> {
    return Object.fromEntries([...this.entries].filter(([, words]) => words.size > 0).map(([lang, words]) => [lang, Object.fromEntries(words)]));
  }

  /** A read-only lexicon from snapshot() data (nothing is read from or written to disk). */
  static fromSnapshot(data: Record<string, Record<string, string>>): Lexicon {
    const lexicon = Object.create(Lexicon.prototype) as Lexicon;
    Object.assign(lexicon, { dir: '', entries: new Map(Object.entries(data).map(([lang, words]) => [lang, new Map(Object.entries(words))])), patterns: new Map() });
    return lexicon;
  }

  // Written to a temporary file and renamed, so a crash never leaves half a dictionary.
  private save(language: string) {
    this.patterns.delete(language);
    mkdirSync(this.dir, { recursive: true });
    const file = join(this.dir, `${language}.json`);
    const words = this.entries.get(language);
    if (!words || words.size === 0) {
      rmSync(file, { force: true });
      return;
    }
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(Object.fromEntries([...words].sort()), null, 2)}\n`);
    renameSync(tmp, file);
  }
}

const shared = new Map<string, Lexicon>();

/** The server-wide lexicon: MYNAH_LEXICON_DIR, else ./data/lexicon. One instance per directory. */
export function lexiconFor(dir = process.env.MYNAH_LEXICON_DIR ?? './data/lexicon'): Lexicon {
  const abs = resolve(dir);
  let lex = shared.get(abs);
  if (!lex) shared.set(abs, (lex = new Lexicon(abs)));
  return lex;
}
