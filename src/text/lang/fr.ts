// French: "un" agrees with feminine nouns, kings take cardinals ("Louis quatorze", but "François premier").
import * as fr from 'n2words/fr-FR';
import type { Currency, Gender, Locale } from '../locales.js';
import { monthTable, plural, RULERS, words } from './common.js';

const card = (n: bigint | number) => fr.toCardinal(n);
const count = (n: bigint | number, g: Gender) => (g === 'f' ? card(n).replace(/\bun$/, 'une') : card(n));
// "deux millions d'euros": a round million or billion takes "de" before its noun.
const of = (words: string, noun: string) => (/(?:millions?|milliards?)$/.test(words) ? `${words} ${/^[aeiouéh]/i.test(noun) ? "d'" : 'de '}${noun}`.replace("d' ", "d'") : `${words} ${noun}`);

const ordinal = (n: number, _before = '', _after = '', suffix = '') => {
  if (n === 1) return (/^(?:re|ère|ere)s?$/.test(suffix) ? 'première' : 'premier') + (suffix.endsWith('s') ? 's' : '');
  if (n === 2 && /^nde?s?$/.test(suffix)) return suffix.startsWith('nde') ? 'seconde' : 'second';
  return fr.toOrdinal(n) + (suffix.endsWith('s') ? 's' : '');
};

const months = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const DEN: Record<number, [string, string]> = { 2: ['demi', 'demis'], 3: ['tiers', 'tiers'], 4: ['quart', 'quarts'] };
const euro: Currency = { main: ['euro', 'euros'], sub: ['centime', 'centimes'] };
const dollar: Currency = { main: ['dollar', 'dollars'], sub: ['cent', 'cents'] };
const pound: Currency = { main: ['livre', 'livres', 'f'], sub: ['penny', 'pence'] };
const franc: Currency = { main: ['franc', 'francs'], sub: ['centime', 'centimes'] };
const yen: Currency = { main: ['yen', 'yens'], sub: ['sen', 'sen'] };

// Common feminine nouns after numbers, and feminine endings: "vingt et une personnes", "une heure".
const FEMININE = /^(?:heure|personne|fois|minute|seconde|semaine|année|journée|page|voiture|femme|fille|maison|ville|tonne|place|étoile|chose|victoire|défaite|partie|saison|édition|question|raison|tête|famille|équipe|école|entreprise|région|nuit|vie|guerre|livre|langue|chambre|pièce|carte|lettre|ligne|porte|rue|table|classe|course|étape|manche|médaille|œuvre|chanson|photo|espèce|victime|voix|loi|mort|fleur|part|dent|main|idée|occasion|valeur|tour)s?$/;
const feminine = (noun: string) => FEMININE.test(noun) || /(?:tion|sion|té|ette|ence|ance|ure|ise|ée)s?$/.test(noun);

export const isFeminine = feminine;

