// Text normalization: rewrites what engines misread (numbers, money, dates, times, units,
// abbreviations, acronyms, URLs) into the words a person would say. Rules run in a fixed order,
// most specific first, so "2025-03-14" is a date before it can be a range or a negative number.
import { localeFor, type Locale } from './locales.js';

const MONTHS_EN = 'January|February|March|April|May|June|July|August|September|October|November|December';
const MONTHS_DE = 'Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember';
const TITLES = /^(Dr|Mr|Mrs|Ms|Prof|St|Mt|M|MM|Hr|Fr|Sr|Sra|Srta|Dra|Jr)\.$|^(Mme|Mmes|Mlle|Dr|Pr)$/;
const COUNTERS = /^(No\.|Nr\.|núm\.|n°|n\.º)$/;
// Pronounced as words, never spelled; Roman numerals are left to the engine.
const SAY_AS_WORD = new Set(['OK', 'NASA', 'NATO', 'UNESCO', 'UNICEF', 'LASER', 'RADAR', 'SCUBA', 'AIDS', 'COVID', 'GIF', 'JPEG', 'PIN', 'RAM', 'ROM', 'SIM', 'USB', 'UEFA', 'FIFA', 'OPEC', 'ASAP']);
const SPELL_ALWAYS = new Set(['USB']);
const ROMAN = /^(?=[IVXLC]+$)C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The regular expression source for a written number in this locale: 1,234.5 or 1.234,5. */
function numberSource(loc: Locale): string {
  return loc.decimal === '.'
    ? String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`
    : loc.code === 'fr'
      ? String.raw`\d{1,3}(?:[. \u00a0\u202f]\d{3})+(?!\d)(?:,\d+)?|\d+(?:,\d+)?`
      : String.raw`\d{1,3}(?:[.\u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:,\d+)?`;
}

function parseNumber(s: string, loc: Locale): { whole: bigint; frac: string | null } {
  const group = loc.decimal === '.' ? /,/g : /[. \u00a0\u202f]/g;
  const [whole, frac] = s.replace(group, '').split(loc.decimal);
  return { whole: BigInt(whole), frac: frac ?? null };
}

function speakNumber(s: string, loc: Locale): string {
  const { whole, frac } = parseNumber(s, loc);
  return frac === null ? loc.cardinal(whole) : `${loc.cardinal(whole)} ${loc.words.point} ${loc.fraction(frac)}`;
}

/** A count before a noun: agreement for whole numbers, "two point five kilograms" otherwise. */
function countNoun(s: string, noun: [string, string, ('m' | 'f')?], loc: Locale): string {
  const { whole, frac } = parseNumber(s, loc);
  if (frac !== null) return `${speakNumber(s, loc)} ${noun[1]}`;
  return `${loc.countOf(whole, noun[2] ?? 'm')} ${whole === 1n ? noun[0] : noun[1]}`;
}

const digitWords = (digits: string, loc: Locale) => [...digits].map((d) => loc.cardinal(Number(d))).join(' ');
const isYear = (n: number) => n >= 1100 && n <= 2099;
const validDate = (d: number, m: number) => d >= 1 && d <= 31 && m >= 1 && m <= 12;
const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

type Rule = [RegExp, (loc: Locale, m: string[], before: string) => string];

function rules(loc: Locale): Rule[] {
  const NUM = numberSource(loc);
  const w = loc.words;
  const abbrevs = Object.keys(loc.abbreviations).sort((a, b) => b.length - a.length).map(escape).join('|');
  const units = Object.keys(loc.units).sort((a, b) => b.length - a.length).map(escape).join('|');
  const scales = 'thousand|million|billion|trillion|Millionen|Million|Milliarden|Milliarde|millions|million|milliards|milliard|millones|millón|mil millones';
  const out: Rule[] = [
    // URLs and e-mail addresses: spoken by their parts, the protocol dropped.
    [/\b(?:https?:\/\/|www\.)[^\s<>"')\]]*[^\s<>"')\].,;:!?]/g, (l, [url]) => speakUrl(url, l)],
    [/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, (l, [mail]) => mail.split('@').map((p) => p.split('.').join(` ${l.words.dot} `)).join(` ${l.words.at} `)],
    // Abbreviations; titles only before a name, "No." only before a number. A dropped dot that
    // also ended the sentence is put back, so sentence splitting still sees the end.
    [new RegExp(`(?<![\\p{L}\\p{N}.])(${abbrevs})(?![\\p{L}])(\\s*)`, 'gu'), (l, [all, ab, space], ) => {
      const rest = after.text.slice(after.index + all.length);
      if (TITLES.test(ab) && !/^\p{Lu}/u.test(rest)) return ab === 'St.' && l.code === 'en' ? `Street${keepEnd(ab, space, rest)}` : all;
      if (COUNTERS.test(ab) && !/^\d/.test(rest)) return all;
      return `${l.abbreviations[ab]}${TITLES.test(ab) || COUNTERS.test(ab) ? space : keepEnd(ab, space, rest)}`;
    }],
    // Dates: ISO first, then the locale's numeric order (US month first), then written months.
    [/\b(\d{4})-(\d{2})-(\d{2})\b/g, (l, [all, y, m, d], before) => (validDate(+d, +m) ? l.date(+d, +m, +y, before) : all)],
    loc.code === 'en'
      ? [/\b(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})\b/g, (l, [all, m, d, y], before) => (validDate(+d, +m) ? l.date(+d, +m, fullYear(y), before) : all)]
      : [/\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b/g, (l, [all, d, m, y], before) => (validDate(+d, +m) ? l.date(+d, +m, +y, before) : all)],
  ];
  if (loc.code === 'en') {
    out.push([new RegExp(`\\b(${MONTHS_EN})\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4})\\b)?`, 'g'), (l, [all, mon, d, y]) =>
      (+d >= 1 && +d <= 31 ? l.date(+d, l.months.indexOf(mon) + 1, y ? +y : null, '') : all)]);
    out.push([new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTHS_EN})\\b(?:,?\\s+(\\d{4})\\b)?`, 'g'), (l, [, d, mon, y]) =>
      `the ${l.ordinal(+d)} of ${mon}${y ? `, ${l.year(+y)}` : ''}`]);
  }
  if (loc.code === 'de') {
    out.push([new RegExp(`\\b(\\d{1,2})\\.\\s*(${MONTHS_DE})\\b(?:\\s+(\\d{4})\\b)?`, 'g'), (l, [, d, mon, y], before) =>
      l.date(+d, l.months.indexOf(mon) + 1, y ? +y : null, before)]);
  }
  out.push(
    // Phone numbers, digit by digit in their groups (French ones in pairs, as they are said).
    [/(?<![\d+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\d)/g, (l, [all]) => speakPhone(all, l)],
    [/(?<!\w)\+\d{1,3}(?:[\s.-]\(?\d{1,8}\)?){1,5}(?!\d)/g, (l, [all]) => speakPhone(all, l)],
  );
  if (loc.code === 'fr') out.push([/\b0\d(?:[\s.]\d{2}){4}\b/g, (l, [all]) => all.split(/[\s.]/).map((p) => (p[0] === '0' ? digitWords(p, l) : l.cardinal(+p))).join(', ')]);
  out.push(
    // Times: 10:30 AM, 22:15 (Uhr), 9 pm, and French 22h15.
    [/\b([01]?\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?(?:\s*([AaPp]\.?[Mm](?![\p{L}])(?:\.(?!\s*(?:\p{Lu}|$)))?))?(?:\s*Uhr\b)?/gu, (l, [, h, m, mer]) => l.time(+h, +m, mer ?? null)],
  );
  if (loc.code === 'en') out.push([/\b(1[0-2]|0?\d)\s*([AaPp]\.?[Mm](?![\p{L}])(?:\.(?!\s*(?:\p{Lu}|$)))?)/gu, (l, [, h, mer]) => l.time(+h, 0, mer)]);
  if (loc.code === 'fr') out.push([/\b([01]?\d|2[0-3])h([0-5]\d)?\b/g, (l, [, h, m]) => l.time(+h, m ? +m : 0, null)]);
  out.push(
    // Ranges: "10-20" is "10 to 20"; the numbers stay digits so units and money still apply.
    [new RegExp(`(?<![\\p{L}\\p{N}.,\\-])(${NUM})\\s?[–-]\\s?(${NUM})(?![\\p{N}])`, 'gu'), (l, [, a, b]) =>
      (isYearish(a, l) && isYearish(b, l) ? `${l.year(+a)} ${l.words.to} ${l.year(+b)}` : `${a} ${l.words.to} ${b}`)],
    // Negative numbers: a minus sign not inside a word or range.
    [/(?<![\p{L}\p{N}])[-−](?=\d)/gu, (l) => `${l.words.minus} `],
  );
  if (loc.code === 'en') {
    out.push([/\b(\d{1,2}|1[1-9]\d{2}|20\d{2})'?s\b/g, (l, [, n]) => decade(n, l)]);
    out.push([/\b(in|since|until|by|from|of|year|during|before|after|around|circa|between|and)\s+(\d{4})\b(?!\s*(?:%|[\p{L}°]))/gu, (l, [all, p, y]) => (isYear(+y) ? `${p} ${l.year(+y)}` : all)]);
    out.push([/\b(\d{3,4})\s*(AD|BC|BCE|CE)\b/g, (l, [, y, era]) => `${l.year(+y)} ${era.split('').join(' ')}`]);
  }
  if (loc.code === 'de') out.push([/\b(im Jahre?|seit|Jahr|anno|um|bis|von|ab)\s+(\d{4})\b(?!\s*(?:%|[\p{L}°€]))/gu, (l, [all, p, y]) => (isYear(+y) ? `${p} ${l.year(+y)}` : all)]);
  out.push(
    // Money: symbol before ($4.50, $1.5 million) or after (4,50 €), with cents as the sub-unit.
    [new RegExp(`([$£€¥])\\s?(${NUM})(?:\\s(${scales})\\b)?`, 'g'), (l, [, sym, n, scale]) => money(n, sym, scale, l)],
    [new RegExp(`(${NUM})(?:\\s(${scales})\\b)?\\s?([$£€¥])`, 'g'), (l, [, n, scale, sym]) => money(n, sym, scale, l)],
    [new RegExp(`(${NUM})\\s?%`, 'g'), (l, [, n]) => `${speakNumber(n, l)} ${l.words.percent}`],
    [new RegExp(`(${NUM})\\s?(${units})(?![\\p{L}\\p{N}/])`, 'gu'), (l, [, n, u]) => countNoun(n, l.units[u], l)],
  );
  // Ordinals as written in each language: 1st, 1er/2e, 1º/1ª, and German "der 3." before a noun.
  if (loc.code === 'en') out.push([/\b(\d+)(st|nd|rd|th)\b/g, (l, [, n]) => l.ordinal(+n)]);
  if (loc.code === 'fr') out.push([/\b(\d+)(er|re|ère|e|ème|es|èmes)\b/g, (l, [, n, s]) => (+n === 1 && /r/.test(s) && s !== 'er' ? 'première' : l.ordinal(+n) + (s.endsWith('s') ? 's' : ''))]);
  if (loc.code === 'es') out.push([/\b(\d+)\.?([ºª])/g, (l, [, n, s]) => l.ordinal(+n, s === 'ª' ? 'f' : 'm')]);
  if (loc.code === 'de') out.push([/\b(der|die|das|den|dem|des|am|im|zum|zur|vom|beim)\s+(\d{1,3})\.(?=\s+\p{L})/giu, (l, [, art, n]) => `${art} ${l.ordinal(+n, art)}`]);
  out.push(
    [/#(?=\d)/g, (l) => `${l.words.number} `],
    [new RegExp(NUM, 'g'), (l, [n]) => speakNumber(n, l)],
    [/\s&\s/g, (l) => ` ${l.words.and} `],
    [/\s\+\s/g, (l) => ` ${l.words.plus} `],
    // Initialisms are spelled letter by letter ("FBI" as "F B I"); words like NASA are not.
    [/\b([A-Z]{2,5})(s?)\b/g, (_, [all, caps, s]) => (shouldSpell(caps) ? caps.split('').join(' ') + s : all)],
  );
  return out;
}

// `after` lets a replacer look past its match (regex lookahead cannot return the text).
const after = { text: '', index: 0 };

function keepEnd(ab: string, space: string, rest: string): string {
  if (!ab.endsWith('.')) return space;
  return rest === '' || /^\p{Lu}/u.test(rest) || space.includes('\n') ? `.${space}` : space;
}

function isYearish(s: string, loc: Locale) {
  return (loc.code === 'en' || loc.code === 'de') && /^\d{4}$/.test(s) && isYear(+s);
}

function decade(n: string, loc: Locale): string {
  const num = +n;
  const words = n.length === 4 ? loc.year(num) : loc.cardinal(num);
  return words.endsWith('y') ? `${words.slice(0, -1)}ies` : `${words}s`;
}

function shouldSpell(caps: string): boolean {
  if (SPELL_ALWAYS.has(caps)) return true;
  if (SAY_AS_WORD.has(caps) || ROMAN.test(caps)) return false;
  return caps.length <= 3 || !/[AEIOUY]/.test(caps);
}

function speakUrl(url: string, loc: Locale): string {
  const bare = url.replace(/^https?:\/\//, '').replace(/\/$/, '');
  const [host, ...path] = bare.split('/');
  const hostWords = host.split('.').map((p) => (p === 'www' ? 'w w w' : p)).join(` ${loc.words.dot} `);
  return [hostWords, ...path.map((p) => p.split('.').join(` ${loc.words.dot} `))].join(` ${loc.words.slash} `);
}

function speakPhone(phone: string, loc: Locale): string {
  const plus = phone.trim().startsWith('+') ? `${loc.words.plus} ` : '';
  const groups = phone.split(/[^\d]+/).filter(Boolean);
  return plus + groups.map((g) => digitWords(g, loc)).join(', ');
}

function money(n: string, sym: string, scale: string | undefined, loc: Locale): string {
  const c = loc.currencies[sym];
  if (scale) return `${speakNumber(n, loc)} ${scale} ${loc.code === 'de' || loc.code === 'en' ? c.main[1] : `de ${c.main[1]}`}`.replace(/ de (?=[aeiou])/, " d'");
  const { whole, frac } = parseNumber(n, loc);
  if (frac !== null && frac.length > 2) return `${speakNumber(n, loc)} ${c.main[1]}`;
  const cents = frac === null ? null : Number(frac.padEnd(2, '0'));
  return loc.money(whole, cents, c);
}

const compiled = new Map<string, Rule[]>();

/**
 * Normalizes one stretch of text in one language. Languages without a locale (anything but
 * en, de, fr, es) are returned unchanged: eSpeak NG reads numbers in its ~100 languages itself,
 * and a wrong expansion would be worse than none.
 */
export function normalizeText(text: string, language: string): string {
  const loc = localeFor(language);
  if (!loc) return text;
  let list = compiled.get(loc.code);
  if (!list) compiled.set(loc.code, (list = rules(loc)));
  let t = text.replace(/°\s+([CF])\b/g, '°$1');
  // Text in capitals throughout is shouting, not a row of initialisms.
  const words = t.match(/\p{L}{2,}/gu) ?? [];
  const shouting = words.length >= 3 && words.filter((x) => x === x.toUpperCase()).length > 0.5 * words.length;
  for (const [i, [re, fn]] of list.entries()) {
    if (shouting && i === list.length - 1) continue;
    t = t.replace(re, (...args) => {
      const index = args.find((a) => typeof a === 'number') as number;
      const groups = args.slice(0, args.indexOf(index)) as string[];
      after.text = t;
      after.index = index;
      return fn(loc, groups.map((g) => g ?? ''), t.slice(Math.max(0, index - 12), index));
    });
  }
  return t.replace(/[ \t]{2,}/g, ' ').replace(/ ([,.;:!?])/g, '$1').trim();
}
