// Spanish: "uno" shortens before masculine nouns ("veintiún euros") and agrees with feminine ones ("una hora").
import * as es from 'n2words/es-ES';
import type { Currency, Gender, Locale } from '../locales.js';
import { monthTable, plural, RULERS, words } from './common.js';

// n2words writes "dieciseis"; the spelling is "dieciséis".
const card = (n: bigint | number) => es.toCardinal(n).replace(/dieciseis/g, 'dieciséis');
const count = (n: bigint | number, g: Gender) =>
  g === 'f' ? card(n).replace(/uno$/, 'una').replace(/veintiuno$/, 'veintiuna') : card(n).replace(/veintiuno$/, 'veintiún').replace(/uno$/, 'un');
// "un millón de euros", "dos millones de dólares".
const of = (words: string, noun: string) => (/(?:millón|millones)$/.test(words) ? `${words} de ${noun}` : `${words} ${noun}`);

const ORD = ['', 'primero', 'segundo', 'tercero', 'cuarto', 'quinto', 'sexto', 'séptimo', 'octavo', 'noveno', 'décimo'];
const ordinal = (n: number, _before = '', _after = '', suffix = '') => {
  let w = n <= 10 ? ORD[n] : n === 11 ? 'undécimo' : n === 12 ? 'duodécimo' : es.toOrdinal(n);
  if (/[ªa]$/.test(suffix)) return w.replace(/o\b/g, 'a');
  if (/^\.?er$/.test(suffix)) w = w.replace(/(primer|tercer)o$/, '$1');
  return w;
};

const QUEENS = /(?:Isabel|María|Juana|Catalina|Victoria|Ana|Leonor|Urraca|Berenguela)\s*$/;

const months = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];
const DEN = ['', '', 'medio', 'tercio', 'cuarto', 'quinto', 'sexto', 'séptimo', 'octavo', 'noveno', 'décimo'];
const denominator = (d: number) => {
  if (d <= 10) return DEN[d];
  if (d === 100) return 'centésimo';
  if (d === 1000) return 'milésimo';
  // onceavo, doceavo, veinteavo, treintavo.
  return `${card(d).replace(/a$/, '')}avo`;
};

const euro: Currency = { main: ['euro', 'euros'], sub: ['céntimo', 'céntimos'] };
const dollar: Currency = { main: ['dólar', 'dólares'], sub: ['centavo', 'centavos'] };
const pound: Currency = { main: ['libra', 'libras', 'f'], sub: ['penique', 'peniques'] };
const peso: Currency = { main: ['peso', 'pesos'], sub: ['centavo', 'centavos'] };
const yen: Currency = { main: ['yen', 'yenes'], sub: ['sen', 'sen'] };

// "las dos y media de la tarde"; the part of the day follows a 12-hour time.
const dayPart = (h: number, meridiem: 'am' | 'pm') => (meridiem === 'am' ? (h === 12 ? 'de la noche' : h < 6 ? 'de la madrugada' : 'de la mañana') : h === 12 ? 'del mediodía' : h < 8 ? 'de la tarde' : 'de la noche');

// Nouns ending in -a that are masculine; other nouns in -a/-as are taken as feminine.
const MASCULINE_A = /^(?:día|mapa|problema|programa|sistema|tema|idioma|clima|planeta|poema|dilema|esquema|cometa|drama|fantasma|síntoma|pijama)s?$/;
export const feminine = (noun: string) => /(?:a|as|ión|iones|dad|dades)$/.test(noun) && !MASCULINE_A.test(noun);