export const French: Locale = {
  code: 'fr',
  decimal: ',',
  monthFirst: false,
  cardinal: card,
  ordinal,
  countOf: count,
  year: card,
  decade: card,
  date: (d, m, y) => `${d === 1 ? 'premier' : card(d)} ${months[m - 1]}${y === null ? '' : ` ${card(y)}`}`,
  time: (h, m) => `${count(h, 'f')} ${h > 1 ? 'heures' : 'heure'}${m ? ` ${card(m)}` : ''}`,
  duration: (h, m, s) => [[h, 'heure'], [m, 'minute'], [s, 'seconde']].filter(([n], i) => n || (i === 2 && !h && !m))
    .map(([n, u]) => `${count(n as number, 'f')} ${u}${(n as number) > 1 ? 's' : ''}`).join(' ').replace(/ (\S+ \S+)$/, ' et $1'),
  fraction: (num, den) => `${card(num)} ${DEN[den] ? DEN[den][num > 1 ? 1 : 0] : fr.toOrdinal(den) + (num > 1 ? 's' : '')}`,
  mixed: (whole, num, den) => (den === 2 && num === 1 ? `${card(whole)} et demi` : `${card(whole)} et ${French.fraction(num, den)}`),
  // "trois virgule quatorze": short fractions are read as a number, long ones digit by digit.
  decimals: (digits) => (digits.length <= 2 && digits[0] !== '0' ? card(Number(digits)) : [...digits].map((d) => card(Number(d))).join(' ')),
  regnal: (n) => (n === 1 ? 'premier' : card(n)),
  agree: (cardinal, noun) => (feminine(noun) ? cardinal.replace(/\bun$/, 'une') : cardinal),
  words: {
    point: 'virgule', minus: 'moins', to: 'à', percent: 'pour cent', and: 'et', dot: 'point', at: 'arobase', slash: 'slash', plus: 'plus', number: 'numéro',
    colon: 'deux-points', dash: 'tiret', underscore: 'tiret bas', question: "point d'interrogation", equals: 'égal', hash: 'dièse', per: 'par',
  },
  money(whole, cents, c) {
    if (whole === 0n && cents) return `${count(cents, c.sub[2] ?? 'm')} ${plural(cents, c.sub)}`;
    return `${of(count(whole, c.main[2] ?? 'm'), plural(whole, c.main))}${cents ? ` ${card(cents)}` : ''}`;
  },
  scaledMoney: (number, scale, c) => of(`${number} ${number === 'un' ? scale.replace(/s$/, '') : scale}`, c.main[1]),
  currencies: { '€': euro, EUR: euro, euros: euro, euro, dollars: dollar, $: dollar, USD: dollar, '£': pound, GBP: pound, CHF: franc, '¥': yen },
  scales: { million: 'million', millions: 'millions', milliard: 'milliard', milliards: 'milliards', 'Md': 'milliards', 'Mds': 'milliards', M: 'millions', 'M€': 'millions', k: 'mille' },
  units: {
    '%': ['pour cent', 'pour cent'],
    km: ['kilomètre', 'kilomètres'], m: ['mètre', 'mètres'], cm: ['centimètre', 'centimètres'], mm: ['millimètre', 'millimètres'],
    kg: ['kilogramme', 'kilogrammes'], g: ['gramme', 'grammes'], mg: ['milligramme', 'milligrammes'], t: ['tonne', 'tonnes', 'f'],
    l: ['litre', 'litres'], L: ['litre', 'litres'], ml: ['millilitre', 'millilitres'], cl: ['centilitre', 'centilitres'], dl: ['décilitre', 'décilitres'],
    'km/h': ['kilomètre heure', 'kilomètres heure'], 'm/s': ['mètre par seconde', 'mètres par seconde'], '°C': ['degré Celsius', 'degrés Celsius'], '°': ['degré', 'degrés'],
    kWh: ['kilowattheure', 'kilowattheures'], kW: ['kilowatt', 'kilowatts'], W: ['watt', 'watts'], V: ['volt', 'volts'], ch: ['cheval', 'chevaux'],
    Go: ['gigaoctet', 'gigaoctets'], Mo: ['mégaoctet', 'mégaoctets'], Ko: ['kilooctet', 'kilooctets'], To: ['téraoctet', 'téraoctets'], GB: ['gigaoctet', 'gigaoctets'],
    ms: ['milliseconde', 'millisecondes', 'f'], min: ['minute', 'minutes', 'f'], h: ['heure', 'heures', 'f'], s: ['seconde', 'secondes', 'f'], mn: ['minute', 'minutes', 'f'],
    Hz: ['hertz', 'hertz'], kHz: ['kilohertz', 'kilohertz'], MHz: ['mégahertz', 'mégahertz'], GHz: ['gigahertz', 'gigahertz'], dB: ['décibel', 'décibels'],
    ha: ['hectare', 'hectares'], 'm²': ['mètre carré', 'mètres carrés'], 'km²': ['kilomètre carré', 'kilomètres carrés'], 'cm²': ['centimètre carré', 'centimètres carrés'], 'm³': ['mètre cube', 'mètres cubes'],
    kcal: ['kilocalorie', 'kilocalories', 'f'], cts: ['centime', 'centimes'], ct: ['centime', 'centimes'], 'km²/h': ['kilomètre carré par heure', 'kilomètres carrés par heure'],
  },
  months,
  monthNames: monthTable(months, { janv: 1, fév: 2, févr: 2, fevr: 2, fevrier: 2, avr: 4, juil: 7, aout: 8, sept: 9, oct: 10, nov: 11, déc: 12, dec: 12, decembre: 12 }),
  abbreviations: {
    'Mgr': 'Monseigneur', 'N.B.': 'nota bene', 'P.-S.': 'post-scriptum', 'hab.': 'habitants', 'coll.': 'collection', 'bd.': 'boulevard', 'apr.': 'après', 'janv.': 'janvier', 'févr.': 'février', 'avr.': 'avril', 'juil.': 'juillet', 'sept.': 'septembre', 'oct.': 'octobre', 'nov.': 'novembre', 'déc.': 'décembre',
    'M. et Mme': 'Monsieur et Madame', 'M.': 'Monsieur', 'MM.': 'Messieurs', 'Mme': 'Madame', 'Mmes': 'Mesdames', 'Mlle': 'Mademoiselle', 'Mlles': 'Mesdemoiselles', 'Dr': 'Docteur', 'Pr': 'Professeur', 'Me': 'Maître',
    'etc.': 'et cetera', 'p. ex.': 'par exemple', 'cf.': 'confer', 'av. J.-C.': 'avant Jésus-Christ', 'apr. J.-C.': 'après Jésus-Christ', 'env.': 'environ',
    'c.-à-d.': "c'est-à-dire", 'c-à-d': "c'est-à-dire", 'St': 'Saint', 'Ste': 'Sainte', 'bd': 'boulevard', 'av.': 'avenue', 'Cie': 'compagnie', 'svp': "s'il vous plaît",
    'n°': 'numéro', 'N°': 'numéro', 'no': 'numéro', 'vs': 'contre', 'vs.': 'contre', 'min.': 'minimum', 'max.': 'maximum', 'éd.': 'édition', 'ex.': 'exemple',
  },
  numberAbbreviations: { 's.': 'siècle', 'p.': 'page', 'pp.': 'pages', 'vol.': 'volume', 'chap.': 'chapitre', 't.': 'tome', 'tél.': 'téléphone', 'art.': 'article', 'fig.': 'figure', 'no.': 'numéro', 'nº': 'numéro' },
  yearWords: words('en depuis année années'),
  romanCardinalWords: words('chapitre tome volume partie acte scène livre article titre section annexe phase niveau saison épisode guerre'),
  rulers: RULERS,
  romanOrdinalNouns: words('siècle siècles millénaire dynastie arrondissement république'),
};
