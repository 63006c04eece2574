// German: ordinals take their ending from the article before them and the gender of the noun after.
import * as de from 'n2words/de-DE';
import type { Gender, Locale } from '../locales.js';
import { monthTable, plural, RULERS, words } from './common.js';

const card = (n: bigint | number) => de.toCardinal(n);
// "eins" becomes "ein"/"eine" before a noun; "hunderteins Euro" is "hundertein Euro".
const count = (n: bigint | number, g: Gender) => card(n).replace(/eins$/, g === 'f' ? 'eine' : 'ein');

// Nouns whose gender the ending rules below would guess wrong, or that follow ordinals often.
const GENDER: Record<string, Gender> = Object.fromEntries([
  ...'Jahrhundert Jahrtausend Mal Kapitel Buch Jahr Spiel Rennen Semester Quartal Stockwerk Lebensjahr Tor Album Konzil Gebot Treffen Programm Gesetz Jubiläum Reich Haus Heft Level Finale Viertelfinale Halbfinale Obergeschoss Untergeschoss Kind Bataillon Regiment'.split(' ').map((w) => [w, 'n']),
  ...'Auflage Klasse Liga Etage Runde Stelle Saison Sinfonie Symphonie Staffel Folge Ausgabe Woche Nacht Generation Reihe Strophe Halbzeit Minute Sekunde Stunde Dynastie Republik Armee Bundesliga Amtszeit Legislaturperiode Lesung Sitzung Mannschaft Division Kompanie Flotte'.split(' ').map((w) => [w, 'f']),
]);

export const genderOf = (noun: string): Gender => {
  if (GENDER[noun]) return GENDER[noun];
  if (/(?:e|ung|heit|keit|schaft|ion|tät|ik|ur|enz|anz|ie|in)$/.test(noun)) return 'f';
  if (/(?:chen|lein|ment|um|tum|nis)$/.test(noun)) return 'n';
  return 'm';
};

/** "der dritte", "am dritten", "ein dritter", "dritter Platz", "drittes Jahrhundert", "dritte Auflage". */
function ordinal(n: number, before = '', after = ''): string {
  // "hundertste", "tausendste": the leading "ein" of a round hundred is not said.
  const base = de.toOrdinal(n).replace(/^ein(?=hundert|tausend)/, '');
  const article = /(\p{L}+)\s*$/u.exec(before)?.[1].toLowerCase() ?? '';
  if (/^(?:der|die|das|eine|diese|dieser|dieses|jede|jeder|jedes)$/.test(article)) return base;
  // After "bis" or "und" the ending follows the first ordinal's article: "vom dritten bis fünften", "dritter bis fünfter".
  const weak = /^(?:bis|und)$/.test(article) ? /\b(?:den|dem|des|am|im|zum|zur|vom|beim|ab|seit)\s+\S+\s+(?:bis|und)\s*$/i.test(before) : /^(?:den|dem|des|am|im|zum|zur|vom|beim|einem|einen|eines|einer|ihrem|seinem|ihren|seinen|ins|ans|diesem|diesen)$/.test(article);
  if (weak) return `${base}n`;
  if (/^(?:bis|und)$/.test(article) && /\b(?:der|die|das)\s+\S+\s+(?:bis|und)\s*$/i.test(before)) return base;
  const noun = /^\s*(\p{Lu}\p{Ll}+)/u.exec(after)?.[1];
  // No article, or "ein": the strong ending, from the noun's gender (masculine when unknown).
  const g = noun ? genderOf(noun) : 'm';
  return g === 'f' ? base : `${base}${g === 'n' ? 's' : 'r'}`;
}

// Years before 2000 are read in hundreds: "neunzehnhundertneunundneunzig".
const year = (n: number) => (n >= 1100 && n < 2000 ? `${card(Math.floor(n / 100))}hundert${n % 100 ? card(n % 100) : ''}` : card(n));

/** "ein halber Liter", "eine halbe Stunde", "ein halbes Jahr". */
export const halfBefore = (noun: string, gender = genderOf(noun)) => ({ m: 'ein halber', f: 'eine halbe', n: 'ein halbes' })[gender];

/** "eine Million", "eine Milliarde", "eintausend": a scale word after one. */
export const oneOf = (scale: string) => (scale === 'tausend' ? 'eintausend' : `eine ${scale.replace(/en$/, '').replace(/Milliard$/, 'Milliarde')}`);

