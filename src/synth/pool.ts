// A pool of synthesis worker threads, so engines never block the event loop that serves HTTP.
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { StoreOptions } from '../engines/index.js';
import type { EngineInfo, FromWorker, SpeakJob, SpeakStats } from './job.js';

interface Slot {
  worker: Worker;
  jobs: Map<number, (msg: FromWorker | { type: 'crash'; message: string }) => void>;
}

/** Emitted as 'settled' once the worker has really stopped working on a job. */
export interface JobSettled {
  outcome: 'done' | 'cancelled' | 'failed';
  stats: SpeakStats;
}

export class SynthPool extends EventEmitter {
  private slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  constructor(readonly size: number, private store: StoreOptions) {
    super();
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: this.store });
    const slot: Slot = { worker, jobs: new Map() };
    worker.on('message', (msg: FromWorker) => slot.jobs.get(msg.id)?.(msg));
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
  async *speak(job: SpeakJob, stats: SpeakStats): AsyncGenerator<Uint8Array> {
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
    try {
      while (true) {
        if (queue.length) { yield queue.shift()!; continue; }
        if (failure) throw failure;
        if (finished) return;
        await new Promise<void>((resolve) => { wake = resolve; });
        wake = undefined;
      }
    } finally {
      if (finished) {
        slot.jobs.delete(id);
        this.emit('settled', { outcome: failure ? 'failed' : 'done', stats } satisfies JobSettled);
      } else {
        // The consumer left early: tell the worker to stop, and report what it had done by then.
        slot.jobs.set(id, (msg) => {
          if (msg.type === 'audio') return;
          slot.jobs.delete(id);
          if (msg.type === 'done') Object.assign(stats, msg.stats);
          this.emit('settled', { outcome: 'cancelled', stats } satisfies JobSettled);
        });
        slot.worker.postMessage({ type: 'cancel', id });
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