export const Spanish: Locale = {
  code: 'es',
  decimal: ',',
  monthFirst: false,
  cardinal: card,
  ordinal,
  countOf: count,
  year: card,
  decade: card,
  date: (d, m, y) => `${d === 1 ? 'primero' : card(d)} de ${months[m - 1]}${y === null ? '' : ` de ${card(y)}`}`,
  time(h, m, meridiem) {
    const hour = count(meridiem && h === 0 ? 12 : h, 'f');
    if (h === 0 && m === 0 && !meridiem) return 'medianoche';
    const twelve = meridiem !== null || h <= 12;
    const min = m === 0 ? '' : twelve && m === 15 ? ' y cuarto' : twelve && m === 30 ? ' y media' : ` y ${card(m)}`;
    return `${hour}${min}${meridiem ? ` ${dayPart(h, meridiem)}` : ''}`;
  },
  duration: (h, m, s) => [[h, 'hora', 'horas', 'f'], [m, 'minuto', 'minutos', 'm'], [s, 'segundo', 'segundos', 'm']].filter(([n], i) => n || (i === 2 && !h && !m))
    .map(([n, one, many, g]) => `${count(n as number, g as Gender)} ${n === 1 ? one : many}`).join(' ').replace(/ (\S+ \S+)$/, ' y $1'),
  fraction: (num, den) => `${count(num, 'm')} ${denominator(den)}${num > 1 ? 's' : ''}`,
  // "cuatro quintas partes": before "partes" the fraction is feminine.
  mixed: (whole, num, den) => `${card(whole)} y ${den === 2 && num === 1 ? 'medio' : Spanish.fraction(num, den)}`,
  decimals: (digits) => (digits.length <= 2 && digits[0] !== '0' ? card(Number(digits)) : [...digits].map((d) => card(Number(d))).join(' ')),
  // Kings take ordinals up to ten and cardinals above: "Felipe segundo", "Alfonso trece".
  regnal: (n, before) => (n <= 10 ? (QUEENS.test(before) ? ORD[n].replace(/o$/, 'a') : ORD[n]) : card(n)),
  agree(cardinal, noun) {
    if (/^(?:de|del|y|o|a|por|en|con|sin|para|que|es|son)$/.test(noun) || !/^\p{Ll}/u.test(noun)) return cardinal;
    if (feminine(noun)) return / millón| millones/.test(cardinal) ? cardinal.replace(/uno$/, 'una') : cardinal.replace(/ientos\b/g, 'ientas').replace(/veintiuno$/, 'veintiuna').replace(/uno$/, 'una');
    return cardinal.replace(/veintiuno$/, 'veintiún').replace(/uno$/, 'un');
  },
  words: {
    point: 'coma', minus: 'menos', to: 'a', percent: 'por ciento', and: 'y', dot: 'punto', at: 'arroba', slash: 'barra', plus: 'más', number: 'número',
    colon: 'dos puntos', dash: 'guion', underscore: 'guion bajo', question: 'signo de interrogación', equals: 'igual', hash: 'almohadilla', per: 'por',
  },
  money(whole, cents, c) {
    if (whole === 0n && cents) return `${count(cents, c.sub[2] ?? 'm')} ${plural(cents, c.sub)}`;
    const main = of(count(whole, c.main[2] ?? 'm'), plural(whole, c.main));
    return cents ? `${main} con ${count(cents, c.sub[2] ?? 'm')} ${plural(cents, c.sub)}` : main;
  },
  scaledMoney: (number, scale, c) => (number === 'uno' && scale === 'millones' ? `un millón de ${c.main[1]}` : `${number} ${scale} de ${c.main[1]}`),
  currencies: { '€': euro, EUR: euro, euros: euro, euro, dólares: dollar, dólar: dollar, pesos: peso, $: dollar, USD: dollar, US$: dollar, '£': pound, GBP: pound, MXN: peso, ARS: peso, COP: peso, CLP: peso, '¥': yen },
  scales: { mil: 'mil', millón: 'millón', millones: 'millones', 'mil millones': 'mil millones', M: 'millones', mill: 'millones', 'mill.': 'millones', MM: 'millones', billón: 'billón', billones: 'billones' },
  units: {
    '%': ['por ciento', 'por ciento'],
    cts: ['céntimo', 'céntimos'], 
    km: ['kilómetro', 'kilómetros'], m: ['metro', 'metros'], cm: ['centímetro', 'centímetros'], mm: ['milímetro', 'milímetros'],
    kg: ['kilogramo', 'kilogramos'], g: ['gramo', 'gramos'], mg: ['miligramo', 'miligramos'], t: ['tonelada', 'toneladas', 'f'], lb: ['libra', 'libras', 'f'], lbs: ['libra', 'libras', 'f'],
    l: ['litro', 'litros'], L: ['litro', 'litros'], ml: ['mililitro', 'mililitros'], cl: ['centilitro', 'centilitros'],
    'km/h': ['kilómetro por hora', 'kilómetros por hora'], 'm/s': ['metro por segundo', 'metros por segundo'], '°C': ['grado Celsius', 'grados Celsius'], '°F': ['grado Fahrenheit', 'grados Fahrenheit'], '°': ['grado', 'grados'],
    kWh: ['kilovatio hora', 'kilovatios hora'], kW: ['kilovatio', 'kilovatios'], W: ['vatio', 'vatios'], V: ['voltio', 'voltios'], GB: ['gigabyte', 'gigabytes'], MB: ['megabyte', 'megabytes'], TB: ['terabyte', 'terabytes'],
    ms: ['milisegundo', 'milisegundos'], min: ['minuto', 'minutos'], h: ['hora', 'horas', 'f'], s: ['segundo', 'segundos'], seg: ['segundo', 'segundos'],
    Hz: ['hercio', 'hercios'], MHz: ['megahercio', 'megahercios'], GHz: ['gigahercio', 'gigahercios'], ha: ['hectárea', 'hectáreas', 'f'], kcal: ['kilocaloría', 'kilocalorías', 'f'],
    'm²': ['metro cuadrado', 'metros cuadrados'], 'km²': ['kilómetro cuadrado', 'kilómetros cuadrados'], 'cm²': ['centímetro cuadrado', 'centímetros cuadrados'], 'm³': ['metro cúbico', 'metros cúbicos'],
  },
  months,
  monthNames: monthTable(months, { ene: 1, feb: 2, mar: 3, abr: 4, may: 5, jun: 6, jul: 7, ago: 8, sep: 9, sept: 9, set: 9, setiembre: 9, oct: 10, nov: 11, dic: 12 }),
  abbreviations: {
    'Excmo.': 'excelentísimo', 'Excma.': 'excelentísima', 'Ilmo.': 'ilustrísimo', 'Sres.': 'señores', 'Sras.': 'señoras', 'Dres.': 'doctores', 'D.ª': 'doña', 'Atte.': 'atentamente', 'cía.': 'compañía', 'Cía.': 'compañía',
    'dpto.': 'departamento', 'Dpto.': 'departamento', 'ej.': 'ejemplo', 'gral.': 'general', 'hnos.': 'hermanos', 'ppal.': 'principal', 'prov.': 'provincia', 'S.L.': 'sociedad limitada', 's/n': 'sin número', 'Ntra. Sra.': 'Nuestra Señora', 'tel.': 'teléfono', 'Tel.': 'teléfono',
    'Sr.': 'señor', 'Sra.': 'señora', 'Srta.': 'señorita', 'Dr.': 'doctor', 'Dra.': 'doctora', 'Ud.': 'usted', 'Uds.': 'ustedes', 'Vd.': 'usted',
    'D.': 'don', 'Dña.': 'doña', 'Da.': 'doña', 'Lic.': 'licenciado', 'Ing.': 'ingeniero', 'Prof.': 'profesor', 'Profa.': 'profesora', 'Sto.': 'santo', 'Sta.': 'santa',
    'etc.': 'etcétera', 'p. ej.': 'por ejemplo', 'EE. UU.': 'Estados Unidos', 'EE.UU.': 'Estados Unidos', 'EEUU': 'Estados Unidos', 'aprox.': 'aproximadamente',
    'a. C.': 'antes de Cristo', 'a.C.': 'antes de Cristo', 'd. C.': 'después de Cristo', 'd.C.': 'después de Cristo', 'S.A.': 'sociedad anónima', 'Avda.': 'avenida', 'Av.': 'avenida',
    'c/': 'calle', 'C/': 'calle', 'vs.': 'contra', 'vs': 'contra', 'máx.': 'máximo', 'mín.': 'mínimo', 'admón.': 'administración', 'dcha.': 'derecha', 'izq.': 'izquierda', 'pta.': 'puerta',
  },
  numberAbbreviations: {
    's.': 'siglo', 'núm.': 'número', 'n.º': 'número', 'nº': 'número', 'no.': 'número', 'pág.': 'página', 'págs.': 'páginas', 'p.': 'página', 'pp.': 'páginas', 'vol.': 'volumen',
    'cap.': 'capítulo', 'art.': 'artículo', 'tel.': 'teléfono', 'tlf.': 'teléfono', 'fig.': 'figura', 'ed.': 'edición',
  },
  yearWords: words('en desde año hasta'),
  romanCardinalWords: words('capítulo siglo siglos tomo volumen parte acto escena libro fase nivel tipo artículo título sección anexo temporada guerra'),
  rulers: RULERS,
  romanOrdinalNouns: words(''),
};
