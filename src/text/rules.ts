// The normalizer's rules, in order. Each is a bounded pattern and a reader; what differs by
// language comes from the locale's tables (./lang/*.ts), not from branches here where possible.
import type { Currency, Locale } from './locales.js';
import { halfBefore, oneOf } from './lang/de.js';
import { isFeminine } from './lang/fr.js';
import { feminine as isFeminineEs } from './lang/es.js';
import { digitWords, MAX_DIGITS, numberSource, parseNumber, romanValue, speakElectronic, speakNumber, speakPhone } from './readers.js';

export interface Context { loc: Locale; before: string; after: string }
export interface Rule {
  name: string;
  re: RegExp;
  read: (m: string[], ctx: Context) => string | null;
  /** A cheap test for what every match must hold: text without it skips the rule. */
  needs: RegExp;
}

// What the rules that can match without a digit need; every other rule needs a digit.
const NEEDS: Record<string, RegExp> = {
  email: /@/, url: /[.:]/, 'number abbreviations': /[\dIVXLC]/, abbreviations: /\p{L}/u, 'time zone': /[A-Z]{3}/,
  fraction: /[\d½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]/, 'mixed fraction': /\d/, roman: /[IVXLCDM]/, symbols: /[&+=]/, initialisms: /[A-Z]{2}/,
};
const DIGIT = /\d/;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const alternatives = (keys: string[]) => [...keys].sort((a, b) => b.length - a.length).map(escape).join('|');
/** The word just before a match (commas and spaces skipped); a plain scan, called once per number. */
function lastWord(before: string): string {
  let end = before.length;
  while (end > 0 && (before[end - 1] === ' ' || before[end - 1] === ',' || before[end - 1] === '\n')) end--;
  let start = end;
  while (start > 0 && /[\p{L}\p{N}.]/u.test(before[start - 1])) start--;
  return before.slice(start, end);
}
const capitalized = (w: string) => /^\p{Lu}\p{Ll}/u.test(w);
const validDate = (d: number, m: number) => d >= 1 && d <= 31 && m >= 1 && m <= 12;
const fullYear = (y: string) => (y.length === 2 ? (+y < 50 ? 2000 : 1900) + +y : +y);
const isYear = (n: number) => n >= 1000 && n <= 2099;

// Words that make "3/4" a date rather than a fraction.
const DATE_BEFORE = /\b(?:on|by|until|since|from|due|dated|am|vom|bis|zum|seit|le|du|au|el|del|hasta|desde)\s*$/i;
const DIMENSION: Record<Locale['code'], string> = { en: 'by', de: 'mal', fr: 'par', es: 'por' };
const TIMES: Record<Locale['code'], string> = { en: 'times', de: 'mal', fr: 'fois', es: 'veces' };
const COUNTED_EN = /^(?:people|men|women|children|feet|geese|mice|teeth|sheep|fish|deer|persons|personnel|staff|head|times|more|less|other|new|different|million|billion|thousand|hundred)$/i;
const SCORE_WORD: Record<Locale['code'], string> = { en: 'to', de: 'zu', fr: 'à', es: 'a' };
const TITLES = /^(?:Dr|Mr|Mrs|Ms|Prof|St|Mt|Ft|Gen|Col|Capt|Lt|Sgt|Gov|Sen|Rep|Rev|Hon|Pres|M|MM|Hr|Fr|Sr|Sra|Srta|Dra|D|Dña|Da|Lic|Ing|Profa|Sto|Sta)\.$|^(?:Mme|Mmes|Mlle|Mlles|Dr|Pr|Me|St|Ste|Mr|Mrs|Ms|Mgr)$/;
const SAY_AS_WORD = new Set(['OK', 'NASA', 'NATO', 'UNESCO', 'UNICEF', 'LASER', 'RADAR', 'SCUBA', 'AIDS', 'COVID', 'GIF', 'JPEG', 'PIN', 'RAM', 'ROM', 'SIM', 'UEFA', 'FIFA', 'OPEC', 'ASAP', 'NASDAQ', 'IKEA', 'ADAC', 'DAX', 'OTAN', 'ONU', 'SIDA', 'OVNI', 'PYME', 'RENFE']);
const SPELL_ALWAYS = new Set(['USB']);
const ROMANISH = /^(?=[IVXLC]+$)C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/;
const VULGAR: Record<string, [number, number]> = { '½': [1, 2], '⅓': [1, 3], '⅔': [2, 3], '¼': [1, 4], '¾': [3, 4], '⅕': [1, 5], '⅖': [2, 5], '⅗': [3, 5], '⅘': [4, 5], '⅙': [1, 6], '⅚': [5, 6], '⅛': [1, 8], '⅜': [3, 8], '⅝': [5, 8], '⅞': [7, 8] };
const TIME_ZONES = 'UTC|GMT|CET|CEST|EST|EDT|PST|PDT|CST|CDT|MST|MDT|BST|IST|JST|AEST|MEZ|MESZ|WET|EET';
const MERIDIEM = String.raw`([AaPp])\.? ?[Mm](?![\p{L}])(\.?)`;

