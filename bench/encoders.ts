// Encode speed per format, as multiples of real time (24 kHz mono, 0.5 s blocks). Not a test:
// timings vary by machine. Run: npm run build && node dist/bench/encoders.js [seconds]
import { performance } from 'node:perf_hooks';
import { ENCODERS } from '../src/encoders/index.js';
import { RESPONSE_FORMATS } from '../src/contract.js';
import { initResampler, createResampler } from '../src/audio/resample.js';
import { initTempo, createTempo } from '../src/audio/tempo.js';

const RATE = 24000;
const seconds = Number(process.argv[2] ?? 60);
const x = new Int16Array(RATE * seconds);
for (let i = 0; i < x.length; i++) {
  const t = i / RATE;
  const env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 2.5 * t);
  x[i] = Math.round(env * (6000 * Math.sin(2 * Math.PI * (120 + 30 * Math.sin(t)) * t)
    + 2500 * Math.sin(2 * Math.PI * 800 * t) + 800 * (Math.random() - 0.5)));
}
const BLOCK = RATE / 2;

async function once(format: (typeof RESPONSE_FORMATS)[number]): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const enc = await ENCODERS[format].create(RATE, { ffmpeg: 'ffmpeg' });
  let bytes = 0;
  for (let off = 0; off < x.length; off += BLOCK) for (const b of await enc.write(x.subarray(off, off + BLOCK))) bytes += b.length;
  for (const b of await enc.end()) bytes += b.length;
  return { ms: performance.now() - t0, bytes };
}

for (const f of RESPONSE_FORMATS) {
  if ((await ENCODERS[f].available({ ffmpeg: 'ffmpeg' })) !== true) { console.log(`${f}: unavailable`); continue; }
  await once(f); // warm-up: wasm compile, JIT
  const { ms, bytes } = await once(f);
  console.log(`${f.padEnd(5)} ${(seconds * 1000 / ms).toFixed(0).padStart(6)}x real time  ${(bytes * 8 / seconds / 1000).toFixed(1)} kb/s`);
}

await initResampler();
await initTempo();
for (const [name, make] of [
  ['resample 16k->24k', () => createResampler(16000, 24000)],
  ['resample 22.05k->24k', () => createResampler(22050, 24000)],
  ['tempo x1.5', () => createTempo(RATE, 1.5)],
] as const) {
  for (let pass = 0; pass < 2; pass++) {
    const p = make();
    const t0 = performance.now();
    for (let off = 0; off < x.length; off += BLOCK) p.process(x.subarray(off, off + BLOCK));
    p.flush();
    p.close();
    if (pass) console.log(`${name.padEnd(20)} ${(seconds * 1000 / (performance.now() - t0)).toFixed(0)}x real time`);
  }
}
