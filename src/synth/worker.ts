// A synthesis worker thread. Several jobs may be in flight here at once; they take turns at
// chunk boundaries (see pipeline.ts), so a long request cannot hold a short one back for long.
// A job's audio goes into its ring, a SharedArrayBuffer the main thread made for it: each
// message only says where the new pieces are. Space comes back (as credit) once the main thread
// is done with the bytes, so a client that does not read pauses its job here, with at most one
// ring of audio in flight, and no buffer is made, moved or collected per piece (BENCHMARKS.md).
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
  /** Bytes of its ring this job may still fill. */
  free: number;
  wake?: () => void;
}
const running = new Map<number, Running>();
const send = (msg: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'catalog') void catalog(msg);
  else if (msg.type === 'speak') void run(msg.id, msg.job, new Uint8Array(msg.ring));
  else if (msg.type === 'render') void runRender(msg.id, msg.job, msg.indices);
  else if (msg.type === 'pcm') running.get(msg.id)?.inbox?.push(msg.pcm);
  else if (msg.type === 'credit') {
    const job = running.get(msg.id);
    if (job) { job.free += msg.bytes; job.wake?.(); }
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
 * Most bytes one `audio` message announces. Pieces the pipeline yields without waiting in between
 * (a sentence is many 0.25 s encoder blocks) go out together, up to this, so the main thread
 * handles a few messages per sentence instead of one per block. The pieces stay separate (SSE
 * sends each as one delta); the socket's writev joins them.
 */
const BATCH_BYTES = 64 * 1024;

async function run(id: number, job: SpeakJob, ring: Uint8Array) {
  const state: Running = { controller: new AbortController(), free: ring.length, inbox: job.remote?.length ? new AsyncQueue() : undefined };
  running.set(id, state);
  const { signal } = state.controller;
  const stats: SpeakStats = { samples: 0, synthMs: 0 };
  const remote = state.inbox && (async () => (await state.inbox!.shift()) ?? new Int16Array(0));
  // A piece of at most a quarter of the ring always fits once the main thread has caught up,
  // even with the ring's tail skipped (pool.ts credits in quarters).
  const largest = ring.length >> 2;
  let head = 0;
  let batchAt = 0;
  let sizes: number[] = [];
  let batched = 0;
  let sentAny = false;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (!batched || signal.aborted) return;
    send({ type: 'audio', id, at: batchAt, sizes });
    sizes = [];
    batched = 0;
  };
  /** Copies a piece into the ring, contiguous: one that does not fit before the end starts at 0 (the tail skipped counts as used). */
  const put = async (bytes: Uint8Array): Promise<boolean> => {
    const wrap = bytes.byteLength > ring.length - head;
    const need = bytes.byteLength + (wrap ? ring.length - head : 0);
    // Out of space: the client is behind. The pipeline (and the engine) waits here.
    while (state.free < need && !signal.aborted) {
      flush();
      await new Promise<void>((resolve) => { state.wake = resolve; });
    }
    if (signal.aborted) return false;
    if (wrap) { flush(); head = 0; }
    if (!batched) batchAt = head;
    ring.set(bytes, head);
    head += bytes.byteLength;
    state.free -= need;
    sizes.push(bytes.byteLength);
    batched += bytes.byteLength;
    // The first bytes leave at once (first-byte latency); later ones when the batch is full or
    // the pipeline waits (the engine, or another job's turn), whichever comes first.
    if (!sentAny || batched >= BATCH_BYTES) { sentAny = true; flush(); }
    else if (!scheduled) { scheduled = true; setImmediate(flush); }
    return true;
  };
  try {
    pieces: for await (const bytes of speak(job, signal, stats, settings.encoders, remote)) {
      if (signal.aborted) break;
      for (let at = 0; at < bytes.byteLength; at += largest) {
        if (!(await put(bytes.subarray(at, at + largest)))) break pieces;
      }
    }
    flush();
    send({ type: 'done', id, stats });
  } catch (err) {
    send(signal.aborted ? { type: 'done', id, stats } : { type: 'error', id, message: (err as Error).message });
  } finally {
    // Nothing may follow the job's last message: a flush still scheduled finds the batch empty.
    sizes = [];
    batched = 0;
    running.delete(id);
  }
}

async function runRender(id: number, job: SpeakJob, indices: number[]) {
  const state: Running = { controller: new AbortController(), free: Infinity };
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
