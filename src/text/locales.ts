// Per-language words for the normalizer. Number words come from n2words (zero dependencies, 71
// languages, cardinals and ordinals for de/fr/es); the readings of years, dates, times and money
// differ by language in ways no number library covers, so they live here.
import * as en from 'n2words/en-US';
import * as de from 'n2words/de-DE';
import * as fr from 'n2words/fr-FR';
import * as es from 'n2words/es-ES';

export type Gender = 'm' | 'f';
/** Singular and plural of a noun, and its grammatical gender (it changes "one": ein/eine, un/una). */
export type Noun = [one: string, many: string, gender?: Gender];

export interface Locale {
  code: 'en' | 'de' | 'fr' | 'es';
  /** How the language writes numbers: the decimal mark (the other of , and . groups thousands). */
  decimal: ',' | '.';
  cardinal(n: bigint | number): string;
  ordinal(n: number, context?: string): string;
  /** A cardinal said before a noun: German "ein Euro", Spanish "veintiún euros", French "une heure". */
  countOf(n: bigint | number, gender: Gender): string;
  year(n: number): string;
  date(day: number, month: number, year: number | null, before: string): string;
  time(h: number, m: number, meridiem: string | null): string;
  /** Fraction digits after the decimal mark. */
  fraction(digits: string): string;
  words: { point: string; minus: string; to: string; percent: string; and: string; dot: string; at: string; slash: string; plus: string; number: string };
  money(whole: bigint, cents: number | null, c: Currency): string;
  currencies: Record<string, Currency>;
  units: Record<string, Noun>;
  months: string[];
  /** Abbreviations written with a dot (or spaces), replaced as whole words. */
  abbreviations: Record<string, string>;
}

export interface Currency { main: Noun; sub: Noun }

const digitsWith = (card: (n: number) => string) => (digits: string) => [...digits].map((d) => card(Number(d))).join(' ');
const plural = (n: bigint | number, noun: Noun) => (BigInt(n) === 1n ? noun[0] : noun[1]);

const English: Locale = {
  code: 'en',
  decimal: '.',
  cardinal: (n) => en.toCardinal(n),
  ordinal: (n) => en.toOrdinal(n),
  countOf: (n) => en.toCardinal(n),
  // "nineteen ninety-nine", "twenty twenty-five", but "two thousand five" and "nineteen hundred".
  year(n) {
    const hi = Math.floor(n / 100);
    const lo = n % 100;
    if (n < 1000 || n >= 10000 || (n >= 2000 && n < 2010)) return en.toCardinal(n);
    if (lo === 0) return `${en.toCardinal(hi)} hundred`;
    return `${en.toCardinal(hi)} ${lo < 10 ? `oh ${en.toCardinal(lo)}` : en.toCardinal(lo)}`;
  },
  date: (d, m, y) => `${English.months[m - 1]} ${en.toOrdinal(d)}${y === null ? '' : `, ${English.year(y)}`}`,
  time(h, m, meridiem) {
    const ampm = meridiem ? ` ${meridiem.replace(/\./g, '').toUpperCase().split('').join(' ')}` : '';
    if (m === 0) return `${en.toCardinal(h)}${meridiem ? '' : " o'clock"}${ampm}`;
    return `${en.toCardinal(h)} ${m < 10 ? `oh ${en.toCardinal(m)}` : en.toCardinal(m)}${ampm}`;
  },
  fraction: digitsWith((d) => en.toCardinal(d)),
  words: { point: 'point', minus: 'minus', to: 'to', percent: 'percent', and: 'and', dot: 'dot', at: 'at', slash: 'slash', plus: 'plus', number: 'number' },
  money(whole, cents, c) {
    const main = `${en.toCardinal(whole)} ${plural(whole, c.main)}`;
    if (!cents) return main;
    const sub = `${en.toCardinal(cents)} ${plural(cents, c.sub)}`;
    return whole === 0n ? sub : `${main} and ${sub}`;
  },
  currencies: {
    $: { main: ['dollar', 'dollars'], sub: ['cent', 'cents'] },
    '£': { main: ['pound', 'pounds'], sub: ['penny', 'pence'] },
    '€': { main: ['euro', 'euros'], sub: ['cent', 'cents'] },
    '¥': { main: ['yen', 'yen'], sub: ['sen', 'sen'] },
  },
  units: {
    km: ['kilometer', 'kilometers'], m: ['meter', 'meters'], cm: ['centimeter', 'centimeters'], mm: ['millimeter', 'millimeters'],
    mi: ['mile', 'miles'], ft: ['foot', 'feet'], in: ['inch', 'inches'], kg: ['kilogram', 'kilograms'], g: ['gram', 'grams'],
    mg: ['milligram', 'milligrams'], lb: ['pound', 'pounds'], lbs: ['pound', 'pounds'], oz: ['ounce', 'ounces'],
    l: ['liter', 'liters'], ml: ['milliliter', 'milliliters'], 'km/h': ['kilometer per hour', 'kilometers per hour'],
    mph: ['mile per hour', 'miles per hour'], '°C': ['degree Celsius', 'degrees Celsius'], '°F': ['degree Fahrenheit', 'degrees Fahrenheit'],
    '°': ['degree', 'degrees'], kWh: ['kilowatt hour', 'kilowatt hours'], kW: ['kilowatt', 'kilowatts'], W: ['watt', 'watts'],
    GB: ['gigabyte', 'gigabytes'], MB: ['megabyte', 'megabytes'], KB: ['kilobyte', 'kilobytes'], TB: ['terabyte', 'terabytes'],
    ms: ['millisecond', 'milliseconds'], s: ['second', 'seconds'], min: ['minute', 'minutes'], h: ['hour', 'hours'], Hz: ['hertz', 'hertz'], kHz: ['kilohertz', 'kilohertz'],
  },
  months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  abbreviations: {
    'Dr.': 'Doctor', 'Mr.': 'Mister', 'Mrs.': 'Missus', 'Ms.': 'Miz', 'Prof.': 'Professor', 'Jr.': 'Junior', 'Sr.': 'Senior',
    'St.': 'Saint', 'Mt.': 'Mount', 'Ave.': 'Avenue', 'Rd.': 'Road', 'etc.': 'et cetera', 'e.g.': 'for example', 'i.e.': 'that is',
    'vs.': 'versus', 'No.': 'number', 'approx.': 'approximately', 'Inc.': 'Incorporated', 'Ltd.': 'Limited', 'Co.': 'Company',
    'Jan.': 'January', 'Feb.': 'February', 'Aug.': 'August', 'Sept.': 'September', 'Oct.': 'October', 'Nov.': 'November', 'Dec.': 'December',
  },
};

