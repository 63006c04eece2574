// The resampler alone, on real speech at 8/16/22.05 kHz (a ~2,000-character text): CPU ms per response
// (this process's user + system time, which other processes' load inflates less than wall time)
// and quality for the Speex resampler (quality 3, the old default) and src/audio/resample.ts (SIMD
// and scalar kernels). Run: npm run build && node dist/bench/resample.js [--reps=N]
//   [--taps=48 --beta=9 --cutoff=0.93] (a filter to try besides the default)
// Quality: SNR against Speex quality 10 on the speech; worst spurious energy (images, aliases) around
// tones at 10-85 % of the source's Nyquist frequency; speech energy above the source's Nyquist + 5 %.
import { loadavg } from 'node:os';
import { concat, createResampler, initResampler, type ResamplerOptions, type StreamProcessor } from '../src/audio/resample.js';
import { createSpeexResampler, initSpeexResampler } from '../src/audio/resample-speex.js';
import { energyAboveDb, snrDb, spuriousDb } from '../test/spectrum.js';
import { speechAtEachRate } from '../test/speech-sources.js';
import { median, prose, round } from './lib.js';

const args = process.argv.slice(2);
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const REPS = Number(arg('reps') ?? 9);
const TO = 24000;
/** Engine pieces as the pipeline gets them (a chunk of text each): ~2 s. */
const PIECE_SECONDS = 2;

export function resampleAll(r: StreamProcessor, x: Int16Array, piece: number): Int16Array {
  const parts: Int16Array[] = [];
  for (let at = 0; at < x.length; at += piece) parts.push(r.process(x.subarray(at, at + piece)));
  parts.push(r.flush());
  r.close();
  return concat(parts);
}

export function tone(rate: number, seconds: number, hz: number, amplitude = 16384): Int16Array {
  const x = new Int16Array(Math.round(rate * seconds));
  for (let i = 0; i < x.length; i++) x[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate));
  return x;
}

await Promise.all([initResampler(), initSpeexResampler()]);
const custom: ResamplerOptions | undefined = arg('taps') || arg('beta') || arg('cutoff')
  ? { taps: Number(arg('taps') ?? 48), beta: Number(arg('beta') ?? 9), cutoff: Number(arg('cutoff') ?? 0.93) } : undefined;
const makers: [string, (from: number) => StreamProcessor][] = [
  ['speex q3 (before)', (from) => createSpeexResampler(from, TO, 3)],
  ['fir simd', (from) => createResampler(from, TO, { kernel: 'simd' })],
  ['fir js', (from) => createResampler(from, TO, { kernel: 'js' })],
];
if (custom) makers.push([`fir ${JSON.stringify(custom)}`, (from) => createResampler(from, TO, custom)]);

const speech = await speechAtEachRate(prose(2000));
const results: Record<string, unknown>[] = [];
for (const [rate, label, x] of speech) {
  const ref = resampleAll(createSpeexResampler(rate, TO, 10), x, x.length);
  const piece = Math.round(rate * PIECE_SECONDS);
  const times = new Map<string, number[]>(makers.map(([name]) => [name, []]));
  for (let rep = 0; rep < REPS; rep++) {
    for (const [name, make] of makers) {
      const t0 = process.cpuUsage();
      resampleAll(make(rate), x, piece);
      const t = process.cpuUsage(t0);
      times.get(name)!.push((t.user + t.system) / 1000);
    }
  }
  for (const [name, make] of makers) {
    const y = resampleAll(make(rate), x, piece);
    const tones = [0.1, 0.3, 0.5, 0.7, 0.85].map((f) => spuriousDb(resampleAll(make(rate), tone(rate, 1.5, (f * rate) / 2), piece), TO, (f * rate) / 2));
    const row = {
      source: label, rate, seconds: round(x.length / rate, 1), resampler: name,
      cpuMs: round(median(times.get(name)!), 1),
      snrVsSpeex10: round(snrDb(ref, y), 1),
      worstToneSpurDb: round(Math.max(...tones), 1),
      speechAboveNyquistDb: round(energyAboveDb(y, TO, rate / 2 * 1.05), 1),
      load: round(loadavg()[0], 2),
    };
    results.push(row);
    process.stderr.write(`${JSON.stringify(row)}\n`);
  }
}
console.log(JSON.stringify(results, null, 1));
