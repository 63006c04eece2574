// Measures speech audio for the style tests: pitch with Debian's aubiopitch (aubio-tools),
// loudness (RMS), duration and silences, from the decoded 24 kHz samples. Two of aubio's trackers:
// yinfft decides whether a frame is voiced (it reports 0 below its confidence threshold; plain
// yin reports a pitch even for white noise), yin gives the f0 of voiced frames (yinfft locks onto
// harmonics of low LPC voices: flite's kal16 at 75 Hz reads as 254 Hz).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const RATE = 24000;
const HOP = 256;

export interface Measured {
  seconds: number;
  /** RMS over the whole signal, dB full scale. */
  rmsDb: number;
  /** Fraction of non-silent frames in which a pitch was found. */
  voiced: number;
  medianF0: number;
  meanF0: number;
  /** Intonation range: 90th minus 10th percentile of f0, in semitones. */
  rangeSt: number;
  /** Seconds of silence (runs of 100 ms or more below -50 dBFS) between the first and last sound. */
  silence: number;
}

const st = (hz: number) => 12 * Math.log2(hz);

/** Decodes any format ffmpeg reads to 24 kHz mono and measures it. */
export async function measure(bytes: Uint8Array): Promise<Measured> {
  const dir = await mkdtemp(join(tmpdir(), 'mynah-measure-'));
  try {
    const input = join(dir, 'in'), wav = join(dir, 'a.wav');
    await writeFile(input, bytes);
    await run('ffmpeg', ['-v', 'error', '-i', input, '-ar', String(RATE), '-ac', '1', '-c:a', 'pcm_s16le', wav]);
    const pcm = (await run('ffmpeg', ['-v', 'error', '-i', wav, '-f', 's16le', '-'], { encoding: 'buffer', maxBuffer: 1 << 28 })).stdout;
    const samples = new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length >> 1);
    const track = async (method: string) => (await run('aubiopitch', ['-i', wav, '-p', method, '-H', String(HOP), '-s', '-50'])).stdout
      .trim().split('\n').map((line) => Number(line.split(/\s+/)[1]));
    const [voicing, f0] = await Promise.all([track('yinfft'), track('yin')]);
    return summarise(samples, f0.map((hz, i) => (voicing[i] > 50 && voicing[i] < 600 ? hz : 0)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function summarise(samples: Int16Array, f0: number[]): Measured {
  let total = 0;
  for (const s of samples) total += s * s;
  const frameDb: number[] = [];
  for (let at = 0; at + HOP <= samples.length; at += HOP) {
    let e = 0;
    for (let i = at; i < at + HOP; i++) e += samples[i] * samples[i];
    frameDb.push(10 * Math.log10(e / HOP / 32768 ** 2 + 1e-12));
  }
  const loud = frameDb.map((db) => db > -45);
  const sounding = loud.filter(Boolean).length;
  let pitched = f0.map((hz, i) => (loud[i] && hz > 50 && hz < 600 ? hz : 0)).filter((hz) => hz > 0).sort((a, b) => a - b);
  const voiced = pitched.length / Math.max(1, sounding);
  // Octave errors of the tracker are outliers, not intonation: keep what lies within a fifth+ of the median.
  const med = pitched[pitched.length >> 1] ?? 0;
  pitched = pitched.filter((hz) => hz > med / 1.6 && hz < med * 1.6);
  const q = (p: number) => pitched[Math.floor(p * (pitched.length - 1))] ?? 0;
  const first = loud.indexOf(true), last = loud.lastIndexOf(true);
  let silentFrames = 0, run = 0;
  for (let i = Math.max(0, first); i <= last; i++) {
    if (frameDb[i] < -50) run++;
    else { if (run * HOP >= 0.1 * RATE) silentFrames += run; run = 0; }
  }
  return {
    seconds: samples.length / RATE,
    rmsDb: 10 * Math.log10(total / Math.max(1, samples.length) / 32768 ** 2),
    voiced,
    medianF0: q(0.5),
    meanF0: pitched.reduce((s, x) => s + x, 0) / Math.max(1, pitched.length),
    rangeSt: pitched.length ? st(q(0.9)) - st(q(0.1)) : 0,
    silence: (silentFrames * HOP) / RATE,
  };
}

export const semitones = (a: number, b: number) => st(b) - st(a);