// German "eins" becomes "ein"/"eine" before a noun; "hunderteins Euro" is "hundertein Euro".
const deCount = (n: bigint | number, g: Gender) => de.toCardinal(n).replace(/eins$/, g === 'f' ? 'eine' : 'ein');

const German: Locale = {
  code: 'de',
  decimal: ',',
  cardinal: (n) => de.toCardinal(n),
  // Adjective ending after the article: "der zweite", but "am zweiten", "im dritten".
  ordinal: (n, before = '') => de.toOrdinal(n) + (/\b(den|dem|des|am|im|zum|zur|vom|beim)\s*$/i.test(before) ? 'n' : ''),
  countOf: deCount,
  // Years before 2000 are read in hundreds: "neunzehnhundertneunundneunzig".
  year: (n) => (n >= 1100 && n < 2000 ? `${de.toCardinal(Math.floor(n / 100))}hundert${n % 100 ? de.toCardinal(n % 100) : ''}` : de.toCardinal(n)),
  date: (d, m, y, before) => `${German.ordinal(d, before)} ${German.months[m - 1]}${y === null ? '' : ` ${German.year(y)}`}`,
  time: (h, m) => `${deCount(h, 'm')} Uhr${m ? ` ${de.toCardinal(m)}` : ''}`,
  fraction: digitsWith((d) => de.toCardinal(d)),
  words: { point: 'Komma', minus: 'minus', to: 'bis', percent: 'Prozent', and: 'und', dot: 'Punkt', at: 'ät', slash: 'Schrägstrich', plus: 'plus', number: 'Nummer' },
  money: (whole, cents, c) => (whole === 0n && cents ? `${de.toCardinal(cents)} ${plural(cents, c.sub)}` : `${deCount(whole, c.main[2] ?? 'm')} ${plural(whole, c.main)}${cents ? ` ${de.toCardinal(cents)}` : ''}`),
  currencies: {
    $: { main: ['Dollar', 'Dollar'], sub: ['Cent', 'Cent'] },
    '£': { main: ['Pfund', 'Pfund', 'm'], sub: ['Penny', 'Pence'] },
    '€': { main: ['Euro', 'Euro'], sub: ['Cent', 'Cent'] },
    '¥': { main: ['Yen', 'Yen'], sub: ['Sen', 'Sen'] },
  },
  units: {
    km: ['Kilometer', 'Kilometer'], m: ['Meter', 'Meter'], cm: ['Zentimeter', 'Zentimeter'], mm: ['Millimeter', 'Millimeter'],
    kg: ['Kilogramm', 'Kilogramm'], g: ['Gramm', 'Gramm'], mg: ['Milligramm', 'Milligramm'], l: ['Liter', 'Liter'], ml: ['Milliliter', 'Milliliter'],
    'km/h': ['Kilometer pro Stunde', 'Kilometer pro Stunde'], '°C': ['Grad Celsius', 'Grad Celsius'], '°': ['Grad', 'Grad'],
    kWh: ['Kilowattstunde', 'Kilowattstunden', 'f'], kW: ['Kilowatt', 'Kilowatt'], GB: ['Gigabyte', 'Gigabyte'], MB: ['Megabyte', 'Megabyte'],
    min: ['Minute', 'Minuten', 'f'], h: ['Stunde', 'Stunden', 'f'], s: ['Sekunde', 'Sekunden', 'f'], Std: ['Stunde', 'Stunden', 'f'],
  },
  months: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  abbreviations: {
    'z. B.': 'zum Beispiel', 'z.B.': 'zum Beispiel', 'd. h.': 'das heißt', 'd.h.': 'das heißt', 'u. a.': 'unter anderem', 'u.a.': 'unter anderem',
    'usw.': 'und so weiter', 'bzw.': 'beziehungsweise', 'ca.': 'circa', 'Nr.': 'Nummer', 'Dr.': 'Doktor', 'Prof.': 'Professor',
    'Hr.': 'Herr', 'Fr.': 'Frau', 'Str.': 'Straße', 'evtl.': 'eventuell', 'ggf.': 'gegebenenfalls', 'inkl.': 'inklusive', 'vgl.': 'vergleiche',
  },
};

