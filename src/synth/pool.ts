// A pool of synthesis worker threads, so engines never block the event loop that serves HTTP.
// With MYNAH_SPLIT_JOBS, a job with several chunks is split across two workers (see pipeline.ts)
// and reassembled in order; finished jobs can be kept in a byte-bounded cache (MYNAH_CACHE_MB).
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { StoreOptions } from '../engines/index.js';
import { AudioCache } from './cache.js';
import type { EngineInfo, FromWorker, SpeakJob, SpeakStats } from './job.js';

type Delivery = FromWorker | { type: 'crash'; message: string };

interface Slot {
  worker: Worker;
  jobs: Map<number, (msg: Delivery) => void>;
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

export interface PoolOptions {
  /** Bytes of encoded audio to keep for repeated requests; 0 turns the cache off. */
  cacheBytes?: number;
  /** Split multi-chunk jobs across two workers when the second is idle (default: off; see BENCHMARKS.md). */
  split?: boolean;
  /** Where workers find installed neural models (see engines/index.ts). */
  store?: StoreOptions;
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
  readonly cache: AudioCache;
  private readonly split: boolean;
  /** Jobs handed to workers (a split job counts once); cache hits do not count. */
  jobsRun = 0;

  private readonly store?: StoreOptions;

  constructor(readonly size: number, options: PoolOptions = {}) {
    super();
    this.store = options.store;
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
    this.cache = new AudioCache(options.cacheBytes ?? 0);
    this.split = (options.split ?? false) && size > 1;
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: this.store });
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

  /** Yields a job's encoded audio, from the cache when it is there, else from the workers. */
  async *speak(job: SpeakJob, stats: SpeakStats, opts: SpeakOptions = {}): AsyncGenerator<Uint8Array> {
    if (!this.cache.enabled) return yield* this.synthesize(job, stats, opts);
    const key = AudioCache.key(job);
    const hit = this.cache.get(key);
    if (hit) {
      Object.assign(stats, hit.stats);
      return yield* hit.parts;
    }
    const parts: Uint8Array[] = [];
    for await (const bytes of this.synthesize(job, stats, opts)) {
      parts.push(bytes);
      yield bytes;
    }
    this.cache.set(key, parts, stats);
  }

  /**
   * Runs a job on the least busy worker and yields encoded audio as it arrives. With splitting on
   * and another worker idle, odd chunks go to it: it renders them while the first synthesizes and encodes
   * the rest (under load every worker is busy anyway, and splitting would only add traffic). Leaving
   * the loop early (a client that went away) cancels the job in every worker.
   */
  private async *synthesize(job: SpeakJob, stats: SpeakStats, opts: SpeakOptions): AsyncGenerator<Uint8Array> {
    this.jobsRun++;
    const bySize = [...this.slots].sort((a, b) => a.jobs.size - b.jobs.size);
    const home = bySize[0];
    const helper = this.split && job.chunks.length > 1 && bySize[1].jobs.size === 0 ? bySize[1] : undefined;
    const remote = helper ? job.chunks.map((_, i) => i).filter((i) => i % 2 === 1) : [];
    const id = this.nextId++;
    const helperId = this.nextId++;
    const queue: Uint8Array[] = [];
    let finished = false;
    let helperFinished = !helper;
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    const fail = (message: string) => { failure ??= new Error(message); wake?.(); };

    home.jobs.set(id, (msg) => {
      if (msg.type === 'audio') queue.push(msg.bytes);
      else if (msg.type === 'done') { stats.samples = msg.stats.samples; stats.synthMs += msg.stats.synthMs; finished = true; }
      else if (msg.type === 'error' || msg.type === 'crash') { fail(msg.message); finished = true; }
      wake?.();
    });
    if (helper) {
      helper.jobs.set(helperId, (msg) => {
        if (msg.type === 'pcm') home.worker.postMessage({ type: 'pcm', id, index: msg.index, pcm: msg.pcm }, [msg.pcm.buffer as ArrayBuffer]);
        else if (msg.type === 'done') { stats.synthMs += msg.stats.synthMs; helperFinished = true; helper.jobs.delete(helperId); }
        else if (msg.type === 'error' || msg.type === 'crash') { helperFinished = true; helper.jobs.delete(helperId); fail(msg.message); }
      });
      helper.worker.postMessage({ type: 'render', id: helperId, job, indices: remote });
    }
    home.worker.postMessage({ type: 'speak', id, job: { ...job, remote } });
    // A timeout or an abort ends the job from this side at once, whatever the worker is doing;
    // the finally block below then cancels it in the workers.
    const timer = opts.timeoutMs ? setTimeout(() => {
      fail(`synthesis timed out after ${opts.timeoutMs} ms`);
      const since = performance.now();
      setTimeout(() => { if (home.lastMessageAt < since && this.slots.includes(home)) void home.worker.terminate(); }, HUNG_MS).unref();
    }, opts.timeoutMs) : undefined;
    const onAbort = () => fail('synthesis cancelled');
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
      // A cancelled job still occupies its worker until the chunk in hand is done; it keeps its
      // place in the slot until the worker says so, so load() and scheduling stay truthful.
      if (finished) home.jobs.delete(id);
      const stops = [
        finished ? undefined : this.cancel(home, id).then((done) => { if (done) stats.samples = done.samples; }),
        helper && !helperFinished ? this.cancel(helper, helperId) : undefined,
      ];
      const outcome = !finished ? 'cancelled' : failure ? 'failed' : 'done';
      void Promise.all(stops).then(() => this.emit('settled', { outcome, stats } satisfies JobSettled));
    }
  }

  /** Stops a job in its worker; resolves with its final stats once the worker has let go of it. */
  private cancel(slot: Slot, id: number): Promise<SpeakStats | undefined> {
    return new Promise((resolve) => {
      slot.jobs.set(id, (msg) => {
        if (msg.type !== 'done' && msg.type !== 'error' && msg.type !== 'crash') return;
        slot.jobs.delete(id);
        resolve(msg.type === 'done' ? msg.stats : undefined);
      });
      slot.worker.postMessage({ type: 'cancel', id });
    });
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