/** A count before a noun: agreement for whole numbers, "two point five kilograms" otherwise. */
function countNoun(n: string, noun: [string, string, ('m' | 'f' | 'n')?], loc: Locale): string {
  const { whole, frac } = parseNumber(n, loc);
  if (frac !== null) return `${speakNumber(n, loc)} ${noun[1]}`;
  return `${loc.countOf(whole, noun[2] ?? 'm')} ${whole === 1n ? noun[0] : noun[1]}`;
}

/** A meridiem's dot that also ended the sentence is kept, so the sentence still ends. */
const keepDot = (dot: string, after: string) => (dot && (after === '' || /^\s*\p{Lu}/u.test(after) || /^\s*$/.test(after)) ? '.' : '');

function money(n: string, c: Currency, scale: string, loc: Locale): string {
  if (scale) return loc.scaledMoney(speakNumber(n, loc), loc.scales[scale] ?? scale, c);
  const { whole, frac } = parseNumber(n, loc);
  if (frac !== null && frac.length > 2) return `${speakNumber(n, loc)} ${c.main[1]}`;
  return loc.money(whole, frac === null ? null : Number(frac.padEnd(2, '0')), c);
}

function fractionWithUnit(fraction: string, num: number, den: number, unit: [string, string, ('m' | 'f' | 'n')?] | undefined, mixed: boolean, loc: Locale): string {
  if (!unit) return fraction;
  if (mixed || unit[0] === loc.words.percent) return `${fraction} ${unit[1]}`;
  switch (loc.code) {
    case 'en': return `${fraction} of a ${unit[0]}`;
    case 'de': return den === 2 && num === 1 ? `${halfBefore(unit[0], unit[2])} ${unit[0]}` : `${fraction} ${unit[0]}`;
    case 'fr': return den === 2 && num === 1 ? `${unit[2] === 'f' ? 'une' : 'un'} demi-${unit[0]}` : `${fraction} de ${unit[0]}`;
    default: return den === 2 && num === 1 ? `${unit[2] === 'f' ? 'media' : 'medio'} ${unit[0]}` : `${fraction} de ${unit[0]}`;
  }
}