// French "un" agrees with a feminine noun: "une heure", "vingt et une heures".
const frCount = (n: bigint | number, g: Gender) => (g === 'f' ? fr.toCardinal(n).replace(/\bun$/, 'une') : fr.toCardinal(n));

const French: Locale = {
  code: 'fr',
  decimal: ',',
  cardinal: (n) => fr.toCardinal(n),
  ordinal: (n) => fr.toOrdinal(n),
  countOf: frCount,
  year: (n) => fr.toCardinal(n),
  date: (d, m, y) => `${d === 1 ? 'premier' : fr.toCardinal(d)} ${French.months[m - 1]}${y === null ? '' : ` ${fr.toCardinal(y)}`}`,
  time: (h, m) => `${frCount(h, 'f')} ${h > 1 ? 'heures' : 'heure'}${m ? ` ${fr.toCardinal(m)}` : ''}`,
  // "trois virgule quatorze": short fractions are read as a number, long ones digit by digit.
  fraction: (digits) => (digits.length <= 2 && digits[0] !== '0' ? fr.toCardinal(Number(digits)) : digitsWith((d) => fr.toCardinal(d))(digits)),
  words: { point: 'virgule', minus: 'moins', to: 'à', percent: 'pour cent', and: 'et', dot: 'point', at: 'arobase', slash: 'slash', plus: 'plus', number: 'numéro' },
  money: (whole, cents, c) => (whole === 0n && cents ? `${fr.toCardinal(cents)} ${plural(cents, c.sub)}` : `${frCount(whole, c.main[2] ?? 'm')} ${plural(whole, c.main)}${cents ? ` ${fr.toCardinal(cents)}` : ''}`),
  currencies: {
    $: { main: ['dollar', 'dollars'], sub: ['cent', 'cents'] },
    '£': { main: ['livre', 'livres', 'f'], sub: ['penny', 'pence'] },
    '€': { main: ['euro', 'euros'], sub: ['centime', 'centimes'] },
    '¥': { main: ['yen', 'yens'], sub: ['sen', 'sen'] },
  },
  units: {
    km: ['kilomètre', 'kilomètres'], m: ['mètre', 'mètres'], cm: ['centimètre', 'centimètres'], mm: ['millimètre', 'millimètres'],
    kg: ['kilogramme', 'kilogrammes'], g: ['gramme', 'grammes'], mg: ['milligramme', 'milligrammes'], l: ['litre', 'litres'], ml: ['millilitre', 'millilitres'],
    'km/h': ['kilomètre heure', 'kilomètres heure'], '°C': ['degré Celsius', 'degrés Celsius'], '°': ['degré', 'degrés'],
    kWh: ['kilowattheure', 'kilowattheures'], kW: ['kilowatt', 'kilowatts'], Go: ['gigaoctet', 'gigaoctets'], Mo: ['mégaoctet', 'mégaoctets'],
    min: ['minute', 'minutes', 'f'], h: ['heure', 'heures', 'f'], s: ['seconde', 'secondes', 'f'],
  },
  months: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  abbreviations: {
    'M.': 'Monsieur', 'MM.': 'Messieurs', 'Mme': 'Madame', 'Mmes': 'Mesdames', 'Mlle': 'Mademoiselle', 'Dr': 'Docteur', 'Pr': 'Professeur',
    'etc.': 'et cetera', 'p. ex.': 'par exemple', 'cf.': 'confer', 'av. J.-C.': 'avant Jésus-Christ', 'apr. J.-C.': 'après Jésus-Christ', 'env.': 'environ', 'n°': 'numéro',
  },
};

