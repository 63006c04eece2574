// English: how numbers, dates, times, money and measures are said. Rules are data where they can be.
import * as en from 'n2words/en-US';
import type { Currency, Locale } from '../locales.js';
import { monthTable, plural, RULERS, words } from './common.js';

const card = (n: bigint | number) => en.toCardinal(n);
const digit = (d: string) => (d === '0' ? 'zero' : card(Number(d)));
const twoDigits = (n: number) => (n < 10 ? `oh ${card(n)}` : card(n));

// Denominators with their own words; the rest are ordinals ("three eighths").
const DENOMINATORS: Record<number, [string, string]> = { 2: ['half', 'halves'], 4: ['quarter', 'quarters'] };
const denominator = (den: number, many: boolean) => {
  const [one, more] = DENOMINATORS[den] ?? [en.toOrdinal(den), `${en.toOrdinal(den)}s`];
  return many ? more : one;
};

const year = (n: number) => {
  // "nineteen ninety-nine", "nineteen oh five", "twenty twenty-five", but "two thousand five" and "nineteen hundred".
  const hi = Math.floor(n / 100);
  const lo = n % 100;
  if (n < 1000 || n >= 10000 || (n >= 2000 && n < 2010)) return card(n);
  if (lo === 0) return `${card(hi)} hundred`;
  return `${card(hi)} ${twoDigits(lo)}`;
};

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export const English: Locale = {
  code: 'en',
  decimal: '.',
  monthFirst: true,
  cardinal: card,
  ordinal: (n) => en.toOrdinal(n),
  countOf: card,
  year,
  decade(n, digits) {
    const w = digits === 4 ? (n % 100 === 0 && n % 1000 !== 0 ? `${card(n / 100)} hundred` : year(n)) : card(n);
    return w.endsWith('y') ? `${w.slice(0, -1)}ies` : `${w}s`;
  },
  date: (d, m, y, _before, style) => (style === 'dm' ? `the ${en.toOrdinal(d)} of ${months[m - 1]}` : `${months[m - 1]} ${en.toOrdinal(d)}`) + (y === null ? '' : `, ${year(y)}`),
  time(h, m, meridiem) {
    if (meridiem) return `${card(h === 0 ? 12 : h)}${m ? ` ${twoDigits(m)}` : ''} ${meridiem === 'am' ? 'A M' : 'P M'}`;
    if (h === 0 && m === 0) return 'midnight';
    if (m === 0) return h > 12 ? `${card(h)} hundred` : `${card(h)} o'clock`;
    return `${h === 0 ? 'zero' : card(h)} ${twoDigits(m)}`;
  },
  duration: (h, m, s) => ([[h, 'hour'], [m, 'minute'], [s, 'second']] as [number, string][]).filter(([n], i) => n || (i === 2 && !h && !m)).map(([n, u]) => `${card(n)} ${u}${n === 1 ? '' : 's'}`).join(' ').replace(/ (\S+ \S+)$/, ' and $1'),
  fraction: (num, den) => (den === 1 ? `${card(num)} over one` : `${card(num)} ${denominator(den, num !== 1)}`),
  mixed: (whole, num, den) => `${card(whole)} and ${num === 1 ? `a ${denominator(den, false)}` : English.fraction(num, den)}`,
  decimals: (digits) => [...digits].map(digit).join(' '),
  regnal: (n) => `the ${en.toOrdinal(n)}`,
  words: {
    point: 'point', minus: 'minus', to: 'to', percent: 'percent', and: 'and', dot: 'dot', at: 'at', slash: 'slash', plus: 'plus', number: 'number',
    colon: 'colon', dash: 'dash', underscore: 'underscore', question: 'question mark', equals: 'equals', hash: 'hash', per: 'per',
  },
  money(whole, cents, c: Currency) {
    const main = `${card(whole)} ${plural(whole, c.main)}`;
    if (!cents) return main;
    const sub = `${card(cents)} ${plural(cents, c.sub)}`;
    return whole === 0n ? sub : `${main} and ${sub}`;
  },
  scaledMoney: (number, scale, c) => `${number} ${scale} ${c.main[1]}`,
  currencies: {
    $: { main: ['dollar', 'dollars'], sub: ['cent', 'cents'] }, dollars: { main: ['dollar', 'dollars'], sub: ['cent', 'cents'] }, euros: { main: ['euro', 'euros'], sub: ['cent', 'cents'] }, US$: { main: ['dollar', 'dollars'], sub: ['cent', 'cents'] },
    USD: { main: ['dollar', 'dollars'], sub: ['cent', 'cents'] }, '£': { main: ['pound', 'pounds'], sub: ['penny', 'pence'] },
    GBP: { main: ['pound', 'pounds'], sub: ['penny', 'pence'] }, '€': { main: ['euro', 'euros'], sub: ['cent', 'cents'] },
    EUR: { main: ['euro', 'euros'], sub: ['cent', 'cents'] }, '¥': { main: ['yen', 'yen'], sub: ['sen', 'sen'] }, JPY: { main: ['yen', 'yen'], sub: ['sen', 'sen'] },
    '₹': { main: ['rupee', 'rupees'], sub: ['paisa', 'paise'] }, INR: { main: ['rupee', 'rupees'], sub: ['paisa', 'paise'] },
    Rs: { main: ['rupee', 'rupees'], sub: ['paisa', 'paise'] }, CHF: { main: ['franc', 'francs'], sub: ['centime', 'centimes'] },
    CAD: { main: ['Canadian dollar', 'Canadian dollars'], sub: ['cent', 'cents'] }, AUD: { main: ['Australian dollar', 'Australian dollars'], sub: ['cent', 'cents'] },
    '₩': { main: ['won', 'won'], sub: ['jeon', 'jeon'] }, '₽': { main: ['ruble', 'rubles'], sub: ['kopek', 'kopeks'] },
  },
  scales: { thousand: 'thousand', k: 'thousand', K: 'thousand', million: 'million', m: 'million', M: 'million', mn: 'million', mln: 'million', billion: 'billion', bn: 'billion', b: 'billion', B: 'billion', trillion: 'trillion', tn: 'trillion', T: 'trillion' },
  units: {
    '%': ['percent', 'percent'],
    km: ['kilometer', 'kilometers'], m: ['meter', 'meters'], cm: ['centimeter', 'centimeters'], mm: ['millimeter', 'millimeters'], nm: ['nanometer', 'nanometers'],
    µm: ['micrometer', 'micrometers'], mi: ['mile', 'miles'], yd: ['yard', 'yards'], yds: ['yard', 'yards'], ft: ['foot', 'feet'], in: ['inch', 'inches'],
    kg: ['kilogram', 'kilograms'], g: ['gram', 'grams'], mg: ['milligram', 'milligrams'], µg: ['microgram', 'micrograms'], mcg: ['microgram', 'micrograms'],
    lb: ['pound', 'pounds'], lbs: ['pound', 'pounds'], oz: ['ounce', 'ounces'], t: ['tonne', 'tonnes'], st: ['stone', 'stone'],
    l: ['liter', 'liters'], L: ['liter', 'liters'], ml: ['milliliter', 'milliliters'], mL: ['milliliter', 'milliliters'], cl: ['centiliter', 'centiliters'],
    gal: ['gallon', 'gallons'], qt: ['quart', 'quarts'], tsp: ['teaspoon', 'teaspoons'], tbsp: ['tablespoon', 'tablespoons'], cc: ['c c', 'c c'],
    'km/h': ['kilometer per hour', 'kilometers per hour'], kph: ['kilometer per hour', 'kilometers per hour'], mph: ['mile per hour', 'miles per hour'],
    'm/s': ['meter per second', 'meters per second'], mpg: ['mile per gallon', 'miles per gallon'],
    '°C': ['degree Celsius', 'degrees Celsius'], '°F': ['degree Fahrenheit', 'degrees Fahrenheit'], '°': ['degree', 'degrees'],
    kWh: ['kilowatt hour', 'kilowatt hours'], MWh: ['megawatt hour', 'megawatt hours'], kW: ['kilowatt', 'kilowatts'], MW: ['megawatt', 'megawatts'], GW: ['gigawatt', 'gigawatts'], W: ['watt', 'watts'],
    V: ['volt', 'volts'], kV: ['kilovolt', 'kilovolts'], mA: ['milliamp', 'milliamps'], mAh: ['milliamp hour', 'milliamp hours'], Ω: ['ohm', 'ohms'],
    B: ['byte', 'bytes'], KB: ['kilobyte', 'kilobytes'], kB: ['kilobyte', 'kilobytes'], MB: ['megabyte', 'megabytes'], GB: ['gigabyte', 'gigabytes'], TB: ['terabyte', 'terabytes'], PB: ['petabyte', 'petabytes'],
    Kb: ['kilobit', 'kilobits'], Mb: ['megabit', 'megabits'], Gb: ['gigabit', 'gigabits'],
    kbps: ['kilobit per second', 'kilobits per second'], Mbps: ['megabit per second', 'megabits per second'], Gbps: ['gigabit per second', 'gigabits per second'],
    ms: ['millisecond', 'milliseconds'], µs: ['microsecond', 'microseconds'], ns: ['nanosecond', 'nanoseconds'], s: ['second', 'seconds'], sec: ['second', 'seconds'],
    min: ['minute', 'minutes'], mins: ['minute', 'minutes'], h: ['hour', 'hours'], hr: ['hour', 'hours'], hrs: ['hour', 'hours'], yr: ['year', 'years'], yrs: ['year', 'years'],
    Hz: ['hertz', 'hertz'], kHz: ['kilohertz', 'kilohertz'], MHz: ['megahertz', 'megahertz'], GHz: ['gigahertz', 'gigahertz'],
    dB: ['decibel', 'decibels'], kcal: ['kilocalorie', 'kilocalories'], cal: ['calorie', 'calories'], kJ: ['kilojoule', 'kilojoules'], J: ['joule', 'joules'],
    N: ['newton', 'newtons'], Pa: ['pascal', 'pascals'], kPa: ['kilopascal', 'kilopascals'], psi: ['p s i', 'p s i'], bar: ['bar', 'bars'], atm: ['atmosphere', 'atmospheres'],
    ha: ['hectare', 'hectares'], ac: ['acre', 'acres'], px: ['pixel', 'pixels'], ppm: ['part per million', 'parts per million'], rpm: ['r p m', 'r p m'], fps: ['frame per second', 'frames per second'],
    'sq km': ['square kilometer', 'square kilometers'], 'sq m': ['square meter', 'square meters'], 'm²': ['square meter', 'square meters'], m2: ['square meter', 'square meters'],
    'km²': ['square kilometer', 'square kilometers'], km2: ['square kilometer', 'square kilometers'], 'cm²': ['square centimeter', 'square centimeters'], 'ft²': ['square foot', 'square feet'],
    'm³': ['cubic meter', 'cubic meters'], m3: ['cubic meter', 'cubic meters'], 'cm³': ['cubic centimeter', 'cubic centimeters'], '°N': ['degree north', 'degrees north'],
    '°S': ['degree south', 'degrees south'], '°E': ['degree east', 'degrees east'], '°W': ['degree west', 'degrees west'],
    bpm: ['beat per minute', 'beats per minute'], mol: ['mole', 'moles'], 'sq ft': ['square foot', 'square feet'], 'sq mi': ['square mile', 'square miles'], 'fl oz': ['fluid ounce', 'fluid ounces'],
  },
  months,
  monthNames: monthTable(months, { jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12 }),
  abbreviations: {
    'Ph.D.': 'P h D', 'M.D.': 'M D', 'B.A.': 'B A', 'M.A.': 'M A', 'B.Sc.': 'B S c', 'U.S.A.': 'U S A', 'E.U.': 'E U', 'Mgr.': 'Manager', 'Assn.': 'Association', 'Intl.': 'International', 'Natl.': 'National', 'Jct.': 'Junction', 'Pl.': 'Place', 'Sq.': 'Square', 'Ct.': 'Court', 'Dr': 'Doctor', 'Mr': 'Mister', 'Mrs': 'Missus',
    'Dr.': 'Doctor', 'Mr.': 'Mister', 'Mrs.': 'Missus', 'Ms.': 'Miz', 'Prof.': 'Professor', 'Jr.': 'Junior', 'Sr.': 'Senior',
    'St.': 'Saint', 'Mt.': 'Mount', 'Ft.': 'Fort', 'Gen.': 'General', 'Col.': 'Colonel', 'Capt.': 'Captain', 'Lt.': 'Lieutenant', 'Sgt.': 'Sergeant',
    'Gov.': 'Governor', 'Sen.': 'Senator', 'Rep.': 'Representative', 'Rev.': 'Reverend', 'Hon.': 'Honorable', 'Pres.': 'President',
    'Ave.': 'Avenue', 'Rd.': 'Road', 'Blvd.': 'Boulevard', 'Ln.': 'Lane', 'Hwy.': 'Highway', 'Dept.': 'Department', 'Univ.': 'University',
    'etc.': 'et cetera', 'e.g.': 'for example', 'i.e.': 'that is', 'vs.': 'versus', 'vs': 'versus', 'approx.': 'approximately', 'Approx.': 'approximately',
    'Inc.': 'Incorporated', 'Ltd.': 'Limited', 'Co.': 'Company', 'Corp.': 'Corporation', 'Bros.': 'Brothers', 'et al.': 'et al', 'cf.': 'compare',
    'ca.': 'circa', 'c.': 'circa', 'est.': 'established', 'Est.': 'established', 'misc.': 'miscellaneous', 'govt.': 'government', 'dept.': 'department',
    'U.S.': 'U S', 'U.K.': 'U K', 'U.N.': 'U N', 'D.C.': 'D C', 'a.k.a.': 'also known as', 'aka': 'also known as', 'w/': 'with', 'w/o': 'without',
    'Jan.': 'January', 'Feb.': 'February', 'Mar.': 'March', 'Apr.': 'April', 'Jun.': 'June', 'Jul.': 'July', 'Aug.': 'August',
    'Sep.': 'September', 'Sept.': 'September', 'Oct.': 'October', 'Nov.': 'November', 'Dec.': 'December',
    'Mon.': 'Monday', 'Tue.': 'Tuesday', 'Tues.': 'Tuesday', 'Wed.': 'Wednesday', 'Thu.': 'Thursday', 'Thurs.': 'Thursday', 'Fri.': 'Friday', 'Sat.': 'Saturday', 'Sun.': 'Sunday',
  },
  numberAbbreviations: {
    'p.': 'page', 'pp.': 'pages', 'pg.': 'page', 'vol.': 'volume', 'vols.': 'volumes', 'no.': 'number', 'nos.': 'numbers', 'ch.': 'chapter', 'chap.': 'chapter',
    'fig.': 'figure', 'figs.': 'figures', 'eq.': 'equation', 'sec.': 'section', 'art.': 'article', 'para.': 'paragraph', 'ed.': 'edition', 'pt.': 'part',
    'rm.': 'room', 'apt.': 'apartment', 'ext.': 'extension', 'tel.': 'telephone', 'ver.': 'version', 'v.': 'version', 'op.': 'opus', 'ex.': 'example',
  },
  yearWords: words('in since until till by from of year years during before after around circa c. ca. between and to through born died early late mid summer spring autumn fall winter the year, since, in, census election class vintage model season'),
  romanCardinalWords: words('chapter chapters part parts volume vol book act scene war section article episode phase level stage type class grade round season series appendix title psalm canto movement symphony bowl apollo schedule tier division league category figure table plate no number'),
  rulers: RULERS,
  romanOrdinalNouns: words('century centuries dynasty millennium'),
};
