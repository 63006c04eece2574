// The synthesis pool: what the HTTP layer calls. Workers live in host.ts (text preparation in its
// own thread, text-worker.ts), the choice of worker in
// scheduler.ts, recent results in cache.ts; this file runs one job's messages. A job streams
// against credit (see worker.ts), can be split across two workers (MYNAH_SPLIT_JOBS, see
// pipeline.ts), and ends in exactly one place: its generator's finally block, which cancels it
// in the workers when it did not finish and waits for their acknowledgement.
import { EventEmitter } from 'node:events';
import type { ResourceLimits } from 'node:worker_threads';
import type { EncoderSettings } from '../encoders/index.js';
import type { StoreOptions } from '../engines/index.js';
import type { PreparedText } from '../text/index.js';
import { AudioCache, type ResultCache } from './cache.js';
import { WorkerHost } from './host.js';
import { ENGINES } from '../engines/index.js';
import type { WasiImage } from '../engines/wasi-memory.js';
import type { EngineInfo, PrepareJob, SpeakJob, SpeakStats, WorkerSettings } from './job.js';
import { AsyncQueue } from './queue.js';
import { Scheduler } from './scheduler.js';

export interface SpeakOptions {
  /** Fail the job (and cancel it in the worker) after this many milliseconds of synthesis; time spent waiting for a slow client does not count. */
  timeoutMs?: number;
  /** Aborting cancels the job at once, even while waiting for the worker. */
  signal?: AbortSignal;
}

export interface PoolOptions {
  /** Bytes of encoded audio to keep for repeated requests; 0 turns the cache off. */
  cacheBytes?: number;
  /** Split multi-chunk jobs across two workers when the second is idle (default: off; see BENCHMARKS.md). */
  split?: boolean;
  /** Where workers find installed neural models (see engines/index.ts). */
  store?: StoreOptions;
  /** What encoders need from config (the ffmpeg binary). */
  encoders?: EncoderSettings;
  /** Memory limits per worker: one over them dies alone (with its own jobs) and is replaced. */
  resourceLimits?: ResourceLimits;
  /** Bytes of audio a job may have between its worker and its client before the worker pauses: the size of its ring. */
  windowBytes?: number;
  /** A worker that does not acknowledge a cancel within this long is hung, and is replaced. */
  hungMs?: number;
}

/** Emitted as 'settled' once the workers have really stopped working on a job. */
export interface JobSettled {
  outcome: 'done' | 'cancelled' | 'failed';
  stats: SpeakStats;
}

const DEFAULT_WINDOW = 256 * 1024;
/**
 * Built-in engines a worker loads on its first job that needs them, not at start-up: eSpeak NG
 * speaks only what no other engine covers (other languages), and holds ~35 MiB per worker once
 * loaded (BENCHMARKS.md, "Memory"). Their descriptions come from a short-lived worker, once.
 */
const ON_DEMAND = ['espeak'];
type CatalogResult = { engines: EngineInfo[]; failed: { name: string; error: string }[]; flite?: WasiImage };
// A cancel is acknowledged once the chunk in hand is done: milliseconds for flite, seconds for a
// long sentence on a neural model on a busy machine. A worker silent for this long is hung.
// (Terminating a worker is the last resort: its ffmpeg children, killed with it, stay zombies.)
const DEFAULT_HUNG_MS = 30_000;

export class SynthPool extends EventEmitter {
  private readonly scheduler: Scheduler;
  /** The text worker (text-worker.ts): one thread, as preparation takes about a millisecond. */
  private readonly text: Scheduler;
  private nextId = 1;
  readonly cache: AudioCache;
  /** Where results are looked up and kept: `cache` unless a shared store was given (useCache). */
  private results: ResultCache;
  private readonly split: boolean;
  private readonly window: number;
  private readonly hungMs: number;
  /** Jobs handed to workers (a split job counts once); cache hits do not count. */
  jobsRun = 0;
  private readonly script = new URL('./worker.js', import.meta.url);
  private readonly settings: WorkerSettings;
  private readonly limits?: ResourceLimits;
  /** What the on-demand engines are (built in, so it never changes). */
  private onDemand?: Promise<CatalogResult>;

