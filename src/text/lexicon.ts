// The pronunciation lexicon: a server-wide dictionary from words to respellings, one JSON file
// per language ({"word": "replacement"}), applied before normalization so that an entry for an
// acronym or a number-bearing name wins over the generic rules. Respellings work with every
// engine; IPA does not (flite and eSpeak NG read text, not phonemes), so none is offered.
// Loaded once at start-up (a malformed file stops the server with its name); writes are atomic
// and asynchronous. Sizes are bounded so that no entry set can blow up the text it is applied to.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface LexiconEntry { language: string; word: string; replacement: string }

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export const LANGUAGE_CODE = /^[a-z]{2,3}$/;

export const LEXICON_LIMITS = {
  /** Entries per language: every entry joins one regex alternation applied to each sentence. */
  entriesPerLanguage: 5000,
  /** Code units in a word. */
  wordChars: 100,
  /** Code units in a replacement. */
  replacementChars: 200,
  /**
   * A replacement is shorter than this many times its word plus one separator: each match uses
   * the word and a boundary, so applying the lexicon grows a text at most this many times.
   */
  expansion: 8,
  /** Bytes of one language file. */
  fileBytes: 2 * 1024 * 1024,
} as const;

/** Why an entry is refused (a message for the client), or undefined when it is fine. */
export function entryProblem(word: string, replacement: string): { param: 'word' | 'replacement'; message: string } | undefined {
  if (word.length === 0 || word.length > LEXICON_LIMITS.wordChars) return { param: 'word', message: `word must be 1 to ${LEXICON_LIMITS.wordChars} characters.` };
  if (!/[\p{L}\p{N}]/u.test(word) || /^\s|\s$/.test(word)) return { param: 'word', message: 'word must contain a letter or digit and no leading or trailing spaces.' };
  if (!replacement.trim()) return { param: 'replacement', message: 'replacement must not be blank.' };
  if (replacement.length > LEXICON_LIMITS.replacementChars) return { param: 'replacement', message: `replacement must be at most ${LEXICON_LIMITS.replacementChars} characters.` };
  const most = LEXICON_LIMITS.expansion * (word.length + 1) - 1;
  if (replacement.length > most) return { param: 'replacement', message: `replacement must be shorter than ${LEXICON_LIMITS.expansion} times its word plus one (at most ${most} characters for this word).` };
  return undefined;
}

export class LexiconFullError extends Error {}

export class Lexicon {
  private readonly entries = new Map<string, Map<string, string>>();
  private readonly patterns = new Map<string, RegExp>();
  /** Writes run one after another, so files on disk end in the order the changes were made. */
  private writes: Promise<unknown> = Promise.resolve();
  private tmpCounter = 0;
  private snapshotCache?: Record<string, Record<string, string>>;

  constructor(readonly dir: string, initial: Map<string, Map<string, string>> = new Map()) {
    for (const [language, words] of initial) this.entries.set(language, words);
  }

  list(language?: string): LexiconEntry[] {
    const out: LexiconEntry[] = [];
    for (const [lang, words] of this.entries) {
      if (language && lang !== language) continue;
      for (const [word, replacement] of words) out.push({ language: lang, word, replacement });
    }
    return out.sort((a, b) => a.language.localeCompare(b.language) || a.word.localeCompare(b.word));
  }

  /** Adds or replaces an entry; resolves once it is on disk. Throws LexiconFullError at the cap. */
  set(language: string, word: string, replacement: string): Promise<LexiconEntry> {
    const key = word.toLowerCase();
    return this.serially(async () => {
      const words = new Map(this.entries.get(language));
      if (!words.has(key) && words.size >= LEXICON_LIMITS.entriesPerLanguage) {
        throw new LexiconFullError(`The '${language}' lexicon is full (${LEXICON_LIMITS.entriesPerLanguage} entries); delete some first.`);
      }
      words.set(key, replacement);
      await this.save(language, words);
      this.commit(language, words);
      return { language, word: key, replacement };
    });
  }

  /** Removes an entry; resolves to whether there was one, once the change is on disk. */
  delete(language: string, word: string): Promise<boolean> {
    const key = word.toLowerCase();
    return this.serially(async () => {
      if (!this.entries.get(language)?.has(key)) return false;
      const words = new Map(this.entries.get(language));
      words.delete(key);
      await this.save(language, words);
      this.commit(language, words);
      return true;
    });
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

  /**
   * The entries as plain data, for the worker thread that prepares text (see synth/worker.ts).
   * Kept until the next write, so a request does not copy the whole lexicon.
   */
  snapshot(): Record<string, Record<string, string>> {
    this.snapshotCache ??= Object.fromEntries([...this.entries].filter(([, words]) => words.size > 0).map(([lang, words]) => [lang, Object.fromEntries(words)]));
    return this.snapshotCache;
  }

  /** A read-only lexicon from snapshot() data (nothing is read from or written to disk). */
  static fromSnapshot(data: Record<string, Record<string, string>>): Lexicon {
    return new Lexicon('', new Map(Object.entries(data).map(([lang, words]) => [lang, new Map(Object.entries(words))])));
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.writes.then(task);
    this.writes = run.catch(() => undefined);
    return run;
  }

  private commit(language: string, words: Map<string, string>) {
    if (words.size === 0) this.entries.delete(language);
    else this.entries.set(language, words);
    this.snapshotCache = undefined;
    this.patterns.delete(language);
  }

  // Written to a temporary file and renamed, so a crash never leaves half a dictionary.
  private async save(language: string, words: Map<string, string>) {
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${language}.json`);
    if (words.size === 0) {
      await rm(file, { force: true });
      return;
    }
    const tmp = `${file}.${process.pid}.${++this.tmpCounter}.tmp`;
    try {
      await writeFile(tmp, `${JSON.stringify(Object.fromEntries([...words].sort()), null, 2)}\n`);
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }
}

/**
 * Reads every `xx.json` in `dir` (a missing folder is an empty lexicon). A file that is not a
 * JSON object of strings, or breaks a limit, throws an error naming the file: the server does not
 * start on a lexicon it would apply wrongly.
 */
export function loadLexicon(dir: string): Lexicon {
  const abs = resolve(dir);
  let files: string[] = [];
  try {
    files = readdirSync(abs).filter((f) => /^[a-z]{2,3}\.json$/.test(f));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read lexicon folder ${abs}: ${(err as Error).message}`);
  }
  const entries = new Map<string, Map<string, string>>();
  for (const name of files) {
    const file = join(abs, name);
    const fail = (why: string) => new Error(`lexicon file ${file}: ${why}`);
    if (statSync(file).size > LEXICON_LIMITS.fileBytes) throw fail(`larger than ${LEXICON_LIMITS.fileBytes} bytes`);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw fail(`not valid JSON (${(err as Error).message})`);
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw fail('expected an object of {"word": "replacement"}');
    const words = new Map<string, string>();
    for (const [word, replacement] of Object.entries(data)) {
      if (typeof replacement !== 'string') throw fail(`the replacement for ${JSON.stringify(word.slice(0, 100))} is not a string`);
      const problem = entryProblem(word, replacement);
      if (problem) throw fail(`entry ${JSON.stringify(word.slice(0, 100))}: ${problem.message}`);
      words.set(word.toLowerCase(), replacement);
    }
    if (words.size > LEXICON_LIMITS.entriesPerLanguage) throw fail(`more than ${LEXICON_LIMITS.entriesPerLanguage} entries`);
    if (words.size > 0) entries.set(name.slice(0, -5), words);
  }
  return new Lexicon(abs, entries);
}
