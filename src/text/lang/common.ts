// Helpers shared by the language files.
import type { Noun } from '../locales.js';

export const plural = (n: bigint | number, noun: Noun) => (BigInt(n) === 1n ? noun[0] : noun[1]);
export const digitsWith = (card: (n: number) => string) => (digits: string) => [...digits].map((d) => card(Number(d))).join(' ');

/** Month tables: full names, and every abbreviation, to the month's number. */
export function monthTable(full: string[], extra: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  full.forEach((m, i) => (out[m.toLowerCase()] = i + 1));
  for (const [k, v] of Object.entries(extra)) out[k] = v;
  return out;
}

export const words = (s: string) => new Set(s.split(' '));

// Rulers whose Roman numeral is read as their number, in any of the four languages ("Henry VIII",
// "Ludwig XIV.", "Louis XIV", "Felipe II"); shared, because a text names foreign kings too.
export const RULERS = words(
  'Henry Edward George William Charles James Richard John Louis Elizabeth Mary Anne Philip Frederick Peter Catherine Alexander Nicholas ' +
  'Ivan Pius Leo Gregory Benedict Clement Innocent Paul Boniface Urban Sixtus Francis Napoleon Napoléon Ramesses Ramses Amenhotep Thutmose ' +
  'Ptolemy Constantine Justinian Otto Wilhelm Ferdinand Isabella Isabel Carlos Felipe Alfonso Gustav Gustavus Christian Haakon Olav Harald ' +
  'Carl Rudolf Sigismund Casimir Stephen Malcolm David Robert Rama Mehmed Suleiman Selim Murad Ahmed Darius Xerxes Cyrus Antiochus ' +
  'Leopold Albert Baudouin Umberto Vittorio Emanuele Pedro Manuel Sancho Jaime Enrique Fernando Luis Juan Pablo Heinrich Ludwig Friedrich ' +
  'Karl Johannes Maximilian Joseph Josef Franz Henri François Philippe Jean Guillaume Pie Benoît Léon Grégoire Innocent Jacques Alexandre ' +
  'Nicolas Pierre Catalina Fernando Felipe Carlos Juana Alejandro Gregorio Benedicto Inocencio Clemente Pío Eduardo Jorge Guillermo ' +
  'Ricardo Enrique Elisabeth Isabelle Marie Maria Augustus Caesar Tutankhamun Sobhuza Mswati Akihito Naruhito Charlemagne Edmund Harold ' +
  'Canute Cnut Æthelred Ethelred Kamehameha Hussein Abdullah Farouk Fuad Mohammed Hassan Bao Alfred Victor Amadeus Wenceslaus Wladislaw ' +
  'Benedikt Konrad Albrecht Georg Eduard Katharina Iwan Gregor Klemens Innozenz Bonifatius Nikolaus Wenzel Philipp Johann ' +
  'Sebastian Manuel João Afonso Dinis Duarte Miguel Michael Basil Leo Theodosius Valentinian Romanus Andronikos Mehmet Bayezid Osman',
);
