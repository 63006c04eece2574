// The part of a request that runs inside a worker thread: engine -> resample -> tempo -> encode.
import { OUTPUT_SAMPLE_RATE } from '../contract.js';
import { ENGINES } from '../engines/index.js';
import type { Engine } from '../engines/types.js';
import { getEncoder } from '../encoders/index.js';
import { createResampler, initResampler } from '../audio/resample.js';
import { createTempo, initTempo } from '../audio/tempo.js';
import type { SpeakJob, SpeakStats } from './job.js';

const loaded = new Map<string, Promise<Engine>>();
let dspReady: Promise<unknown> | undefined;

export function loadEngine(name: string): Promise<Engine> {
  const factory = ENGINES[name];
  if (!factory) return Promise.reject(new Error(`unknown engine '${name}'`));
  let engine = loaded.get(name);
  if (!engine) {
    engine = factory();
    loaded.set(name, engine);
    engine.catch(() => loaded.delete(name));
  }
  return engine;
}

/** Splits a speed factor into the part the engine does itself and the part left to time-stretch. */
export function splitSpeed(speed: number, [min, max]: [number, number]): [engine: number, stretch: number] {
  const engine = Math.min(max, Math.max(min, speed));
  return [engine, speed / engine];
}

/** Gives other jobs on this worker, and cancel messages, a turn between chunks. */
const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function* speak(job: SpeakJob, signal: AbortSignal, stats: SpeakStats): AsyncGenerator<Uint8Array> {
  dspReady ??= Promise.all([initResampler(), initTempo()]);
  await dspReady;
  const engine = await loadEngine(job.engine);
  const encoder = await getEncoder(job.format).create(OUTPUT_SAMPLE_RATE);
  const [engineSpeed, stretch] = splitSpeed(job.speed, engine.speedRange);
  try {
    for (const text of job.chunks) {
      if (signal.aborted) return;
      const resampler = createResampler(engine.sampleRate, OUTPUT_SAMPLE_RATE);
      const tempo = Math.abs(stretch - 1) > 1e-3 ? createTempo(OUTPUT_SAMPLE_RATE, stretch) : undefined;
      try {
        let mark = performance.now();
        for await (const pcm of engine.synthesize({ text, voice: job.voice, language: job.language, speed: engineSpeed, signal })) {
          stats.synthMs += performance.now() - mark;
          yield* encodePiece(resampler.process(pcm));
          mark = performance.now();
        }
        yield* encodePiece(resampler.flush());
        if (tempo) yield* encodePiece(tempo.flush(), true);
      } finally {
        resampler.close();
        tempo?.close();
      }
      await yieldTurn();

      async function* encodePiece(pcm: Int16Array, stretched = false): AsyncGenerator<Uint8Array> {
        const out = tempo && !stretched ? tempo.process(pcm) : pcm;
        if (out.length === 0) return;
        stats.samples += out.length;
        yield* await encoder.write(out);
      }
    }
    yield* await encoder.end();
  } finally {
    encoder.close();
  }
}
