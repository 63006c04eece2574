import { eld } from 'eld/medium';

/**
 * Detects the language of `text` (ISO 639-1), or returns `fallback` when the evidence is weak.
 * Short plain-ASCII text is ambiguous ("Hello, world!" reads as Norwegian to any n-gram model),
 * so it keeps the voice's own language unless the detector is sure and the text is long enough.
 */
export function detectLanguage(text: string, fallback: string): string {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length === 0) return fallback;
  const result = eld.detect(text);
  const lang = result.language;
  if (!lang || !result.isReliable()) return fallback;
  if (lang === fallback) return lang;
  const hasNonAscii = /[^\x00-\x7F]/.test(letters);
  if (!hasNonAscii && letters.length < 40) return fallback;
  return lang;
}
