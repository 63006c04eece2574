import { chunkText, type ChunkOptions } from './sentences.js';
import { detectLanguage } from './language.js';

export interface PreparedText {
  /** ISO 639-1 language the text will be spoken in. */
  language: string;
  chunks: string[];
}

export interface PrepareOptions extends ChunkOptions {
  /** The voice's language: used when detection is unsure, or when `detect` is false. */
  voiceLanguage: string;
  detect: boolean;
}

/** The text front end: decides the language and cuts the input into engine-sized chunks. */
export function prepareText(input: string, opts: PrepareOptions): PreparedText {
  const language = opts.detect ? detectLanguage(input, opts.voiceLanguage) : opts.voiceLanguage;
  return { language, chunks: chunkText(input, opts) };
}