const months = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];

// Denominators: "Drittel", "Viertel", ... "Zwanzigstel", "Hundertstel".
const SPECIAL_DEN: Record<number, string> = { 3: 'Drittel', 7: 'Siebtel', 8: 'Achtel', 100: 'Hundertstel', 1000: 'Tausendstel' };
const denominator = (d: number) => SPECIAL_DEN[d] ?? (d < 20 ? `${card(d)}tel` : `${card(d)}stel`).replace(/^./, (c) => c.toUpperCase());

const euro = { main: ['Euro', 'Euro'], sub: ['Cent', 'Cent'] } as Locale['currencies'][string];
const dollar = { main: ['Dollar', 'Dollar'], sub: ['Cent', 'Cent'] } as Locale['currencies'][string];
const pound = { main: ['Pfund', 'Pfund', 'n'], sub: ['Penny', 'Pence'] } as Locale['currencies'][string];
const franc = { main: ['Franken', 'Franken'], sub: ['Rappen', 'Rappen'] } as Locale['currencies'][string];
const yen = { main: ['Yen', 'Yen'], sub: ['Sen', 'Sen'] } as Locale['currencies'][string];

export const German: Locale = {
  code: 'de',
  decimal: ',',
  monthFirst: false,
  cardinal: card,
  ordinal,
  countOf: count,
  year,
  decade: (n, digits) => `${digits === 4 ? year(n) : card(n)}er`,
  date: (d, m, y, before) => `${ordinal(d, before, 'Mai')} ${months[m - 1]}${y === null ? '' : ` ${year(y)}`}`,
  time: (h, m) => `${count(h, 'f') === 'eine' ? 'ein' : card(h)} Uhr${m ? ` ${card(m)}` : ''}`,
  duration: (h, m, s) => [[h, 'Stunde', 'Stunden'], [m, 'Minute', 'Minuten'], [s, 'Sekunde', 'Sekunden']].filter(([n], i) => n || (i === 2 && !h && !m))
    .map(([n, one, many]) => `${count(n as number, 'f')} ${n === 1 ? one : many}`).join(' ').replace(/ (\S+ \S+)$/, ' und $1'),
  fraction: (num, den) => (den === 2 ? (num === 1 ? 'ein halb' : `${card(num)} Halbe`) : `${count(num, 'n')} ${denominator(den)}`),
  mixed: (whole, num, den) => (den === 2 && num === 1 ? `${count(whole, 'n')}einhalb` : `${count(whole, 'n')} ${German.fraction(num, den)}`),
  decimals: (digits) => [...digits].map((d) => card(Number(d))).join(' '),
  regnal: (n, before) => `${/\b(?:von|mit|bei|unter|nach)\s+\p{Lu}\p{Ll}+\s*$/u.test(before) ? 'dem' : 'der'} ${de.toOrdinal(n).replace(/^./, (c) => c.toUpperCase())}${/\b(?:von|mit|bei|unter|nach)\s+\p{Lu}\p{Ll}+\s*$/u.test(before) ? 'n' : ''}`,
  // "ein Tag", "eine Stunde": one before a noun takes the noun's gender (nominative; the case is not known).
  agree: (cardinal, noun) => (/^\p{Lu}/u.test(noun) && cardinal.endsWith('eins') ? cardinal.replace(/eins$/, genderOf(noun) === 'f' ? 'eine' : 'ein') : cardinal),
  words: {
    point: 'Komma', minus: 'minus', to: 'bis', percent: 'Prozent', and: 'und', dot: 'Punkt', at: 'ät', slash: 'Schrägstrich', plus: 'plus', number: 'Nummer',
    colon: 'Doppelpunkt', dash: 'Bindestrich', underscore: 'Unterstrich', question: 'Fragezeichen', equals: 'gleich', hash: 'Raute', per: 'pro',
  },
  money(whole, cents, c) {
    if (whole === 0n && cents) return `${count(cents, 'm')} ${plural(cents, c.sub)}`;
    return `${count(whole, c.main[2] ?? 'm')} ${plural(whole, c.main)}${cents ? ` ${card(cents)}` : ''}`;
  },
  // "eine Million Euro", "zwei Millionen Euro".
  scaledMoney: (number, scale, c) => `${number === 'eins' ? oneOf(scale) : `${number} ${scale}`} ${c.main[1]}`,
  currencies: { '€': euro, EUR: euro, Euro: euro, Dollar: dollar, $: dollar, USD: dollar, US$: dollar, '£': pound, GBP: pound, CHF: franc, '¥': yen, JPY: yen },
  scales: { Tsd: 'tausend', 'Tsd.': 'tausend', Mio: 'Millionen', 'Mio.': 'Millionen', Million: 'Million', Millionen: 'Millionen', Mrd: 'Milliarden', 'Mrd.': 'Milliarden', Milliarde: 'Milliarde', Milliarden: 'Milliarden', Billionen: 'Billionen', Billion: 'Billion' },
  units: {
    '%': ['Prozent', 'Prozent', 'n'],
    ct: ['Cent', 'Cent'], Ct: ['Cent', 'Cent'], 
    km: ['Kilometer', 'Kilometer'], m: ['Meter', 'Meter'], cm: ['Zentimeter', 'Zentimeter'], mm: ['Millimeter', 'Millimeter'], nm: ['Nanometer', 'Nanometer'],
    kg: ['Kilogramm', 'Kilogramm', 'n'], g: ['Gramm', 'Gramm', 'n'], mg: ['Milligramm', 'Milligramm', 'n'], t: ['Tonne', 'Tonnen', 'f'], Pfd: ['Pfund', 'Pfund', 'n'],
    l: ['Liter', 'Liter'], L: ['Liter', 'Liter'], ml: ['Milliliter', 'Milliliter'], cl: ['Zentiliter', 'Zentiliter'], dl: ['Deziliter', 'Deziliter'],
    'km/h': ['Kilometer pro Stunde', 'Kilometer pro Stunde'], 'm/s': ['Meter pro Sekunde', 'Meter pro Sekunde'], '°C': ['Grad Celsius', 'Grad Celsius', 'n'], '°': ['Grad', 'Grad', 'n'], K: ['Kelvin', 'Kelvin', 'n'],
    kWh: ['Kilowattstunde', 'Kilowattstunden', 'f'], kW: ['Kilowatt', 'Kilowatt', 'n'], MW: ['Megawatt', 'Megawatt', 'n'], W: ['Watt', 'Watt', 'n'], PS: ['PS', 'PS', 'n'], V: ['Volt', 'Volt', 'n'],
    KB: ['Kilobyte', 'Kilobyte', 'n'], MB: ['Megabyte', 'Megabyte', 'n'], GB: ['Gigabyte', 'Gigabyte', 'n'], TB: ['Terabyte', 'Terabyte', 'n'], 'Mbit/s': ['Megabit pro Sekunde', 'Megabit pro Sekunde', 'n'],
    ms: ['Millisekunde', 'Millisekunden', 'f'], min: ['Minute', 'Minuten', 'f'], Min: ['Minute', 'Minuten', 'f'], h: ['Stunde', 'Stunden', 'f'], s: ['Sekunde', 'Sekunden', 'f'], Sek: ['Sekunde', 'Sekunden', 'f'], Std: ['Stunde', 'Stunden', 'f'], 'Std.': ['Stunde', 'Stunden', 'f'],
    Hz: ['Hertz', 'Hertz', 'n'], kHz: ['Kilohertz', 'Kilohertz', 'n'], MHz: ['Megahertz', 'Megahertz', 'n'], GHz: ['Gigahertz', 'Gigahertz', 'n'], dB: ['Dezibel', 'Dezibel', 'n'],
    kcal: ['Kilokalorie', 'Kilokalorien', 'f'], ha: ['Hektar', 'Hektar', 'n'], 'm²': ['Quadratmeter', 'Quadratmeter'], qm: ['Quadratmeter', 'Quadratmeter'], 'km²': ['Quadratkilometer', 'Quadratkilometer'], 'cm²': ['Quadratzentimeter', 'Quadratzentimeter'], 'm³': ['Kubikmeter', 'Kubikmeter'],
  },
  months,
  monthNames: monthTable(months, { jan: 1, jän: 1, jänner: 1, feb: 2, mär: 3, mrz: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, okt: 10, nov: 11, dez: 12 }),
  abbreviations: {
    'ff.': 'folgende', 'Dipl.-Ing.': 'Diplomingenieur', 'i. d. R.': 'in der Regel', 'i.d.R.': 'in der Regel', 'z. Zt.': 'zurzeit', 'zzt.': 'zurzeit', 'o. g.': 'oben genannt', 's. o.': 'siehe oben', 's. u.': 'siehe unten',
    'u. v. m.': 'und vieles mehr', 'm. E.': 'meines Erachtens', 'Bhf.': 'Bahnhof', 'Hbf.': 'Hauptbahnhof', 'Fa.': 'Firma', 'z. Hd.': 'zu Händen', 'i. A.': 'im Auftrag', 'exkl.': 'exklusive', 'Abt.': 'Abteilung',
    'Bsp.': 'Beispiel', 'bzgl.': 'bezüglich', 'ehem.': 'ehemalig', 'Gebr.': 'Gebrüder', 'lt.': 'laut', 'rd.': 'rund', 'Jhdt.': 'Jahrhundert', 'a. D.': 'außer Dienst', 'd. J.': 'dieses Jahres', 'Std.': 'Stunden', 'Min.': 'Minuten', 'Sek.': 'Sekunden',
    'z. B.': 'zum Beispiel', 'z.B.': 'zum Beispiel', 'd. h.': 'das heißt', 'd.h.': 'das heißt', 'u. a.': 'unter anderem', 'u.a.': 'unter anderem',
    'usw.': 'und so weiter', 'bzw.': 'beziehungsweise', 'ca.': 'circa', 'Dr.': 'Doktor', 'Prof.': 'Professor', 'Hr.': 'Herr', 'Fr.': 'Frau',
    'Str.': 'Straße', 'evtl.': 'eventuell', 'ggf.': 'gegebenenfalls', 'inkl.': 'inklusive', 'vgl.': 'vergleiche', 'u. U.': 'unter Umständen',
    'o. Ä.': 'oder Ähnliches', 'u. Ä.': 'und Ähnliches', 'z. T.': 'zum Teil', 'z.T.': 'zum Teil', 'v. a.': 'vor allem', 'v.a.': 'vor allem', 'sog.': 'sogenannte',
    'St.': 'Sankt', 'geb.': 'geboren', 'gest.': 'gestorben', 'Jh.': 'Jahrhundert', 'Jhd.': 'Jahrhundert', 'v. Chr.': 'vor Christus', 'n. Chr.': 'nach Christus',
    'bspw.': 'beispielsweise', 'insb.': 'insbesondere', 'zzgl.': 'zuzüglich', 'max.': 'maximal', 'min.': 'mindestens',
    'Mo.-Fr.': 'Montag bis Freitag', 'Mo.–Fr.': 'Montag bis Freitag', 'Mo-Fr': 'Montag bis Freitag', 'Mo.': 'Montag', 'Di.': 'Dienstag', 'Mi.': 'Mittwoch', 'Do.': 'Donnerstag', 'Sa.': 'Samstag', 'So.': 'Sonntag',
    'Abb.': 'Abbildung', 'Tab.': 'Tabelle', 'Anm.': 'Anmerkung', 'Hrsg.': 'Herausgeber', 'gem.': 'gemäß', 'allg.': 'allgemein', 'etc.': 'et cetera', 'MwSt.': 'Mehrwertsteuer',
  },
  numberAbbreviations: {
    's.': 'Seite', 'S.': 'Seite', 'Bd.': 'Band', 'Nr.': 'Nummer', 'Abs.': 'Absatz', 'Kap.': 'Kapitel', 'Art.': 'Artikel', 'Tel.': 'Telefon', 'Aufl.': 'Auflage', 'Abb.': 'Abbildung', 'Tab.': 'Tabelle', 'Vers.': 'Version',
  },
  yearWords: words('im Jahr Jahre Jahres seit bis von ab anno um vor nach Anfang Ende Mitte Sommer Winter Frühjahr Herbst Frühling geboren gestorben zwischen und Jahrgang Baujahr'),
  romanCardinalWords: words('Kapitel Teil Band Akt Szene Buch Abschnitt Artikel Folge Staffel Stufe Phase Klasse Typ Nummer Nr. Weltkrieg Anhang Tafel Absatz'),
  rulers: RULERS,
  romanOrdinalNouns: words('Jahrhundert Jahrhunderts Jahrtausend Jahrtausends Dynastie Armee Korps'),
};
