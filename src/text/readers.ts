// Readers shared by every language: numbers as written, URLs and e-mail addresses, telephone
// numbers, Roman numerals. Each takes the matched text and the locale and returns words.
import type { Locale } from './locales.js';

/** Digit runs longer than this are read digit by digit: no one says a 16-digit number as one. */
export const MAX_DIGITS = 15;

/** The regular expression source for a written number in this locale; every quantifier bounded. */
export function numberSource(loc: Locale): string {
  if (loc.decimal === '.') return String.raw`\d{1,3}(?:,\d{3}){1,4}(?!\d)(?:\.\d{1,12})?|\d{1,15}(?:\.\d{1,12})?|\.\d{1,12}`;
  const group = '[. \u00a0\u202f]';
  // A dot with one or two digits after it is a decimal mark even here ("3.5", "$12.50").
  // "1,500.50" (American order) is read as written: both marks, the last is the decimal.
  return String.raw`\d{1,3}(?:,\d{3}){1,4}\.\d{1,2}(?![\d.,])|\d{1,3}(?:${group}\d{3}){1,4}(?!\d)(?:,\d{1,12})?|\d{1,15}\.\d{1,2}(?![\d.])|\d{1,15}(?:,\d{1,12})?`;
}

export interface ParsedNumber { whole: bigint; frac: string | null; plain: boolean }

/** "1,234.5" or "1.234,5" or "1 234": which mark groups and which is decimal follows the locale, then the digits. */
export function parseNumber(s: string, loc: Locale): ParsedNumber {
  const plain = /^\d+$/.test(s);
  let whole = s;
  let frac: string | null = null;
  const lastMark = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  if (lastMark >= 0) {
    const mark = s[lastMark];
    const tail = s.slice(lastMark + 1);
    const both = s.includes('.') && s.includes(',');
    const repeated = s.indexOf(mark) !== lastMark;
    // Both marks: the last is the decimal. One mark: the locale's decimal mark, or the other one
    // when it is not followed by exactly three digits ("$12.50" in Spanish text).
    const decimal = both || (!repeated && (mark === loc.decimal || tail.length !== 3));
    if (decimal) {
      whole = s.slice(0, lastMark);
      frac = tail;
    }
  }
  return { whole: BigInt(whole.replace(/[^\d]/g, '') || '0'), frac, plain };
}

export function digitWords(digits: string, loc: Locale, zero?: string): string {
  return [...digits].map((d) => (d === '0' && zero ? zero : loc.cardinal(Number(d)))).join(' ');
}

/** A number as said: "one thousand two hundred", "drei Komma eins vier". */
export function speakNumber(s: string, loc: Locale): string {
  const { whole, frac } = parseNumber(s, loc);
  if (s.startsWith('.') && frac !== null) return `${loc.words.point} ${loc.decimals(frac)}`; // ".5" is "point five"
  const w = whole.toString().length > MAX_DIGITS ? digitWords(whole.toString(), loc) : loc.cardinal(whole);
  return frac === null ? w : `${w} ${loc.words.point} ${loc.decimals(frac)}`;
}

const SYMBOLS: Record<string, keyof Locale['words']> = { '.': 'dot', '/': 'slash', ':': 'colon', '-': 'dash', _: 'underscore', '?': 'question', '=': 'equals', '&': 'and', '#': 'hash', '@': 'at', '+': 'plus' };

/** A URL or e-mail address, part by part: letters as written, digits one by one, symbols named. */
export function speakElectronic(text: string, loc: Locale): string {
  const out: string[] = [];
  let rest = text;
  const proto = /^(https?|ftp):\/\//i.exec(rest);
  if (proto) {
    out.push(proto[1].toLowerCase().split('').join(' '), loc.words.colon, loc.words.slash, loc.words.slash);
    rest = rest.slice(proto[0].length);
  }
  for (const part of rest.match(/[\p{L}]+|\d|[^\p{L}\d]/gu) ?? []) {
    if (/^\d$/.test(part)) out.push(loc.cardinal(Number(part)));
    else if (part.toLowerCase() === 'www') out.push('w w w');
    else if (SYMBOLS[part]) out.push(loc.words[SYMBOLS[part]]);
    else if (/\p{L}/u.test(part)) out.push(part);
  }
  return out.join(' ');
}

/** A telephone number, digit by digit in its written groups ("oh" for zero in English). */
export function speakPhone(phone: string, loc: Locale): string {
  const plus = phone.trim().startsWith('+') ? `${loc.words.plus} ` : '';
  // "+33 (0)1 ...": the bracketed trunk zero is not dialled from abroad, and not said.
  const groups = phone.replace(/\(0\)/, ' ').split(/[^\d]+/).filter(Boolean);
  if (loc.code === 'fr' && !plus && groups.every((g) => g.length === 2)) {
    return groups.map((g, i) => (i === 0 && g[0] === '0' ? digitWords(g, loc) : loc.cardinal(+g))).join(', ');
  }
  // English toll-free and service prefixes are said as hundreds: "one eight hundred".
  return plus + groups.map((g) => (loc.code === 'en' && /^[1-9]00$/.test(g) ? loc.cardinal(+g) : digitWords(g, loc, loc.code === 'en' ? 'oh' : undefined))).join(', ');
}

const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };

/** The value of a Roman numeral in canonical form, or 0 when it is not one (IIII, VX, IC...). */
export function romanValue(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAN_VALUES[s[i]];
    const next = ROMAN_VALUES[s[i + 1]] ?? 0;
    if (!v) return 0;
    n += v < next ? -v : v;
  }
  return n > 0 && n < 4000 && toRoman(n) === s ? n : 0;
}

function toRoman(n: number): string {
  const table: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [v, r] of table) while (n >= v) { out += r; n -= v; }
  return out;
}
