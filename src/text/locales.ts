// What the normalizer needs to know about a language: its words, its tables and the few readings
// that differ in ways no number library covers (years, dates, times, money, fractions). Each
// language is one file in ./lang/; number words come from n2words.
import { English } from './lang/en.js';
import { German } from './lang/de.js';
import { French } from './lang/fr.js';
import { Spanish } from './lang/es.js';

export type Gender = 'm' | 'f' | 'n';
/** Singular and plural of a noun, and its grammatical gender (it changes "one": ein/eine, un/una). */
export type Noun = [one: string, many: string, gender?: Gender];

export interface Currency { main: Noun; sub: Noun }

export interface Locale {
  code: 'en' | 'de' | 'fr' | 'es';
  /** How the language writes numbers: the decimal mark (the other of , and . groups thousands). */
  decimal: ',' | '.';
  /** Whether a numeric date is month first (3/14/2025) or day first (14/03/2025). */
  monthFirst: boolean;
  cardinal(n: bigint | number): string;
  /** An ordinal number; `before` is the text just before it (German articles decide the ending). */
  ordinal(n: number, before?: string, after?: string, suffix?: string): string;
  /** A cardinal said before a noun: German "ein Euro", Spanish "veintiún euros", French "une heure". */
  countOf(n: bigint | number, gender: Gender): string;
  year(n: number): string;
  /** "the 1990s" or "'90s": the decade as a word ("nineteen nineties", "neunzehnhundertneunziger"). */
  decade(n: number, digits: number): string;
  /** `style` is 'dm' for a date written day first in words ("25 July"), 'md' month first, 'numeric' in digits. */
  date(day: number, month: number, year: number | null, before: string, style: 'dm' | 'md' | 'numeric'): string;
  /** A clock time; `meridiem` is "am"/"pm" when written. */
  time(h: number, m: number, meridiem: 'am' | 'pm' | null, before: string): string;
  /** A duration h:mm:ss. */
  duration(h: number, m: number, s: number): string;
  /** A fraction read with the language's own words: "three quarters", "dos tercios", "un demi". */
  fraction(num: number, den: number): string;
  /** A whole number and a fraction: "four and a half", "zweieinhalb", "deux et demi". */
  mixed(whole: number, num: number, den: number): string;
  /** Digits after the decimal mark. */
  decimals(digits: string): string;
  /** A Roman numeral after a ruler's name: "Henry the Eighth", "Louis quatorze", "Felipe segundo". */
  regnal(n: number, before: string): string;
  /** A cardinal made to agree with the noun after it (Spanish "treinta y un años", "doscientas personas"). */
  agree?(cardinal: string, noun: string): string;
  words: {
    point: string; minus: string; to: string; percent: string; and: string; dot: string; at: string; slash: string;
    plus: string; number: string; colon: string; dash: string; underscore: string; question: string; equals: string; hash: string; per: string;
  };
  money(whole: bigint, cents: number | null, c: Currency): string;
  /** "1.5 million dollars": a scale word between the number and the currency. */
  scaledMoney(number: string, scale: string, c: Currency): string;
  /** Currency symbols and ISO codes. */
  currencies: Record<string, Currency>;
  /** Words for millions and billions as written (abbreviations included) and as said. */
  scales: Record<string, string>;
  units: Record<string, Noun>;
  months: string[];
  /** Every way a month is written (lower case, without a dot), to its number. */
  monthNames: Record<string, number>;
  /** Abbreviations written with a dot (or spaces), replaced as whole words. */
  abbreviations: Record<string, string>;
  /** Abbreviations that mean something only before a number ("p. 23", "No. 5"). */
  numberAbbreviations: Record<string, string>;
  /** Words after which a four-digit number is a year ("in 1905", "born 1850"). */
  yearWords: Set<string>;
  /** Words after which a Roman numeral is a plain number ("Chapter XIV", "World War II"). */
  romanCardinalWords: Set<string>;
  /** Names after which a Roman numeral, even I or V, is a ruler's number. */
  rulers: Set<string>;
  /** Nouns after which a Roman numeral with a dot or suffix is an ordinal ("XIV. Jahrhundert", "XIXe siècle"). */
  romanOrdinalNouns: Set<string>;
}

export const LOCALES: Record<string, Locale> = { en: English, de: German, fr: French, es: Spanish };

/** The locale for an ISO 639-1 code (or a tag like en-GB), or undefined where only generic clean-up applies. */
export const localeFor = (language: string): Locale | undefined => LOCALES[language.toLowerCase().split(/[-_]/)[0]];
