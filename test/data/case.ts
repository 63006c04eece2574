/** One table row: the class it tests, the text as written, and what a person reading it aloud says. */
export type Case = [category: string, written: string, spoken: string];

/** The held-out set's lenient comparison: case, spaces, hyphens, punctuation and English "and" ignored. */
export function lenient(s: string, language: string): string {
  let t = s.toLowerCase().normalize('NFC');
  if (language === 'en') t = t.replace(/\band\b/g, ' ');
  return t.replace(/[\p{P}\s]/gu, '');
}