/** The rules for one language, in the order they run. */
export function rulesFor(loc: Locale): Rule[] {
  const NUM = numberSource(loc);
  const N = `(?<![\\d.,])(${NUM})(?![\\d])`;
  const w = loc.words;
  const MON = alternatives(Object.keys(loc.monthNames));
  const abbrevs = alternatives(Object.keys(loc.abbreviations));
  const numAbbrevs = alternatives(Object.keys(loc.numberAbbreviations));
  const units = alternatives(Object.keys(loc.units));
  const currencies = alternatives(Object.keys(loc.currencies));
  const scales = alternatives(Object.keys(loc.scales));
  const symbolsOnly = Object.keys(loc.currencies).filter((k) => !/^\p{L}/u.test(k));
  const SYM = alternatives(symbolsOnly);
  const monthOf = (s: string) => loc.monthNames[s.toLowerCase().replace(/\.$/, '')];
  // An optional unit after a fraction: "4 1/2 lbs". "in" is a unit only where no word follows.
  const UNIT = `(?:( ?(${units}))(?![\\p{L}\\p{N}/]))?`;
  const usable = (unit: string, after: string) => !!unit && !(unit === 'in' && /^\s*[\p{L}\p{N}]/u.test(after));

  const rules: Omit<Rule, 'needs'>[] = [
    // Digit runs no one reads as one number: digit by digit, so the expansion stays bounded.
    { name: 'long digits', re: new RegExp(`(?<!\\d)\\d{${MAX_DIGITS + 1},}(?:st|nd|rd|th)?`, 'g'), read: ([all]) => digitWords(all.replace(/\D/g, ''), loc) },
    // E-mail addresses and URLs, part by part (they are never cut into sentences either).
    { name: 'email', re: /(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}(?![\w-])/g, read: ([all]) => speakElectronic(all.replace(/\.$/, ''), loc) },
    { name: 'url', re: /(?<![\w@./-])(?:(?:https?|ftp):\/\/|www\.)[^\s<>"'\])]{1,400}|(?<![\w@./-])[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,4}\.(?:com|org|net|edu|gov|io|info|biz|de|fr|es|uk|eu|ai|app|dev|co)(?:\/[^\s<>"'\])]{0,300})?(?![\w.-]*\w)/g,
      read: ([all]) => {
        // Punctuation after a URL ends the sentence; it is not part of the address.
        const core = all.replace(/[.,;:!?]+$/, '');
        return speakElectronic(core, loc) + all.slice(core.length);
      } },
    // German "vom 3. bis 5. Mai": the first ordinal takes its ending from the date after it.
    ...(loc.code === 'de' ? [{ name: 'ordinal range', re: /(?<![\d.,])(\d{1,2})\.( ?(?:bis|und|oder|–|-) ?)(?=\d{1,2}\. ?\p{Lu})/gu, read: ([, n, link]: string[], { before, after }: Context) => `${loc.ordinal(+n, before, after.replace(/^\d{1,2}\. ?/, ' '))} ${/[–-]/.test(link) ? 'bis' : link.trim()} ` }] : []),
    // Abbreviations that mean something only before a number: "p. 23", "pp. 23-25", "No. 5".
    { name: 'number abbreviations', re: new RegExp(`(?<![\\p{L}\\p{N}.])(${numAbbrevs}) ?(?=\\d|[IVXLC]{1,6}(?![\\p{L}]))`, 'giu'),
      read: ([all, ab]) => {
        const word = loc.numberAbbreviations[ab] ?? loc.numberAbbreviations[ab.toLowerCase()];
        return word ? `${word} ` : all;
      } },
    // Telephone numbers, digit by digit in their groups (French ones in pairs, as they are said).
    { name: 'phone', re: new RegExp(String.raw`(?<![\d+])(?:\+?1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\d)|(?<![\w+])\+\d{1,3}(?: ?\(0\)\d{1,8})?(?:[ .-]\(?\d{1,8}\)?){1,6}(?!\d)|(?<!\d[ .\u00a0\u202f]?)0\d(?:[ .]\d{2}){4}(?!\d)|(?<!\d[ .\u00a0\u202f]?)0\d{2,4}(?:[ /-]\d{3,8}){1,2}(?![\d.,])|\(0?\d{1,4}\) ?\d{3,4}[ -]\d{4}(?!\d)${loc.code === 'es' ? String.raw`|(?<!\d[ .]?)[6-9]\d{2} \d{3} \d{3}(?![\d.,])|(?<!\d[ .]?)[89]\d \d{3} \d{2} \d{2}(?![\d.,])` : ''}`, 'g'), read: ([all]) => speakPhone(all, loc) },
    // Dates: ISO (and year first with slashes or dots), then the locale's numeric order.
    { name: 'iso date', re: /(?<![\d./-])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d./-]|\.\d)/g, read: ([, y, , m, d], { before }) => (validDate(+d, +m) ? loc.date(+d, +m, +y, before, 'numeric') : null) },
    { name: 'numeric date', re: /(?<![\d./-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/-]|\.\d)/g, read: ([, a, sep, b, y], { before }) => {
      let [d, m] = loc.monthFirst && sep !== '.' ? [+b, +a] : [+a, +b];
      if (!validDate(d, m) && validDate(m, d)) [d, m] = [m, d];
      return validDate(d, m) ? loc.date(d, m, fullYear(y), before, 'numeric') : null;
    } },
    ...(loc.code === 'de' ? [{ name: 'day month numeric', re: /(?<![\d.])(\d{1,2})\.(\d{1,2})\.(?![\d])/g, read: ([, d, m]: string[], { before }: Context) => (validDate(+d, +m) ? loc.date(+d, +m, null, before, 'numeric') : null) }] : []),
    { name: 'month/year', re: /(?<![\d/.])(\d{1,2})\/(\d{4})(?![\d/])/g, read: ([, m, y]) => (+m >= 1 && +m <= 12 && +y >= 1900 && +y <= 2099 ? `${loc.months[+m - 1]} ${loc.year(+y)}` : null) },
    // Written months, any case, abbreviated or not: "May 21st, 2012", "SEPT. 15", "Jan-15-2020".
    { name: 'month day', re: new RegExp(`(?<![\\p{L}])(${MON})\\.?[ -](\\d{1,2})(?:st|nd|rd|th)?(?![\\p{L}\\d])(?:(?:, ?| |-)(\\d{4})(?!\\d))?`, 'giu'),
      read: ([all, mon, d, y], { before }) => {
        // "may" and "march" in lower case are verbs more often than months: only with a year or an ordinal.
        if (/^(?:may|march|mar)$/.test(mon) && !y && !/(?:st|nd|rd|th)$/.test(all)) return null;
        return loc.code === 'en' && +d >= 1 && +d <= 31 ? loc.date(+d, monthOf(mon), y ? +y : null, before, 'md') : null;
      } },
    { name: 'day month', re: new RegExp(`(?<![\\d.,])(\\d{1,2})(?:st|nd|rd|th|er|\\.?º)?(\\.?)[ -]?(?:of |de )?(${MON})(?![\\p{L}])(\\.?)(?:(?:,? |-)(?:de |del )?(\\d{4})(?!\\d))?`, 'giu'),
      read: ([all, d, dot, mon, monDot, y], { before }) => {
        if (+d < 1 || +d > 31) return null;
        if (loc.code === 'de' && !dot) return null;
        if (loc.code === 'es' && !/ de /i.test(all) && !y) return null;
        const out = loc.date(+d, monthOf(mon), y ? +y : null, before, 'dm') + (monDot && !y && loc.months.some((x) => x.toLowerCase() === mon.toLowerCase()) ? '.' : '');
        return loc.code === 'en' && /\bthe\s*$/i.test(before) ? out.replace(/^the /, '') : out;
      } },
    { name: 'month year', re: new RegExp(`(?<![\\p{L}])(${MON})\\.?,? (?:de |del )?(\\d{4})(?!\\d)`, 'giu'), read: ([all, mon, y]) =>
      (isYear(+y) ? `${loc.months[monthOf(mon) - 1]}${/ de /i.test(all) ? ' de' : ''} ${loc.year(+y)}` : null) },
    // Versions and addresses: "2.0.1", "v2.0", "192.168.0.1".
    { name: 'ip', re: /(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w]|\.\d)/g, read: (m) =>
      (m.slice(1).every((p) => +p <= 255) ? m.slice(1).map((p) => digitWords(p, loc)).join(` ${w.dot} `) : null) },
    { name: 'version', re: /(?<![\w.])(?:([vV])\.? ?)?(\d{1,4}(?:\.\d{1,4}){2,3})(?![\w]|\.\d)|(?<![\w.])([vV])\.? ?(\d{1,4}(?:\.\d{1,4}){0,1})(?![\w]|\.\d)/g,
      read: ([, v1, a, v2, b]) => {
        const v = v1 || v2;
        // "1.234.567" in German, French or Spanish is a number, not a version.
        if (!v && loc.decimal === ',' && /^\d{1,3}(?:\.\d{3})+$/.test(a)) return null;
        const parts = (a || b).split('.').map((p) => (p.length > 1 && p[0] === '0' ? digitWords(p, loc) : loc.cardinal(+p)));
        return `${v ? `${loc.code === 'en' ? 'version' : 'Version'} ` : ''}${parts.join(` ${loc.code === 'en' ? 'point' : w.dot} `)}`;
      } },
    // Other abbreviations; titles only before a name. A dropped dot that also ended the sentence is put back.
    { name: 'abbreviations', re: new RegExp(`(?<![\\p{L}\\p{N}.])(${abbrevs})(?![\\p{L}])( ?)`, 'gu'), read: ([all, ab, space], { after }) => {
      const title = TITLES.test(ab);
      if (title && !/^-?\p{Lu}/u.test(after)) return ab === 'St.' && loc.code === 'en' ? `Street${keepEnd(ab, space, after)}` : all;
      return `${loc.abbreviations[ab]}${title ? space : keepEnd(ab, space, after)}`;
    } },
    // Durations and clock times: "01:01:01", "14:00 UTC", "2:30 p.m.", "14.30 Uhr", "14h30", "9 pm".
    // "10am-2pm", "8:00-17:00", "1-2 pm": a dash between times is "to"; the times are read next.
    { name: 'time range', re: /(?<![\d:.,])(\d{1,2}(?::[0-5]\d|h(?:[0-5]\d)?)?(?: ?[AaPp]\.?[Mm]\.?)?) ?[–-] ?(\d{1,2}(?::[0-5]\d|h(?:[0-5]\d)?)?(?: ?[AaPp]\.?[Mm]\b\.?)?)(?![\d:])/g,
      read: ([, a, b], { after }) => ((/[:AaPph]/.test(a) && /[:AaPph]/.test(b)) || /[AaPp]/.test(b) || /^ ?(?:Uhr|h)(?![\p{L}])/u.test(after) ? `${a} ${w.to} ${b}` : null) },
    { name: 'hours and minutes', re: /(?<![\d.,:])(\d{1,2}) ?h ?(\d{1,2}) ?min(?![\p{L}])/gu, read: ([, h, m]) => `${countNoun(h, loc.units.h, loc)} ${countNoun(m, loc.units.min, loc)}` },
    { name: 'duration', re: /(?<![\d:])(\d{1,2}):([0-5]\d):([0-5]\d)(?![\d:])/g, read: ([, h, m, s]) => loc.duration(+h, +m, +s) },
    { name: 'clock', re: new RegExp(`(?<![\\d:.,])([01]?\\d|2[0-4])(?::([0-5]\\d)(?![\\d:])| ?h ?([0-5]\\d)?(?![\\p{L}\\d])|\\.([0-5]\\d)(?= ?(?:Uhr|h\\b|[AaPp]\\.? ?[Mm]\\b)))(?: ?${MERIDIEM})?(?: ?(Uhr|h|hrs|horas)(?![\\p{L}]))?`, 'gu'),
      read: ([, h, colon, hm, dot, mer, merDot], { before, after }) => {
        // "14h30" and "14 h" are the French way of writing a time; elsewhere "h" is hours.
        if (colon === '' && dot === '' && loc.code !== 'fr') return null;
        const m = +(colon || hm || dot || 0);
        const meridiem = mer ? (mer.toLowerCase() === 'a' ? 'am' : 'pm') : null;
        if (meridiem && +h > 12) return null;
        // "Uhr", "h" and "horas" after the time are part of its reading, so they are dropped.
        return loc.time(+h, m, meridiem, before) + keepDot(merDot, after);
      } },
    { name: 'hour', re: new RegExp(`(?<![\\d.,:])(1[0-2]|0?\\d) ?${MERIDIEM}|(?<![\\d.,:])([01]?\\d|2[0-4]) Uhr(?![\\p{L}])`, 'gu'), read: ([, h, mer, dot, hUhr], { before, after }) =>
      (hUhr ? loc.time(+hUhr, 0, null, before) : loc.time(+h, 0, mer.toLowerCase() === 'a' ? 'am' : 'pm', before) + keepDot(dot, after)) },
    { name: 'time zone', re: new RegExp(`(?<![\\p{L}])(${TIME_ZONES})(?![\\p{L}])`, 'gu'), read: ([z]) => z.split('').join(' ') },
    // Scores "3:1", then ranges "10-20", "1990-2000": the numbers stay digits so units and money still apply.
    { name: 'score', re: /(?<![\d:.,])(\d{1,3}):(\d{1,3})(?![\d:])/g, read: ([, a, b]) => `${loc.cardinal(+a)} ${SCORE_WORD[loc.code]} ${loc.cardinal(+b)}` },
    // Fractions: "3/4", "4 1/2 lbs", "½"; a slash between day and month after "on" is a date.
    { name: 'mixed fraction', re: new RegExp(`(?:(?<![\\d/.,])(\\d{1,3}) (?:(\\d{1,2})\\/(\\d{1,3})(?![\\d/])|([½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]))|(?<![\\d/.,])(\\d{1,3})([½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]))${UNIT}`, 'gu'),
      read: ([, whole, num, den, vulgar, whole2, vulgar2, unitText, unit], { after }) => {
        const [n, d] = num ? [+num, +den] : VULGAR[vulgar || vulgar2];
        if (!d || n >= d || d < 2) return null;
        const used = usable(unit, after);
        const word = /^ (\p{Ll}+)/u.exec(after)?.[1];
        if (loc.code === 'es' && word && isFeminineEs(word)) return loc.mixed(+(whole || whole2), n, d).replace(/medio$/, 'media').replace(/o(s?)$/, 'a$1');
        return fractionWithUnit(loc.mixed(+(whole || whole2), n, d), n, d, used ? loc.units[unit] : undefined, true, loc) + (used ? '' : unitText);
      } },
    { name: 'fraction', re: new RegExp(`(?:(?<![\\d/.,:])(\\d{1,3})\\/(\\d{1,4})(?![\\d/]|[.,]\\d)|([½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]))${UNIT}`, 'gu'), read: ([, a, b, vulgar, unitText, unit], { before, after }) => {
      const [n, d] = vulgar ? VULGAR[vulgar] : [+a, +b];
      const usual = n < d && d <= 10 && !loc.monthFirst; // "el 1/3 de la población" is a third
      if (!vulgar && !usual && DATE_BEFORE.test(before) && validDate(loc.monthFirst ? d : n, loc.monthFirst ? n : d)) {
        return (loc.monthFirst ? loc.date(d, n, null, before, 'numeric') : loc.date(n, d, null, before, 'numeric')) + unitText;
      }
      if ((n === 24 && d === 7) || (n === 9 && d === 11) || (n === d && n > 1)) return `${loc.cardinal(n)} ${loc.cardinal(d)}${unitText}`;
      if (d < 2 || d > 1000 || n > 999) return `${loc.cardinal(n)} ${w.slash} ${loc.cardinal(d)}${unitText}`;
      const used = usable(unit, after);
      const noun = /^ (\p{Lu}\p{Ll}+)/u.exec(after)?.[1];
      if (loc.code === 'de' && n === 1 && d === 2 && noun && !unit) return halfBefore(noun);
      const word = /^ (\p{Ll}+)/u.exec(after)?.[1];
      if (loc.code === 'fr' && n === 1 && d === 2 && word && !unit) return isFeminine(word) ? 'une demi' : 'un demi';
      if (loc.code === 'es' && n === 1 && d === 2 && word && !unit && word !== 'de') return isFeminineEs(word) ? 'media' : 'medio';
      const spoken = loc.code === 'es' && /^ partes\b/.test(after) ? loc.fraction(n, d).replace(/o(s?)$/, 'a$1') : loc.fraction(n, d);
      return fractionWithUnit(spoken, n, d, used ? loc.units[unit] : undefined, false, loc) + (used ? '' : unitText);
    } },
    { name: 'money range', re: new RegExp(`(${SYM}) ?${N} ?[–-] ?(?:${SYM})? ?(${NUM})(?![\\d])(?: ?(${scales})(?![\\p{L}]))?`, 'gu'),
      read: ([, sym, a, b, scale]) => `${speakNumber(a, loc)} ${w.to} ${money(b, loc.currencies[sym], scale, loc)}` },
    { name: 'range', re: new RegExp(`(?<![\\p{L}\\p{N}.,\\-/])(${NUM}) ?[–-] ?(${NUM})(?![\\p{N}/]|[.,]\\d)`, 'gu'), read: ([, a, b]) =>
      (yearish(a, loc) && yearish(b, loc) ? `${loc.year(+a)} ${w.to} ${loc.year(+b)}` : `${a} ${w.to} ${b}`) },
    // Negative numbers: a minus sign not inside a word or range.
    { name: 'minus', re: /(?<![\p{L}\p{N}])[-−](?=\d)/gu, read: () => `${w.minus} ` },
    // Decades ("the 1990s", "'90s", "1980 s", "die 80er") and eras ("500 BC").
    { name: 'decade', re: loc.code === 'de' ? /(?<![\d.,])(\d{4}|\d0)er(?![\p{L}])/gu : /(?<![\d.,'’])(?:['’](\d0)|(\d0|1[1-9]\d0|20\d0))(?: ?['’]?s)(?![\p{L}])/gu,
      read: ([all, a, b]) => {
        const n = a || b;
        if (loc.code !== 'de' && loc.code !== 'en') return null;
        if (n.length === 2 && / s$/.test(all)) return null;
        return loc.decade(+n, n.length);
      } },
    ...(loc.code === 'en' ? [{ name: 'hundreds', re: /(?<![\d.,])(100|1000|1,000)s(?![\p{L}])/gu, read: ([, n]: string[]) => (n === '100' ? 'hundreds' : 'thousands') }] : []),
    { name: 'era', re: /(?<![\d.,])(\d{1,4}) ?(BC|AD|BCE|CE|B\.C\.|A\.D\.)(?![\p{L}])/gu, read: ([, y, era]) => (loc.code === 'en' ? `${loc.year(+y)} ${era.replace(/\./g, '').split('').join(' ')}` : null) },
    // Money: symbol or code before or after, cents as the sub-unit, scale words ("$1.5 million", "3,5 Mio. €").
    // "3 € 50": the cents after the symbol.
    { name: 'money split', re: new RegExp(`${N} ?(${SYM}) ?(\\d{2})(?![\\d\\p{L}])`, 'gu'), read: ([, n, sym, cents]) => (loc.code === 'en' ? null : money(`${n}${loc.decimal}${cents}`, loc.currencies[sym], '', loc)) },
    { name: 'money before', re: new RegExp(`(?<![\\p{L}])(${currencies})\\.? ?${N}(?:,-{1,2})?(?: ?(${scales})(?![\\p{L}]))?`, 'gu'), read: ([, sym, n, scale]) => money(n, loc.currencies[sym], scale, loc) },
    { name: 'money after', re: new RegExp(`${N}(?:,-{1,2})?(?: ?(${scales})(?![\\p{L}]))?(?: de| d')? ?(${currencies})(?![\\p{L}])`, 'gu'), read: ([, n, scale, sym]) => money(n, loc.currencies[sym], scale, loc) },
    // A scale word written short without money: "3 Mio. Einwohner", "5 Mrd.".
    { name: 'scale', re: new RegExp(`${N} ?(${alternatives(Object.keys(loc.scales).filter((k) => k.length >= 2))})(?![\\p{L}])`, 'gu'), read: ([, n, scale]) => {
      const { whole, frac } = parseNumber(n, loc);
      const word = loc.scales[scale];
      if (frac === null && whole === 1n) return loc.code === 'de' ? oneOf(word) : `${loc.countOf(1, 'm')} ${word.replace(/es$/, '').replace(/ones$/, 'ón').replace(/s$/, '')}`;
      return `${speakNumber(n, loc)} ${word}`;
    } },
    { name: 'cents', re: /(?<![\d.,])(\d{1,2})¢/g, read: ([, n]) => loc.money(0n, +n, loc.currencies['$'] ?? loc.currencies['€']) },
    { name: 'percent', re: new RegExp(`${N} ?(%|‰)`, 'g'), read: ([, n, p]) => `${speakNumber(n, loc)} ${p === '%' ? w.percent : 'per mille'}` },
    // Ordinals as written in each language: 1st, 1er/2e, 1º/1ª, 3.er, and German "3." before a noun.
    ...ordinalRules(loc),
    // Measures: "5 km", "100 km/h", "12kg/kg", "2.5 kg".
    { name: 'unit', re: new RegExp(`${N} ?(${units})(?:\\/(${units}))?(?![\\p{L}\\p{N}/])`, 'gu'), read: ([, n, u, per], { after }) => {
      if (u === 'in' && /^\s*[\p{L}\p{N}]/u.test(after)) return null;
      if (per) return loc.units[`${u}/${per}`] ? countNoun(n, loc.units[`${u}/${per}`], loc) : `${countNoun(n, loc.units[u], loc)} ${w.per} ${loc.units[per][0]}`;
      return countNoun(n, loc.units[u], loc);
    } },
    // Roman numerals where the context says they are numbers: "Chapter XIV", "Henry VIII", "XIV. Jahrhundert", "XIXe siècle".
    { name: 'roman', re: /(?<![\p{L}\p{N}])([IVXLCDM]{1,8})(er|re|ère|ème|e|es)?(\.?)(?![\p{L}\p{N}])/gu, read: (m, ctx) => roman(m, ctx) },
    // "1920x1080", "2 × 3", "3x faster".
    { name: 'times', re: new RegExp(`${N} ?[x×] ?(?:(${NUM})(?!\\d)|(?![\\p{L}\\p{N}]))`, 'gu'), read: ([, a, b]) =>
      (b ? `${speakNumber(a, loc)} ${DIMENSION[loc.code]} ${speakNumber(b, loc)}` : `${speakNumber(a, loc)} ${TIMES[loc.code]}`) },
    ...(loc.code === 'en' ? [{ name: 'feet and inches', re: /(?<![\d.])(\d{1,2})['′](?:(\d{1,2})(?:"|″|''))?(?![\d'′])/g, read: ([, f, i]: string[]) =>
      `${countNoun(f, loc.units.ft, loc)}${i ? ` ${countNoun(i, loc.units.in, loc)}` : ''}` }] : []),
    { name: 'and more', re: /(?<=\d)\+(?![\d\p{L}])/gu, read: () => ` ${w.plus}` },
    { name: 'plus', re: /(?<![\p{L}\p{N}+])\+(?=\d)/gu, read: () => `${w.plus} ` },
    { name: 'number sign', re: /#(?=\d)/g, read: () => `${w.number} ` },
    // Every other number: years where the context says so ("in 1905", "1905." alone), cardinals otherwise.
    { name: 'number', re: new RegExp(N, 'g'), read: ([n], { before, after }) => {
      const { whole, plain } = parseNumber(n, loc);
      if (plain && n.length === 4 && isYear(Number(whole)) && (loc.code === 'en' || loc.code === 'de')) {
        const prev = lastWord(before).toLowerCase();
        // German nouns are capitalized: "1985 geboren" is a year, "1500 Menschen" a count.
        // A count is followed by what it counts: a plural in English ("1500 people", "1200 students"),
        // a noun in German ("1500 Menschen"). "1999 was", "1985 geboren" and "in 1905" are years.
        const next = /^ (\p{L}+)/u.exec(after)?.[1] ?? '';
        const counted = loc.code === 'de' ? /^\p{Lu}/u.test(next) : COUNTED_EN.test(next) || (/[^su]s$/.test(next) && !/^(?:was|has|is|as|its|this|his|hers|ours|yours|whereas|unless|always|perhaps|does|goes)$/i.test(next));
        if (loc.yearWords.has(prev) || loc.yearWords.has(lastWord(before)) || !counted) return `${/\p{L}$/u.test(before) ? ' ' : ''}${loc.year(Number(whole))}`;
      }
      // Emergency and service numbers are dialled digit by digit: "call nine one one".
      if (loc.code === 'en' && /^\d{3}$/.test(n) && /\b(?:call|dial|phone|ring)\s*$/i.test(before)) return digitWords(n, loc);
      const noun = /^ (\p{L}+)/u.exec(after)?.[1];
      if (noun && loc.agree && parseNumber(n, loc).frac === null) return loc.agree(speakNumber(n, loc), noun);
      // "3D", "MP3", "Q3": a number glued to letters is its own word.
      return `${/\p{L}$/u.test(before) ? ' ' : ''}${speakNumber(n, loc)}${/^\p{L}/u.test(after) ? ' ' : ''}`;
    } },
    { name: 'symbols', re: /(?<=\s)([&+=])(?=\s)/g, read: ([s]) => (s === '&' ? w.and : s === '+' ? w.plus : w.equals) },
    // Initialisms are spelled letter by letter ("FBI" as "F B I"); words like NASA are not.
    { name: 'initialisms', re: /(?<![\p{L}\p{N}])([A-Z]{2,5})(s?)(?![\p{L}\p{N}])/gu, read: ([all, caps, s]) => (shouldSpell(caps) ? caps.split('').join(' ') + s : all) },
  ];
  return rules.map((r) => ({ ...r, needs: NEEDS[r.name] ?? DIGIT }));
}