  constructor(readonly size: number, options: PoolOptions = {}) {
    super();
    // Filled in by catalog(): flite compiled once, its memory image shared by every worker.
    const settings: WorkerSettings = { store: options.store, encoders: options.encoders ?? { ffmpeg: 'ffmpeg' } };
    this.settings = settings;
    this.limits = options.resourceLimits;
    this.scheduler = new Scheduler(size, this.script, settings, options.resourceLimits);
    this.text = new Scheduler(1, new URL('./text-worker.js', import.meta.url), settings, options.resourceLimits);
    this.cache = new AudioCache(options.cacheBytes ?? 0);
    this.results = this.cache;
    this.split = (options.split ?? false) && size > 1;
    this.window = options.windowBytes ?? DEFAULT_WINDOW;
    this.hungMs = options.hungMs ?? DEFAULT_HUNG_MS;
  }

  /**
   * Loads the engines every request may need in every worker (so no request pays for a cold
   * start), describes the on-demand ones from a short-lived worker, and reports which engines
   * load on this machine and what voices they have, in registry order.
   */
  async catalog(): Promise<CatalogResult> {
    // The short-lived worker also compiles flite and lays out its memory image first, for every
    // worker (and for workers spawned later, through the settings): the 21 MB file and the copies
    // made on the way are freed with that thread instead of waiting for a GC on the main thread.
    if (!this.onDemand) {
      let shared!: (image: WasiImage | undefined) => void;
      const flite = new Promise<WasiImage | undefined>((resolve) => { shared = resolve; });
      this.onDemand = (async () => {
        const host = new WorkerHost(this.script, this.settings, this.limits);
        try {
          const first = await this.catalogIn(host, { only: [], share: true }).catch(() => undefined);
          shared(first?.flite);
          return await this.catalogIn(host, { only: ON_DEMAND });
        } finally {
          shared(undefined);
          await host.terminate();
        }
      })();
      // Without it (flite not there), each worker reports flite's failure itself.
      this.settings.flite = await flite;
    }
    const [[first], lazy] = await Promise.all([
      Promise.all(this.scheduler.hosts.map((host) => this.catalogIn(host, { skip: ON_DEMAND, flite: this.settings.flite }))),
      this.onDemand.catch((err: Error) => ({ engines: [], failed: ON_DEMAND.map((name) => ({ name, error: err.message })) })),
    ]);
    const order = Object.keys(ENGINES);
    const rank = (name: string) => { const i = order.indexOf(name); return i < 0 ? order.length : i; };
    return {
      engines: [...first.engines, ...lazy.engines].sort((a, b) => rank(a.name) - rank(b.name)),
      failed: [...first.failed, ...lazy.failed],
    };
  }

  private catalogIn(host: WorkerHost, which: { only?: string[]; skip?: string[]; share?: boolean; flite?: WasiImage }): Promise<CatalogResult> {
    return new Promise<CatalogResult>((resolve, reject) => {
      const id = this.nextId++;
      host.jobs.set(id, (msg) => {
        host.jobs.delete(id);
        if (msg.type === 'catalog') resolve({ engines: msg.engines, failed: msg.failed, flite: msg.flite });
        else reject(new Error('message' in msg ? msg.message : 'catalog failed'));
      });
      host.post({ type: 'catalog', id, ...which });
    });
  }

