// The text front end: clean markup, split into sentences, decide each sentence's language, apply
// the pronunciation lexicon, normalize, and cut into engine-sized chunks.
import { detectLanguage } from './language.js';
import type { Lexicon } from './lexicon.js';
import { cleanMarkup } from './markup.js';
import { normalizeText } from './normalize.js';
import { capLength, splitSentences, type ChunkOptions } from './sentences.js';

export { normalizeText } from './normalize.js';
export { loadLexicon, Lexicon } from './lexicon.js';

export interface PreparedText {
  /** ISO 639-1 language of the text as a whole: the one the job is spoken in. */
  language: string;
  chunks: string[];
  /** The language of each chunk; differs from `language` only for long foreign sentences. */
  chunkLanguages: string[];
  /**
   * Characters of prepared text, all chunks together: what the engines will actually speak. Normalization
   * expands text (a digit becomes a word), so limits on work belong on this figure, not on the input's length.
   */
  characters: number;
}

export interface PrepareOptions extends ChunkOptions {
  /** The voice's language: used when detection is unsure, or when `detect` is false. */
  voiceLanguage: string;
  detect: boolean;
  lexicon?: Lexicon;
  /** Skip normalization (the text is passed through as cleaned and split). */
  normalize?: boolean;
}

// A sentence only gets a language of its own with this much evidence; short ones follow the text.
const SPAN_MIN_LETTERS = 40;

export function prepareText(input: string, opts: PrepareOptions): PreparedText {
  const cleaned = cleanMarkup(input);
  const language = opts.detect ? detectLanguage(cleaned, opts.voiceLanguage) : opts.voiceLanguage;
  const pieces: { text: string; language: string }[] = [];
  for (const sentence of splitSentences(cleaned)) {
    const letters = sentence.replace(/[^\p{L}]/gu, '').length;
    const lang = opts.detect && letters >= SPAN_MIN_LETTERS ? detectLanguage(sentence, language) : language;
    let text = opts.lexicon ? opts.lexicon.apply(sentence, lang) : sentence;
    if (opts.normalize !== false) text = normalizeText(text, lang);
    for (const part of capLength(text, opts.maxChars)) if (/[\p{L}\p{N}]/u.test(part)) pieces.push({ text: part, language: lang });
  }
  // Input that was nothing but emoji or markup goes to the engine as written, as it did before
  // there was a front end: an engine that makes a sound of it is better than a 400.
  if (pieces.length === 0) {
    for (const part of splitSentences(input).flatMap((s) => capLength(s, opts.maxChars))) pieces.push({ text: part, language });
  }
  const grouped = group(pieces, opts);
  return { language, ...grouped, characters: grouped.chunks.reduce((n, c) => n + c.length, 0) };
}

/** Groups sentences into chunks: the first alone (short, for a fast start), the rest batched up to maxChars, never across a language change. */
function group(pieces: { text: string; language: string }[], opts: ChunkOptions) {
  const chunks: string[] = [];
  const chunkLanguages: string[] = [];
  if (pieces.length === 0) return { chunks, chunkLanguages };
  const [first, ...rest] = pieces;
  for (const part of capLength(first.text, opts.firstChars)) {
    chunks.push(part);
    chunkLanguages.push(first.language);
  }
  let current = '';
  let lang = '';
  for (const piece of rest) {
    if (current && (current.length + 1 + piece.text.length > opts.maxChars || piece.language !== lang)) {
      chunks.push(current);
      chunkLanguages.push(lang);
      current = '';
    }
    current = current ? `${current} ${piece.text}` : piece.text;
    lang = piece.language;
  }
  if (current) {
    chunks.push(current);
    chunkLanguages.push(lang);
  }
  return { chunks, chunkLanguages };
}