function ordinalRules(loc: Locale): Omit<Rule, 'needs'>[] {
  switch (loc.code) {
    case 'en': return [{ name: 'ordinal', re: /(?<![\d.,])(\d{1,15})(st|nd|rd|th)(?![\p{L}])/gu, read: ([, n]) => loc.ordinal(+n) }];
    case 'fr': return [{ name: 'ordinal', re: /(?<![\d.,])(\d{1,15})(ères|ère|ers|er|res|re|èmes|ème|emes|eme|es|e|ndes|nde|nds|nd)(?![\p{L}])/gu, read: ([, n, s]) => loc.ordinal(+n, '', '', s) }];
    case 'es': return [{ name: 'ordinal', re: /(?<![\d.,])(\d{1,15})(\.?[ºª°]|\.?er|\.?os|\.?as)(?![\p{L}])/gu, read: ([, n, s]) => loc.ordinal(+n, '', '', s.replace('.', '')) }];
    default: return [{ name: 'ordinal', re: /(?<![\d.,])(\d{1,3})\.(?= ?(?:\p{Lu}\p{L}|(?:bis|und|oder|–|-) ?\d{1,3}\.))/gu, read: ([, n], { before, after }) => loc.ordinal(+n, before, after.replace(/^ ?(?:bis|und|oder|–|-) ?\d{1,3}\. ?/, ' ')) }];
  }
}

