// A pool of synthesis worker threads, so engines never block the event loop that serves HTTP.
import { Worker } from 'node:worker_threads';
import type { EngineInfo, FromWorker, SpeakJob, SpeakStats } from './job.js';

interface Slot {
  worker: Worker;
  jobs: Map<number, (msg: FromWorker | { type: 'crash'; message: string }) => void>;
  /** When the worker last sent anything (to tell a hung worker from a busy one). */
  lastMessageAt: number;
}

export interface SpeakOptions {
  /** Fail the job (and cancel it in the worker) after this many milliseconds. */
  timeoutMs?: number;
  /** Aborting cancels the job at once, even while waiting for the worker. */
  signal?: AbortSignal;
}

/** After a timed-out job is cancelled, a worker that stays silent this long is hung and replaced. */
const HUNG_MS = 2000;

export class SynthPool {
  private slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./worker.js', import.meta.url));
    const slot: Slot = { worker, jobs: new Map(), lastMessageAt: performance.now() };
    worker.on('message', (msg: FromWorker) => { slot.lastMessageAt = performance.now(); slot.jobs.get(msg.id)?.(msg); });
    const fail = (message: string) => {
      for (const deliver of slot.jobs.values()) deliver({ type: 'crash', message });
      slot.jobs.clear();
      // A crashed worker is replaced so the pool keeps its size.
      const index = this.slots.indexOf(slot);
      if (index >= 0 && !this.closed) this.slots[index] = this.spawn();
    };
    worker.on('error', (err) => fail(`synthesis worker failed: ${err.message}`));
    worker.on('exit', (code) => { if (!this.closed) fail(`synthesis worker exited with code ${code}`); });
    return slot;
  }

  /**
   * Loads every engine in every worker (so no request pays for a cold start) and reports which
   * engines load on this machine and what voices they have.
   */
  async catalog(): Promise<{ engines: EngineInfo[]; failed: { name: string; error: string }[] }> {
    const [first] = await Promise.all(this.slots.map((slot) => this.catalogOf(slot)));
    return first;
  }

  private catalogOf(slot: Slot): Promise<{ engines: EngineInfo[]; failed: { name: string; error: string }[] }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.jobs.set(id, (msg) => {
        slot.jobs.delete(id);
        if (msg.type === 'catalog') resolve({ engines: msg.engines, failed: msg.failed });
        else reject(new Error('message' in msg ? msg.message : 'catalog failed'));
      });
      slot.worker.postMessage({ type: 'catalog', id });
    });
  }

  /** Jobs currently running, per worker. */
  load(): number[] {
    return this.slots.map((s) => s.jobs.size);
  }

  /**
   * Runs a job on the least busy worker and yields encoded audio as it arrives. Leaving the
   * loop early (a client that went away) cancels the job in the worker.
   */
  async *speak(job: SpeakJob, stats: SpeakStats, opts: SpeakOptions = {}): AsyncGenerator<Uint8Array> {
    const slot = this.slots.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
    const id = this.nextId++;
    const queue: Uint8Array[] = [];
    let finished = false;
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    slot.jobs.set(id, (msg) => {
      if (msg.type === 'audio') queue.push(msg.bytes);
      else if (msg.type === 'done') { Object.assign(stats, msg.stats); finished = true; }
      else if (msg.type === 'error' || msg.type === 'crash') { failure = new Error(msg.message); finished = true; }
      wake?.();
    });
    slot.worker.postMessage({ type: 'speak', id, job });
    // Timeout and abort end the job from this side at once, whatever the worker is doing.
    const stop = (err: Error) => {
      if (finished) return;
      failure = err;
      finished = true;
      slot.worker.postMessage({ type: 'cancel', id });
      wake?.();
    };
    const timer = opts.timeoutMs ? setTimeout(() => {
      stop(new Error(`synthesis timed out after ${opts.timeoutMs} ms`));
      const since = performance.now();
      setTimeout(() => { if (slot.lastMessageAt < since && this.slots.includes(slot)) void slot.worker.terminate(); }, HUNG_MS).unref();
    }, opts.timeoutMs) : undefined;
    const onAbort = () => stop(new Error('synthesis cancelled'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) onAbort();
    try {
      while (true) {
        if (queue.length) { yield queue.shift()!; continue; }
        if (failure) throw failure;
        if (finished) return;
        await new Promise<void>((resolve) => { wake = resolve; });
        wake = undefined;
      }
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (!finished) slot.worker.postMessage({ type: 'cancel', id });
      slot.jobs.delete(id);
    }
  }

  /** Terminates worker `index` as a crash would (a test hook); the pool replaces it. */
  async terminateWorker(index: number): Promise<void> {
    await this.slots[index]?.worker.terminate();
  }

  /** Worker thread ids, so tests can tell a replaced worker from the old one. */
  threadIds(): number[] {
    return this.slots.map((s) => s.worker.threadId);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
