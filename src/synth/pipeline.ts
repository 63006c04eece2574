// The part of a request that runs inside a worker thread: engine -> resample -> tempo -> encode.
// A job's chunks can be split between workers: a helper worker renders some chunks to 24 kHz PCM
// (`render`), and the job's home worker, which owns the one stateful encoder, takes that PCM in
// order where its own chunks would be (`remote`), so chunk n+1 is synthesized while n is encoded.
import { OUTPUT_SAMPLE_RATE } from '../contract.js';
import { ENGINES } from '../engines/index.js';
import type { Engine } from '../engines/types.js';
import { getEncoder, type EncoderSettings } from '../encoders/index.js';
import { concat, createResampler, initResampler } from '../audio/resample.js';
import { createTempo, initTempo } from '../audio/tempo.js';
import type { SpeakJob, SpeakStats } from './job.js';
import { chain, planStyle, silence } from '../style/apply.js';

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

/** Samples handed to an encoder at once: 0.25 s at 24 kHz. */
const ENCODE_BLOCK = 6000;
/**
 * pcm and wav only copy samples to bytes, so they take 64 KiB at once (the worker's BATCH_BYTES):
 * each block is then one message (one piece in the job's ring), and a 2,000-character response
 * goes through the generators in ~80 steps instead of ~440. (120 KiB blocks cost the main thread
 * ~3.5 ms less per such response but held ~5-15 MiB more after 20 mixed requests, BENCHMARKS.md.)
 */
const RAW_BLOCK = 32768;

/** Gives other jobs on this worker, and cancel messages, a turn between chunks. */
const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function prepare(job: SpeakJob) {
  dspReady ??= Promise.all([initResampler(), initTempo()]);
  await dspReady;
  const engine = await loadEngine(job.engine);
  const style = planStyle(job.style, job.speed, engine.styleControls);
  const [engineSpeed, stretch] = splitSpeed(style.speed, engine.speedRange);
  // Samples this side of the job may still produce (see SpeakJob.maxSamples).
  return { engine, engineSpeed, stretch, style, budget: job.maxSamples };
}

export class AudioLimitError extends Error {
  constructor(max: number) {
    super(`the audio exceeded this input's limit of ${(max / OUTPUT_SAMPLE_RATE).toFixed(1)} s (MYNAH_MAX_AUDIO_SECONDS_PER_CHAR)`);
  }
}

/** One chunk of text as 24 kHz PCM at the requested speed, piece by piece as the engine gives it. */
async function* renderChunk(job: SpeakJob, text: string, ctx: Awaited<ReturnType<typeof prepare>>, stats: SpeakStats, signal: AbortSignal): AsyncGenerator<Int16Array> {
  // A style with pauses speaks the chunk's sentences (or clauses) separately, silence between.
  for (const piece of ctx.style.pieces(text)) {
    if (signal.aborted) return;
    if (piece.pauseMs) yield silence(piece.pauseMs, OUTPUT_SAMPLE_RATE);
    yield* renderText(job, piece.text, ctx, stats, signal);
  }
}

async function* renderText(job: SpeakJob, text: string, ctx: Awaited<ReturnType<typeof prepare>>, stats: SpeakStats, signal: AbortSignal): AsyncGenerator<Int16Array> {
  const { engine, engineSpeed, stretch, style } = ctx;
  const resampler = createResampler(engine.sampleRate, OUTPUT_SAMPLE_RATE);
  const tempo = Math.abs(stretch - 1) > 1e-3 || style.pitch !== 1 ? createTempo(OUTPUT_SAMPLE_RATE, stretch, style.pitch) : undefined;
  const post = chain(style.post(OUTPUT_SAMPLE_RATE));
  const spend = (piece: Int16Array) => {
    ctx.budget -= piece.length;
    if (ctx.budget < 0) throw new AudioLimitError(job.maxSamples);
    return piece;
  };
  const out = (pcm: Int16Array) => spend(post.process(tempo ? tempo.process(pcm) : pcm));
  try {
    let mark = performance.now();
    for await (const pcm of engine.synthesize({ text, voice: job.voice, language: job.language, speed: engineSpeed, signal, style: style.engine })) {
      stats.synthMs += performance.now() - mark;
      yield out(resampler.process(pcm));
      mark = performance.now();
    }
    yield out(resampler.flush());
    if (tempo) yield spend(post.process(tempo.flush()));
    yield spend(post.flush());
  } finally {
    resampler.close();
    tempo?.close();
    post.close();
  }
}

/** Helper side of a split job: renders the chunks at `indices`, one whole PCM buffer per chunk. */
export async function* render(job: SpeakJob, indices: number[], signal: AbortSignal, stats: SpeakStats): AsyncGenerator<{ index: number; pcm: Int16Array }> {
  const ctx = await prepare(job);
  for (const index of indices) {
    if (signal.aborted) return;
    const pieces: Int16Array[] = [];
    for await (const pcm of renderChunk(job, job.chunks[index], ctx, stats, signal)) if (pcm.length) pieces.push(pcm);
    yield { index, pcm: concat(pieces) };
    await yieldTurn();
  }
}

/**
 * Home side: speaks every chunk in order and encodes it. Chunks listed in `job.remote` are not
 * synthesized here; `remote(index)` resolves with their PCM, rendered by a helper worker.
 */
export async function* speak(job: SpeakJob, signal: AbortSignal, stats: SpeakStats, settings: EncoderSettings, remote?: (index: number) => Promise<Int16Array>): AsyncGenerator<Uint8Array> {
  const ctx = await prepare(job);
  const encoder = await getEncoder(job.format).create(OUTPUT_SAMPLE_RATE, settings);
  const elsewhere = new Set(job.remote ?? []);
  try {
    for (let index = 0; index < job.chunks.length; index++) {
      if (signal.aborted) return;
      if (index > 0 && ctx.style.chunkPauseMs) yield* encodePiece(silence(ctx.style.chunkPauseMs, OUTPUT_SAMPLE_RATE));
      if (elsewhere.has(index) && remote) {
        const pcm = await remote(index);
        if (signal.aborted) return;
        yield* encodePiece(pcm);
      } else {
        for await (const pcm of renderChunk(job, job.chunks[index], ctx, stats, signal)) yield* encodePiece(pcm);
      }
      await yieldTurn();
    }
    yield* await encoder.end();
  } finally {
    encoder.close();
  }

  // A sentence is seconds of audio; encoding it in one go would hold its first bytes back until
  // the whole sentence is encoded (~80 ms for opus), so it goes to the encoder in short blocks.
  async function* encodePiece(pcm: Int16Array): AsyncGenerator<Uint8Array> {
    stats.samples += pcm.length;
    const block = job.format === 'pcm' || job.format === 'wav' ? RAW_BLOCK : ENCODE_BLOCK;
    for (let at = 0; at < pcm.length; at += block) {
      yield* await encoder.write(pcm.subarray(at, at + block));
    }
  }
}