  /** Prepares text in the text worker (cleaning, language, lexicon, normalization, chunking). */
  prepare(job: PrepareJob, opts: SpeakOptions = {}): Promise<PreparedText> {
    const { home } = this.text.pick();
    const id = this.nextId++;
    return new Promise<PreparedText>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let hung: NodeJS.Timeout | undefined;
      const onAbort = () => finish(opts.signal!.reason ?? new Error('cancelled'));
      const finish = (err?: Error, text?: PreparedText) => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err); else resolve(text!);
      };
      home.jobs.set(id, (msg) => {
        home.jobs.delete(id);
        clearTimeout(hung);
        if (msg.type === 'prepared') finish(undefined, msg.text);
        else finish(new Error('message' in msg ? msg.message : 'text preparation failed'));
      });
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      // Preparation cannot be interrupted inside the worker: one that overruns is hung.
      if (opts.timeoutMs) {
        timer = setTimeout(() => {
          finish(new Error(`text preparation timed out after ${opts.timeoutMs} ms`));
          hung = setTimeout(() => { if (home.jobs.has(id)) void home.terminate(); }, this.hungMs).unref();
        }, opts.timeoutMs);
      }
      home.post({ type: 'prepare', id, job });
    });
  }

  /** Jobs currently running, per worker. */
  load(): number[] {
    return this.scheduler.hosts.map((h) => h.load);
  }

  /**
   * Keeps results in `store` (shared by replicas) instead of this process's cache, or back in it
   * when undefined. The cache stays off unless cacheBytes > 0 (MYNAH_CACHE_MB).
   */
  useCache(store: ResultCache | undefined): void {
    this.results = store ?? this.cache;
  }

  /**
   * Yields a job's encoded audio in batches of pieces, from the cache when it is there, else from
   * the workers. A batch's pieces are views of the job's ring: they hold until the next batch is
   * asked for, and then the worker may overwrite them. Keep a copy of anything kept longer.
   */
  speak(job: SpeakJob, stats: SpeakStats, opts: SpeakOptions = {}): AsyncGenerator<Uint8Array[]> {
    // The workers' generator itself when there is no cache: one layer less for every batch.
    return this.cache.enabled ? this.cached(job, stats, opts) : this.synthesize(job, stats, opts);
  }

  private async *cached(job: SpeakJob, stats: SpeakStats, opts: SpeakOptions): AsyncGenerator<Uint8Array[]> {
    const key = AudioCache.key(job);
    const hit = await this.results.get(key);
    if (hit) {
      Object.assign(stats, hit.stats);
      return yield hit.parts;
    }
    const parts: Uint8Array[] = [];
    for await (const batch of this.synthesize(job, stats, opts)) {
      for (const piece of batch) parts.push(piece.slice());
      yield batch;
    }
    // Awaited, so that once a response has ended its result is there for the next request (on any replica).
    await this.results.set(key, parts, stats);
  }

  /**
   * Runs a job on the least busy worker and yields encoded audio as it arrives. With splitting on
   * and another worker idle, odd chunks go to it: it renders them while the first synthesizes and
   * encodes the rest. Leaving the loop early (a client that went away) cancels the job in every worker.
   */
  private async *synthesize(job: SpeakJob, stats: SpeakStats, opts: SpeakOptions): AsyncGenerator<Uint8Array[]> {
    this.jobsRun++;
    const { home, idle } = this.scheduler.pick();
    const helper = this.split && job.chunks.length > 1 ? idle : undefined;
    const remote = helper ? job.chunks.map((_, i) => i).filter((i) => i % 2 === 1) : [];
    // The job's audio travels through this ring (worker.ts): one buffer for the whole job.
    const ring = new SharedArrayBuffer(this.window);
    // Where the last batch ended, and what each batch takes of the ring (a skipped tail included).
    let tail = 0;
    const audio = new AsyncQueue<{ pieces: Uint8Array[]; cost: number }>();
    const homePart = this.part(home, (msg) => {
      if (msg.type === 'audio') {
        const skipped = msg.at === tail ? 0 : ring.byteLength - tail;
        const pieces: Uint8Array[] = [];
        let at = msg.at;
        for (const size of msg.sizes) { pieces.push(new Uint8Array(ring, at, size)); at += size; }
        const cost = skipped + at - msg.at;
        tail = at;
        audio.push({ pieces, cost });
        received += cost;
        // The worker may now be waiting for space (a piece needs at most half the ring): from here
        // on the time is the client's, not synthesis.
        if (inFlight() > this.window / 2) clock.pause();
      }
      else if (msg.type === 'done') { stats.samples = msg.stats.samples; stats.synthMs += msg.stats.synthMs; audio.end(); }
      else if (msg.type === 'error' || msg.type === 'crash') audio.fail(new Error(msg.message));
    });
    const helperPart = helper && this.part(helper, (msg) => {
      if (msg.type === 'pcm') home.post({ type: 'pcm', id: homePart.id, index: msg.index, pcm: msg.pcm }, [msg.pcm.buffer as ArrayBuffer]);
      else if (msg.type === 'done') stats.synthMs += msg.stats.synthMs;
      else if (msg.type === 'error' || msg.type === 'crash') audio.fail(new Error(msg.message));
    });
    // Ring bytes received from the worker, and bytes given back (credit).
    let received = 0;
    let credited = 0;
    let owed = 0;
    const inFlight = () => received - credited;
    const clock = new SynthesisClock(opts.timeoutMs, () => audio.abort(new Error(`synthesis timed out after ${opts.timeoutMs} ms`)));
    const onAbort = () => audio.abort(new Error('synthesis cancelled'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) onAbort();

    if (helperPart) helper!.post({ type: 'render', id: helperPart.id, job, indices: remote });
    home.post({ type: 'speak', id: homePart.id, job: { ...job, remote }, ring });
    clock.run();
    let outcome: JobSettled['outcome'] = 'cancelled';
    try {
      for await (const { pieces, cost } of audio) {
        yield pieces;
        // The consumer asked for more, so it is done with these pieces: the worker may reuse
        // their space. Given back in quarters of the ring, which is what worker.ts relies on.
        owed += cost;
        if (owed >= this.window / 4) {
          credited += owed;
          home.post({ type: 'credit', id: homePart.id, bytes: owed });
          owed = 0;
          if (inFlight() <= this.window / 2) clock.run();
        }
      }
      outcome = 'done';
    } catch (err) {
      outcome = opts.signal?.aborted ? 'cancelled' : 'failed';
      throw err;
    } finally {
      clock.stop();
      opts.signal?.removeEventListener('abort', onAbort);
      const stops = [homePart.stop(), helperPart?.stop()];
      void Promise.all(stops).then(() => this.emit('settled', { outcome, stats } satisfies JobSettled));
    }
  }

  /**
   * One worker's part in a job: its messages go to `handle` until it ends (`done`, `error`, or the
   * worker's crash), and it holds its place in the worker's job map (so load() and scheduling stay
   * truthful) until then. stop() cancels it if it has not ended and resolves once it has; a worker
   * that does not acknowledge in time is hung and is terminated, failing only its own jobs.
   */
  private part(host: WorkerHost, handle: (msg: import('./host.js').Delivery) => void) {
    const id = this.nextId++;
    let ended = false;
    let onEnd: () => void = () => {};
    const end = new Promise<void>((resolve) => { onEnd = resolve; });
    host.jobs.set(id, (msg) => {
      if (msg.type === 'done' || msg.type === 'error' || msg.type === 'crash') {
        ended = true;
        host.jobs.delete(id);
        onEnd();
      }
      handle(msg);
    });
    return {
      id,
      stop: (): Promise<void> => {
        if (ended) return end;
        host.post({ type: 'cancel', id });
        const hung = setTimeout(() => { if (!ended) void host.terminate(); }, this.hungMs);
        hung.unref();
        return end.then(() => clearTimeout(hung));
      },
    };
  }

  /** Terminates worker `index` as a crash would (a test hook); the pool replaces it. */
  async terminateWorker(index: number): Promise<void> {
    await this.scheduler.hosts[index]?.terminate();
  }

  /** Worker thread ids, so tests can tell a replaced worker from the old one. */
  threadIds(): number[] {
    return this.scheduler.hosts.map((h) => h.worker.threadId);
  }

  async close(): Promise<void> {
    await Promise.all([this.scheduler.close(), this.text.close()]);
  }
}

/** A job's timeout clock: it runs only while the worker may be synthesizing, not while a slow client holds it back. */
class SynthesisClock {
  private left: number;
  private timer?: NodeJS.Timeout;
  private since = 0;
  constructor(readonly timeoutMs: number | undefined, private readonly onTimeout: () => void) {
    this.left = timeoutMs ?? 0;
  }
  run(): void {
    if (!this.timeoutMs || this.timer || this.left === -1) return;
    this.since = performance.now();
    this.timer = setTimeout(() => { this.left = -1; this.timer = undefined; this.onTimeout(); }, Math.max(0, this.left));
  }
  pause(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.left = Math.max(0, this.left - (performance.now() - this.since));
  }
  stop(): void {
    this.pause();
    this.left = -1;
  }
}
