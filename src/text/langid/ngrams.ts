// The n-gram half of language detection: eld's algorithm (Nito T.M., Apache-2.0, see LICENSE-eld)
// over a compact copy of its medium database (ngrams.bin, written by build-ngrams.ts). Each word
// is cut into 4-byte UTF-8 n-grams with a stride of 3, plus its first and last; every n-gram known
// to the database adds its per-language score. Kept as sorted 32-bit hashes in typed arrays, the
// database takes 1.2 MiB (about 8 MiB of RSS once loaded, with the code), where eld's object of
// 105,548 keys takes about 190 MiB. Loaded on the first call.
import { readFileSync } from 'node:fs';

export const MAGIC = 'MLD1';
const DATA = new URL('../../../../src/text/langid/ngrams.bin', import.meta.url);

// eld spells UTF-8 bytes 0x80-0xFF as these characters (its dictionary.js), so its keys are strings.
const HIGH_BYTES = "M2RJOP{ä>âüé_QáôëåõèïZû}à3ùÉYîí]|)ÿ~1VDT48FIK7WS/EB5;NCê*X=^:[Hò  ¢!(,ß øó    Uö6@ÀÁ <ýG-Añú    $Læ?0\"#%&+ì9.ç µ                ";

/** FNV-1a over the UTF-16 code units of an n-gram key. */
export function hashNgram(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

interface Model {
  languages: string[];
  /** Average top score of a correct detection, per language (eld's avgScore). */
  average: Float64Array;
  hashes: Uint32Array;
  /** Index of each key's first (language, score) pair; one more entry than keys. */
  starts: Uint32Array;
  pairs: Uint8Array;
}

let model: Model | undefined;

function load(): Model {
  const buf = readFileSync(DATA);
  if (buf.toString('latin1', 0, 4) !== MAGIC) throw new Error('langid: ngrams.bin is not in the expected format');
  const n = buf.readUInt16LE(4);
  const languages = Array.from({ length: n }, (_, i) => buf.toString('latin1', 6 + i * 2, 8 + i * 2).trim());
  const average = Float64Array.from({ length: n }, (_, i) => buf.readUInt16LE(6 + n * 2 + i * 2) / 1000);
  let at = 6 + n * 4;
  const keys = buf.readUInt32LE(at);
  at += 4;
  // Copies, so that the file's buffer can go (and the hashes are 4-byte aligned); little-endian as written.
  const hashes = new Uint32Array(buf.buffer.slice(buf.byteOffset + at, buf.byteOffset + at + keys * 4));
  at += keys * 4;
  const starts = new Uint32Array(keys + 1);
  for (let i = 0; i < keys; i++) starts[i + 1] = starts[i] + buf[at + i];
  at += keys;
  const pairs = new Uint8Array(buf.buffer.slice(buf.byteOffset + at, buf.byteOffset + at + starts[keys] * 2));
  return { languages, average, hashes, starts, pairs };
}

function find(hashes: Uint32Array, h: number): number {
  let lo = 0;
  let hi = hashes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = hashes[mid];
    if (v === h) return mid;
    if (v < h) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

// Runs of non-letters split words, except that an apostrophe stays inside one (don't, l'année).
const SEPARATORS = /[^\p{L}]+(?<!['`\u2019])/gu;

/** The text's words as eld spells them: lower case, UTF-8 bytes as characters, cut after ~350 bytes. */
function byteWords(text: string): string[] {
  const str = text.slice(0, 1000).replace(SEPARATORS, ' ').trim().toLowerCase();
  const words: string[] = [];
  let word = '';
  let bytes = 0;
  const byte = (b: number) => HIGH_BYTES[b - 128];
  for (let i = 0; i < str.length; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80) {
      if (c === 32) {
        if (word) words.push(word);
        word = '';
        if (bytes > 350) break;
      } else word += str[i];
      bytes++;
    } else if (c < 0x800) {
      word += byte(0xc0 | (c >> 6)) + byte(0x80 | (c & 0x3f));
      bytes += 2;
    } else if (c < 0xd800 || c >= 0xe000) {
      word += byte(0xe0 | (c >> 12)) + byte(0x80 | ((c >> 6) & 0x3f)) + byte(0x80 | (c & 0x3f));
      bytes += 3;
    } else {
      c = 0x10000 + (((c & 0x3ff) << 10) | (str.charCodeAt(++i) & 0x3ff));
      word += byte(0xf0 | (c >> 18)) + byte(0x80 | ((c >> 12) & 0x3f)) + byte(0x80 | ((c >> 6) & 0x3f)) + byte(0x80 | (c & 0x3f));
      bytes += 4;
    }
    if (bytes > 380) break;
  }
  if (word) words.push(word);
  return words;
}

function ngramsOf(words: string[]): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    const len = Math.min(w.length, 70);
    let j = 0;
    for (; j + 4 < len; j += 3) out.add((j === 0 ? ' ' : '') + w.substring(j, j + 4));
    out.add((j === 0 ? ' ' : '') + w.substring(len !== 3 ? len - 4 : 0) + ' ');
  }
  return out;
}

export interface NgramResult {
  /** Languages by score, best first, each scored 0-1 (eld's scale). */
  ranked: { language: string; score: number }[];
  /** True when the best score is near what a correct detection usually gets and clear of the next. */
  reliable: boolean;
}

/** Scores `text` against the n-gram database. */
export function scoreNgrams(text: string): NgramResult {
  const m = (model ??= load());
  const grams = ngramsOf(byteWords(text));
  const totals = new Float64Array(m.languages.length);
  for (const g of grams) {
    const k = find(m.hashes, hashNgram(g));
    if (k < 0) continue;
    // eld subtracts 53 from every stored score to keep its file small.
    for (let p = m.starts[k]; p < m.starts[k + 1]; p++) totals[m.pairs[p * 2]] += m.pairs[p * 2 + 1] + 53;
  }
  const ranked: { language: string; score: number }[] = [];
  totals.forEach((t, i) => {
    if (t <= 0) return;
    const perGram = t / grams.size;
    ranked.push({ language: m.languages[i], score: perGram / (perGram + 25) });
  });
  ranked.sort((a, b) => b.score - a.score);
  const top = ranked[0];
  const reliable = !!top && grams.size >= 3 && top.score >= m.average[m.languages.indexOf(top.language)] * 0.75 && top.score - (ranked[1]?.score ?? 0) >= 0.01;
  return { ranked, reliable };
}
