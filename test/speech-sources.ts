// Real speech at each rate an engine speaks, for the resampler's quality checks and benchmark:
// flite kal16 (16 kHz) and eSpeak NG en-us (22.05 kHz) in-process, Debian's native flite `kal`
// (8 kHz; Mynah's flite engine doubles kal to 16 kHz itself).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ENGINES } from '../src/engines/index.js';
import { readWavPcm16 } from '../src/engines/wav-file.js';
import { concat } from '../src/audio/resample.js';

const run = promisify(execFile);

async function engineSpeech(engine: string, voice: string, text: string): Promise<Int16Array> {
  const e = await ENGINES[engine]();
  const parts: Int16Array[] = [];
  for await (const pcm of e.synthesize({ text, voice, language: 'en', speed: 1 })) parts.push(pcm);
  return concat(parts);
}

async function nativeKal(text: string): Promise<Int16Array> {
  const dir = await mkdtemp(join(tmpdir(), 'mynah-kal-'));
  try {
    await writeFile(join(dir, 'in.txt'), text);
    await run('flite', ['-voice', 'kal', '-f', join(dir, 'in.txt'), '-o', join(dir, 'out.wav')]);
    const { sampleRate, samples } = readWavPcm16(await readFile(join(dir, 'out.wav')));
    if (sampleRate !== 8000) throw new Error(`flite kal spoke at ${sampleRate} Hz`);
    return samples;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const SPEECH_RATES = [[8000, 'flite kal (native, 8 kHz)'], [16000, 'flite kal16'], [22050, 'espeak-ng en-us']] as const;

/** `text` spoken at `rate` (one of SPEECH_RATES). */
export function speechAt(rate: number, text: string): Promise<Int16Array> {
  if (rate === 8000) return nativeKal(text);
  if (rate === 16000) return engineSpeech('flite', 'kal16', text);
  if (rate === 22050) return engineSpeech('espeak', 'en-us', text);
  throw new RangeError(`no speech source at ${rate} Hz`);
}

/** [rate, label, samples] for 8, 16 and 22.05 kHz speech of `text`. */
export async function speechAtEachRate(text: string): Promise<[number, string, Int16Array][]> {
  const out: [number, string, Int16Array][] = [];
  for (const [rate, label] of SPEECH_RATES) out.push([rate, label, await speechAt(rate, text)]);
  return out;
}
