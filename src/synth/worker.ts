// A synthesis worker thread. Several jobs may be in flight here at once; they take turns at
// chunk boundaries (see pipeline.ts), so a long request cannot hold a short one back for long.
import { parentPort, workerData } from 'node:worker_threads';
import { discoverEngines, ENGINES, type StoreOptions } from '../engines/index.js';
import { loadEngine, render, speak } from './pipeline.js';
import type { EngineInfo, FromWorker, SpeakJob, SpeakStats, ToWorker } from './job.js';

const port = parentPort!;
const running = new Map<number, AbortController>();
/** PCM of chunks rendered by another worker, per job, waiting to be encoded here. */
const inboxes = new Map<number, Inbox>();
const send = (msg: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

class Inbox {
  private ready = new Map<number, Int16Array>();
  private waiting = new Map<number, (pcm: Int16Array) => void>();
  put(index: number, pcm: Int16Array) {
    const waiter = this.waiting.get(index);
    if (waiter) { this.waiting.delete(index); waiter(pcm); } else this.ready.set(index, pcm);
  }
  take = (index: number): Promise<Int16Array> => {
    const pcm = this.ready.get(index);
    if (pcm) { this.ready.delete(index); return Promise.resolve(pcm); }
    return new Promise((resolve) => this.waiting.set(index, resolve));
  };
  /** Wakes a job waiting for PCM that will not come, so it sees its abort signal. */
  drain() {
    for (const w of this.waiting.values()) w(new Int16Array(0));
    this.waiting.clear();
  }
}

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'catalog') void catalog(msg.id);
  else if (msg.type === 'speak') void run(msg.id, msg.job);
  else if (msg.type === 'render') void runRender(msg.id, msg.job, msg.indices);
  else if (msg.type === 'pcm') inboxes.get(msg.id)?.put(msg.index, msg.pcm);
  else if (msg.type === 'cancel') { running.get(msg.id)?.abort(); inboxes.get(msg.id)?.drain(); }
});

async function catalog(id: number) {
  const engines: EngineInfo[] = [];
  const failed: { name: string; error: string }[] = [];
  try {
    // Each catalog request rescans the model store, so pulled models appear (models/watch.ts).
    await discoverEngines(workerData as StoreOptions);
  } catch (err) {
    failed.push({ name: 'model store', error: (err as Error).message });
  }
  for (const name of Object.keys(ENGINES)) {
    try {
      const e = await loadEngine(name);
      engines.push({ name: e.name, family: e.family, blends: e.blends, sampleRate: e.sampleRate, speedRange: e.speedRange, languages: e.languages, styleControls: e.styleControls, voices: e.voices() });
    } catch (err) {
      failed.push({ name, error: (err as Error).message });
    }
  }
  send({ type: 'catalog', id, engines, failed });
}

/** A view that owns its whole buffer can be transferred as is; anything else is copied once. */
function own<T extends Uint8Array | Int16Array>(view: T): T {
  return view.byteOffset === 0 && view.byteLength === view.buffer.byteLength && view.buffer instanceof ArrayBuffer
    ? view : (view.slice() as T);
}

async function run(id: number, job: SpeakJob) {
  const controller = new AbortController();
  running.set(id, controller);
  const inbox = job.remote?.length ? new Inbox() : undefined;
  if (inbox) inboxes.set(id, inbox);
  const stats: SpeakStats = { samples: 0, synthMs: 0 };
  try {
    for await (const bytes of speak(job, controller.signal, stats, inbox?.take)) {
      if (controller.signal.aborted) break;
      const out = own(bytes);
      send({ type: 'audio', id, bytes: out }, [out.buffer as ArrayBuffer]);
    }
    send({ type: 'done', id, stats });
  } catch (err) {
    send({ type: 'error', id, message: (err as Error).message });
  } finally {
    running.delete(id);
    inboxes.delete(id);
  }
}

async function runRender(id: number, job: SpeakJob, indices: number[]) {
  const controller = new AbortController();
  running.set(id, controller);
  const stats: SpeakStats = { samples: 0, synthMs: 0 };
  try {
    for await (const { index, pcm } of render(job, indices, controller.signal, stats)) {
      if (controller.signal.aborted) break;
      const out = own(pcm);
      send({ type: 'pcm', id, index, pcm: out }, [out.buffer as ArrayBuffer]);
    }
    send({ type: 'done', id, stats });
  } catch (err) {
    send({ type: 'error', id, message: (err as Error).message });
  } finally {
    running.delete(id);
  }
}