function roman([, numeral, suffix, dot]: string[], { loc, before, after }: Context): string | null {
  const n = romanValue(numeral);
  if (!n) return null;
  const prev = lastWord(before);
  const next = /^ ?([\p{L}]+)/u.exec(after)?.[1] ?? '';
  // "XIXe siècle", "Ve République", "François Ier"; "Le", "Ce", "De" and "Me" are words.
  if (suffix && loc.code === 'fr' && /^[IVX]/.test(numeral) && (numeral.length > 1 || numeral !== 'I' || suffix === 'er' || suffix === 're')) return loc.ordinal(n, before, after, suffix) + dot;
  if (suffix) return null;
  if (loc.rulers.has(prev) && (numeral.length > 1 || !/\p{Ll}/u.test(numeral))) {
    // German writes "Ludwig XIV." with an ordinal dot; English and French "Louis XIV".
    return loc.regnal(n, before) + (loc.code === 'de' ? keepEnd('.', '', after.trim()).slice(0, dot ? 1 : 0) : dot);
  }
  if (loc.romanCardinalWords.has(prev.toLowerCase()) || loc.romanCardinalWords.has(prev)) return loc.cardinal(n) + dot;
  if (loc.code === 'de' && dot && (loc.romanOrdinalNouns.has(next) || capitalized(next))) return loc.ordinal(n, before, after);
  if (loc.romanOrdinalNouns.has(next.toLowerCase()) && loc.code === 'en') return `${/\bthe\s*$/i.test(before) ? '' : 'the '}${loc.ordinal(n)}${dot}`;
  if (/^[IVX]{2,}$/.test(numeral) && capitalized(prev) && !/[.!?]\s*$/.test(before.slice(0, -prev.length - 1))) return loc.cardinal(n) + dot;
  return null;
}

function keepEnd(ab: string, space: string, rest: string): string {
  if (!ab.endsWith('.')) return space;
  return rest === '' || /^\p{Lu}/u.test(rest) || space.includes('\n') ? `.${space}` : space;
}

function yearish(s: string, loc: Locale) {
  return (loc.code === 'en' || loc.code === 'de') && /^\d{4}$/.test(s) && isYear(+s);
}

function shouldSpell(caps: string): boolean {
  if (SPELL_ALWAYS.has(caps)) return true;
  if (SAY_AS_WORD.has(caps) || ROMANISH.test(caps)) return false;
  return caps.length <= 3 || !/[AEIOUY]/.test(caps);
}
