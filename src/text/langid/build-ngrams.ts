// Writes ngrams.bin, Mynah's compact copy of eld's medium n-gram database (eld 2.1.0, Apache-2.0,
// by Nito T.M.: see LICENSE-eld). eld keeps that database as a JavaScript object of 105,548 keys,
// which costs about 190 MiB of RSS to load; the same numbers as sorted typed arrays take 1.2 MiB.
// Regenerate with: npm i --no-save eld@2.1.0 && npm run build && node dist/src/text/langid/build-ngrams.js
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hashNgram, MAGIC } from './ngrams.js';

const OUT = fileURLToPath(new URL('../../../../src/text/langid/ngrams.bin', import.meta.url));

async function main() {
  // eld exports only its entry files; the database and averages sit beside them.
  const entry = import.meta.resolve('eld/medium');
  const { ngramsData } = (await import(new URL('../ngrams/medium.js', entry).href)) as { ngramsData: { type: string; languages: Record<number, string>; ngrams: Record<string, Record<number, number>> } };
  const { avgScore } = (await import(new URL('../avgScore.js', entry).href)) as { avgScore: Record<string, number> };
  const langs = Object.keys(ngramsData.languages).map(Number).sort((a, b) => a - b).map((i) => ngramsData.languages[i]);
  // Same hash twice (a collision) merges the two entries; with 32-bit hashes that is a handful of keys.
  const byHash = new Map<number, Map<number, number>>();
  for (const [ngram, scores] of Object.entries(ngramsData.ngrams)) {
    const h = hashNgram(ngram);
    const entry = byHash.get(h) ?? new Map<number, number>();
    for (const [lang, score] of Object.entries(scores)) entry.set(Number(lang), Math.max(score, entry.get(Number(lang)) ?? 0));
    byHash.set(h, entry);
  }
  const hashes = [...byHash.keys()].sort((a, b) => a - b);
  const counts = new Uint8Array(hashes.length);
  const pairs: number[] = [];
  hashes.forEach((h, i) => {
    const entry = [...byHash.get(h)!].sort((a, b) => a[0] - b[0]);
    counts[i] = entry.length;
    for (const [lang, score] of entry) pairs.push(lang, score);
  });
  // Layout: magic, language count, codes (2 bytes each), average scores (u16, x1000), key count,
  // hashes (u32, sorted), entries per key (u8), then (language, score) byte pairs.
  const head = Buffer.alloc(4 + 2 + langs.length * 4 + 4);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt16LE(langs.length, 4);
  langs.forEach((l, i) => {
    head.write(l.padEnd(2), 6 + i * 2, 'latin1');
    head.writeUInt16LE(Math.round((avgScore[l] ?? 0.8) * 1000), 6 + langs.length * 2 + i * 2);
  });
  head.writeUInt32LE(hashes.length, 6 + langs.length * 4);
  const body = Buffer.concat([head, Buffer.from(new Uint32Array(hashes).buffer), Buffer.from(counts), Buffer.from(pairs)]);
  writeFileSync(OUT, body);
  console.log(`${ngramsData.type}: ${Object.keys(ngramsData.ngrams).length} n-grams, ${hashes.length} hashes, ${pairs.length / 2} scores, ${body.length} bytes -> ${OUT}`);
}

await main();
