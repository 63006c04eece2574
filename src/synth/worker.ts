// A synthesis worker thread. Several jobs may be in flight here at once; they take turns at
// chunk boundaries (see pipeline.ts), so a long request cannot hold a short one back for long.
// Audio leaves only against credit the main thread grants as it passes bytes on to the client:
// a client that does not read pauses its job here, with a bounded amount of audio in flight.
import { parentPort, workerData } from 'node:worker_threads';
import { discoverEngines, ENGINES } from '../engines/index.js';
import { fliteImage } from '../engines/flite.js';
import type { WasiImage } from '../engines/wasi-memory.js';
import { loadEngine, render, speak } from './pipeline.js';
import { AsyncQueue } from './queue.js';
import type { EngineInfo, FromWorker, SpeakJob, SpeakStats, ToWorker, WorkerSettings } from './job.js';

const port = parentPort!;

interface Running {
  controller: AbortController;
  /** PCM of chunks another worker renders, in index order (split jobs only). */
  inbox?: AsyncQueue<Int16Array>;
  /** Bytes this job may still send. */
  credit: number;
  wake?: () => void;
}
const running = new Map<number, Running>();
const send = (msg: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'catalog') void catalog(msg);
  else if (msg.type === 'speak') void run(msg.id, msg.job, msg.credit);
  else if (msg.type === 'render') void runRender(msg.id, msg.job, msg.indices);
  else if (msg.type === 'pcm') running.get(msg.id)?.inbox?.push(msg.pcm);
  else if (msg.type === 'credit') {
    const job = running.get(msg.id);
    if (job) { job.credit += msg.bytes; job.wake?.(); }
  } else if (msg.type === 'cancel') {
    const job = running.get(msg.id);
    if (job) {
      job.controller.abort();
      job.inbox?.abort(new Error('cancelled'));
      job.wake?.();
    }
  }
});

const settings = workerData as WorkerSettings;
if (settings.flite) fliteImage(settings.flite);

async function catalog({ id, only, skip = [], flite, share }: Extract<ToWorker, { type: 'catalog' }>) {
  const engines: EngineInfo[] = [];
  const failed: { name: string; error: string }[] = [];
  if (flite) fliteImage(flite);
  let shared: WasiImage | undefined;
  if (share) {
    try { shared = fliteImage(); } catch (err) { failed.push({ name: 'flite', error: (err as Error).message }); }
  }
  try {
    // Each catalog request rescans the model store, so pulled models appear (models/watch.ts).
    if (settings.store && !only) await discoverEngines(settings.store);
  } catch (err) {
    failed.push({ name: 'model store', error: (err as Error).message });
  }
  for (const name of Object.keys(ENGINES)) {
    if (only ? !only.includes(name) : skip.includes(name)) continue;
    try {
      const e = await loadEngine(name);
      engines.push({ name: e.name, family: e.family, blends: e.blends, sampleRate: e.sampleRate, speedRange: e.speedRange, languages: e.languages, styleControls: e.styleControls, voices: e.voices() });
    } catch (err) {
      failed.push({ name, error: (err as Error).message });
    }
  }
  send({ type: 'catalog', id, engines, failed, flite: shared });
}

/** A view that owns its whole buffer can be transferred as is; anything else is copied once. */
function own<T extends Uint8Array | Int16Array>(view: T): T {
  return view.byteOffset === 0 && view.byteLength === view.buffer.byteLength && view.buffer instanceof ArrayBuffer
    ? view : (view.slice() as T);
}

/**
 * Most bytes one `audio` message carries. Pieces the pipeline yields without waiting in between
 * (a sentence is many 0.25 s encoder blocks) go out together, up to this, so the main thread
 * handles a few messages per sentence instead of one per block. The pieces stay separate (SSE
 * sends each as one delta); the socket's writev joins what is queued.
 */
const BATCH_BYTES = 64 * 1024;

async function run(id: number, job: SpeakJob, credit: number) {
  const state: Running = { controller: new AbortController(), credit, inbox: job.remote?.length ? new AsyncQueue() : undefined };
  running.set(id, state);
  const { signal } = state.controller;
  const stats: SpeakStats = { samples: 0, synthMs: 0 };
  const remote = state.inbox && (async () => (await state.inbox!.shift()) ?? new Int16Array(0));
  let batch: Uint8Array[] = [];
  let batched = 0;
  let sentAny = false;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (!batched || signal.aborted) return;
    // One buffer per message: many small ones, made here and freed on the main thread, cost
    // ~30 MiB more RSS after 20 requests (glibc keeps them in this thread's arena).
    const bytes = batch.length === 1 ? own(batch[0]) : joinBytes(batch, batched);
    const sizes = batch.map((b) => b.byteLength);
    batch = [];
    batched = 0;
    send({ type: 'audio', id, bytes, sizes }, [bytes.buffer as ArrayBuffer]);
  };
  try {
    for await (const bytes of speak(job, signal, stats, settings.encoders, remote)) {
      // Out of credit: the client is behind. The pipeline (and the engine) waits here.
      while (state.credit <= 0 && !signal.aborted) {
        flush();
        await new Promise<void>((resolve) => { state.wake = resolve; });
      }
      if (signal.aborted) break;
      if (!bytes.byteLength) continue;
      state.credit -= bytes.byteLength;
      batch.push(bytes);
      batched += bytes.byteLength;
      // The first bytes leave at once (first-byte latency); later ones when the batch is full or
      // the pipeline waits (the engine, or another job's turn), whichever comes first.
      if (!sentAny || batched >= BATCH_BYTES) { sentAny = true; flush(); }
      else if (!scheduled) { scheduled = true; setImmediate(flush); }
    }
    flush();
    send({ type: 'done', id, stats });
  } catch (err) {
    send(signal.aborted ? { type: 'done', id, stats } : { type: 'error', id, message: (err as Error).message });
  } finally {
    // Nothing may follow the job's last message: a flush still scheduled finds the batch empty.
    batch = [];
    batched = 0;
    running.delete(id);
  }
}

function joinBytes(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.byteLength; }
  return out;
}

async function runRender(id: number, job: SpeakJob, indices: number[]) {
  const state: Running = { controller: new AbortController(), credit: Infinity };
  running.set(id, state);
  const stats: SpeakStats = { samples: 0, synthMs: 0 };
  try {
    for await (const { index, pcm } of render(job, indices, state.controller.signal, stats)) {
      if (state.controller.signal.aborted) break;
      const out = own(pcm);
      send({ type: 'pcm', id, index, pcm: out }, [out.buffer as ArrayBuffer]);
    }
    send({ type: 'done', id, stats });
  } catch (err) {
    send(state.controller.signal.aborted ? { type: 'done', id, stats } : { type: 'error', id, message: (err as Error).message });
  } finally {
    running.delete(id);
  }
}