// Spanish "uno" shortens before a masculine noun and agrees with a feminine one: "veintiún euros", "una hora".
const esCount = (n: bigint | number, g: Gender) =>
  g === 'f' ? es.toCardinal(n).replace(/uno$/, 'una') : es.toCardinal(n).replace(/veintiuno$/, 'veintiún').replace(/uno$/, 'un');

const Spanish: Locale = {
  code: 'es',
  decimal: ',',
  cardinal: (n) => es.toCardinal(n),
  ordinal: (n, gender = 'm') => (gender === 'f' ? es.toOrdinal(n).replace(/o\b/g, 'a') : es.toOrdinal(n)),
  countOf: esCount,
  year: (n) => es.toCardinal(n),
  date: (d, m, y) => `${es.toCardinal(d)} de ${Spanish.months[m - 1]}${y === null ? '' : ` de ${es.toCardinal(y)}`}`,
  time: (h, m) => `${esCount(h, 'f')}${m ? ` y ${es.toCardinal(m)}` : ' en punto'}`,
  fraction: (digits) => (digits.length <= 2 && digits[0] !== '0' ? es.toCardinal(Number(digits)) : digitsWith((d) => es.toCardinal(d))(digits)),
  words: { point: 'coma', minus: 'menos', to: 'a', percent: 'por ciento', and: 'y', dot: 'punto', at: 'arroba', slash: 'barra', plus: 'más', number: 'número' },
  money: (whole, cents, c) => (whole === 0n && cents ? `${es.toCardinal(cents)} ${plural(cents, c.sub)}` : `${esCount(whole, c.main[2] ?? 'm')} ${plural(whole, c.main)}${cents ? ` con ${es.toCardinal(cents)}` : ''}`),
  currencies: {
    $: { main: ['dólar', 'dólares'], sub: ['centavo', 'centavos'] },
    '£': { main: ['libra', 'libras', 'f'], sub: ['penique', 'peniques'] },
    '€': { main: ['euro', 'euros'], sub: ['céntimo', 'céntimos'] },
    '¥': { main: ['yen', 'yenes'], sub: ['sen', 'sen'] },
  },
  units: {
    km: ['kilómetro', 'kilómetros'], m: ['metro', 'metros'], cm: ['centímetro', 'centímetros'], mm: ['milímetro', 'milímetros'],
    kg: ['kilogramo', 'kilogramos'], g: ['gramo', 'gramos'], mg: ['miligramo', 'miligramos'], l: ['litro', 'litros'], ml: ['mililitro', 'mililitros'],
    'km/h': ['kilómetro por hora', 'kilómetros por hora'], '°C': ['grado Celsius', 'grados Celsius'], '°': ['grado', 'grados'],
    kWh: ['kilovatio hora', 'kilovatios hora'], kW: ['kilovatio', 'kilovatios'], GB: ['gigabyte', 'gigabytes'], MB: ['megabyte', 'megabytes'],
    min: ['minuto', 'minutos'], h: ['hora', 'horas', 'f'], s: ['segundo', 'segundos'],
  },
  months: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
  abbreviations: {
    'Sr.': 'señor', 'Sra.': 'señora', 'Srta.': 'señorita', 'Dr.': 'doctor', 'Dra.': 'doctora', 'Ud.': 'usted', 'Uds.': 'ustedes',
    'etc.': 'etcétera', 'p. ej.': 'por ejemplo', 'núm.': 'número', 'EE. UU.': 'Estados Unidos', 'EE.UU.': 'Estados Unidos', 'aprox.': 'aproximadamente', 'pág.': 'página', 'n.º': 'número',
  },
};

export const LOCALES: Record<string, Locale> = { en: English, de: German, fr: French, es: Spanish };

/** The locale for an ISO 639-1 code (or a tag like en-GB), or undefined where only generic clean-up applies. */
export const localeFor = (language: string): Locale | undefined => LOCALES[language.toLowerCase().split(/[-_]/)[0]];
