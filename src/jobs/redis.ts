// Jobs shared by every replica: each piece is a BullMQ job on one queue that every replica's
// worker takes from (as many at once as it has synthesis workers). A piece's PCM is stored in
// Redis under its index; a replica that dies stops renewing its lock, so BullMQ hands the piece
// to another replica after MYNAH_JOBS_LOCK_MS. A piece is counted once (a set of done indices),
// however often it was run. The replica that sees the last piece done enqueues the job's assembly
// on the same queue (so it moves on if that replica dies): the file is encoded once, stored
// (store.ts; results-dir.ts, results-redis.ts), the pieces deleted, and the job turns `completed`.
// Pieces are prioritized by their place in their book (every job's first piece before any job's
// second), so a short job is not stuck behind a long one. A replica that drains (SIGTERM) takes
// no new piece and hands back those it holds (drain() below) without counting an attempt.
import { Queue, WaitingError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { hostname } from 'node:os';
import type { Services } from '../speech.js';
import { SharedStateUnavailable } from '../shared/types.js';
import { asSamples } from '../audio/samples.js';
import type { EncoderSettings } from '../encoders/types.js';
import { piecePcm, type VoiceParams } from './assemble.js';
import { newJobId } from './local.js';
import { redisResults } from './results-redis.js';
import { storeJob } from './store.js';
import type { ChapterSpan, JobBackend, JobRecord, JobSpec, JobState, ResultStore } from './types.js';

export interface RedisJobOptions {
  url: string;
  ttlS: number;
  /** Pieces this replica synthesizes at once. */
  concurrency: number;
  lockMs: number;
  timeoutMs: number;
  prefix?: string;
  /** Where this replica stores finished files (a folder, shared by every replica or not). */
  results: ResultStore;
  /** Largest finished file also copied into Redis for the other replicas (0: none). */
  redisFileBytes: number;
  encoder: EncoderSettings;
}

interface PieceData { id: string; index: number; text: string; params: VoiceParams }
/** A job's assembly, queued as `assemble` next to its pieces. */
interface AssembleData { id: string }

const TERMINAL: JobState[] = ['completed', 'failed', 'cancelled'];

/** Whether `p` settles (either way) within `ms`. */
function settles(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    const done = () => { clearTimeout(timer); resolve(true); };
    p.then(done, done);
  });
}

export function redisJobs(services: Services, opts: RedisJobOptions): JobBackend {
  const prefix = opts.prefix ?? 'mynah:job';
  const queueName = 'mynah-pieces';
  // BullMQ's blocking worker connection must retry forever; the command connection fails fast.
  const redis = new Redis(opts.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (n) => Math.min(n * 200, 2000) });
  redis.on('error', () => {});
  // BullMQ leaves connections it was given open on close, so they are closed here.
  const bullConnections: Redis[] = [];
  const bullConnection = () => {
    const c = new Redis(opts.url, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(n * 200, 2000) });
    c.on('error', () => {});
    bullConnections.push(c);
    return c;
  };
  const queue = new Queue<PieceData | AssembleData>(queueName, { connection: bullConnection() });
  queue.on('error', () => {});
  const k = {
    job: (id: string) => `${prefix}:${id}`,
    done: (id: string) => `${prefix}:${id}:done`,
    samples: (id: string) => `${prefix}:${id}:samples`,
    pcm: (id: string, index: number) => `${prefix}:${id}:pcm:${index}`,
  };
  const keysOf = (id: string, total: number) => [k.job(id), k.done(id), k.samples(id), ...Array.from({ length: total }, (_, i) => k.pcm(id, i))];
  const guard = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw err instanceof SharedStateUnavailable ? err : new SharedStateUnavailable(`${what}: ${(err as Error).message}`);
    }
  };
  const stateOf = async (id: string) => (await redis.hget(k.job(id), 'state')) as JobState | null;
  const replica = `${hostname()}:${process.pid}`;
  const copies = redisResults(redis, { maxBytes: opts.redisFileBytes, ttlS: opts.ttlS, prefix: `${prefix}:result` });

  // Assembly: every piece done; encode once, store, drop the pieces, then `completed`.
  const assemble = async (id: string) => {
    const h = await redis.hgetall(k.job(id));
    if (h.state !== 'running' || h.result) return; // cancelled, expired, or already stored
    const total = Number(h.total);
    const chapters: ChapterSpan[] = h.chapters ? JSON.parse(h.chapters) : [{ title: '', pieces: total }];
    const samples = await redis.hgetall(k.samples(id));
    const result = await storeJob({
      id, format: h.format as JobRecord['format'], settings: opts.encoder, chapters, replica,
      samples: Array.from({ length: total }, (_, i) => Number(samples[i])),
      piece: async (i) => {
        const bytes = await redis.getBuffer(k.pcm(id, i));
        if (!bytes) throw new Error(`piece ${i} of ${id} has expired`);
        return asSamples(bytes);
      },
      primary: opts.results, copies: [copies],
    });
    if ((await stateOf(id)) !== 'running') { // cancelled meanwhile: what was stored goes too
      await Promise.all([opts.results.remove(id), copies.remove(id)]).catch(() => {});
      return;
    }
    await redis.multi()
      .hset(k.job(id), 'result', JSON.stringify(result), 'state', 'completed').hsetnx(k.job(id), 'finishedAt', Date.now())
      .del(...Array.from({ length: total }, (_, i) => k.pcm(id, i)))
      .exec();
    await Promise.all(keysOf(id, 0).map((key) => redis.expire(key, opts.ttlS)));
  };

  // The pieces this replica holds: `started` once audio comes (before that it waits for a
  // synthesis worker); handBack() aborts one and returns it to the queue (drain()).
  interface Held { abort: AbortController; started: boolean; handedBack: boolean }
  const held = new Map<string, Held>();
  let draining = false;
  const handedBack = new Error('handed back: this replica is draining');
  const handBack = (h: Held) => { h.handedBack = true; h.abort.abort(handedBack); };
  const render = async (job: Job<PieceData>, h: Held) => {
    const { text, params } = job.data;
    const parts: Int16Array[] = [];
    let n = 0;
    for await (const pcm of piecePcm(services, params, text, { timeoutMs: opts.timeoutMs, signal: h.abort.signal })) {
      h.started = true;
      parts.push(pcm);
      n += pcm.length;
    }
    const out = new Int16Array(n);
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  };

  const worker = new Worker<PieceData | AssembleData>(queueName, async (job: Job<PieceData | AssembleData>, token?: string) => {
    // Assembly is not handed back on drain: it finishes here, or moves on when this replica's lock lapses.
    if (job.name === 'assemble') return assemble(job.data.id);
    const h: Held = { abort: new AbortController(), started: false, handedBack: draining };
    held.set(job.id!, h);
    try {
      return await speakPiece(job as Job<PieceData>, h);
    } catch (err) {
      if (!h.handedBack) throw err;
      // Back in the queue without an attempt counted; the marker wakes workers blocked on it.
      await job.moveToWait(token);
      await redis.zadd(queue.keys.marker, 0, '0').catch(() => 0);
      throw new WaitingError();
    } finally {
      held.delete(job.id!);
    }
  }, {
    connection: bullConnection(),
    concurrency: opts.concurrency,
    lockDuration: opts.lockMs,
    stalledInterval: Math.max(1000, Math.floor(opts.lockMs / 2)),
    maxStalledCount: 3,
    // Which replica holds a piece (BullMQ's processedBy), for operators and the tests.
    name: replica,
  });

  async function speakPiece(job: Job<PieceData>, h: Held) {
    const { id, index } = job.data;
    if (h.handedBack) throw handedBack;
    const state = await stateOf(id);
    if (!state || TERMINAL.includes(state)) return; // cancelled or expired: nothing to do
    await redis.multi().hsetnx(k.job(id), 'startedAt', Date.now()).hset(k.job(id), 'state', 'running').exec();
    const pcm = await render(job, h);
    if (h.handedBack) throw handedBack; // cut short by drain(): not a whole piece
    if ((await stateOf(id)) !== 'running') return;
    const total = Number(await redis.hget(k.job(id), 'total'));
    const res = await redis.multi()
      .set(k.pcm(id, index), Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength), 'EX', opts.ttlS)
      .hset(k.samples(id), String(index), pcm.length)
      .sadd(k.done(id), String(index))
      .scard(k.done(id))
      .exec();
    const done = Number(res?.[3]?.[1]);
    if (done === total) {
      // The last piece: only one replica sees done === total first, and queues the assembly.
      await queue.add('assemble', { id }, { jobId: `${id}-assemble`, attempts: 3, backoff: { type: 'fixed', delay: 500 }, removeOnComplete: true, removeOnFail: 100 });
    }
  }
  worker.on('error', () => {}); // connection trouble: BullMQ reconnects by itself
  worker.on('failed', (job, err) => {
    // Out of attempts: the whole job fails (a piece that fails three times will not work on a fourth).
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
      void redis.multi().hset(k.job(job.data.id), 'state', 'failed', 'error', err.message).hsetnx(k.job(job.data.id), 'finishedAt', Date.now()).exec().catch(() => {});
    }
  });

  return {
    kind: 'redis',
    create: (spec: JobSpec) => guard('creating a job', async () => {
      const id = newJobId();
      const record: JobRecord = {
        id, state: 'queued', format: spec.response_format, owner: spec.owner, createdAt: Date.now(),
        pieceChars: spec.pieces.map((p) => [...p].length), done: [], samples: {},
      };
      // Kept a day past the TTL while unfinished, so an abandoned job cannot stay forever.
      await redis.multi()
        .hset(k.job(id), { state: 'queued', format: record.format, owner: record.owner, createdAt: record.createdAt, total: spec.pieces.length, pieceChars: JSON.stringify(record.pieceChars), chapters: JSON.stringify(spec.chapters) })
        .expire(k.job(id), opts.ttlS + 86_400)
        .exec();
      const params: VoiceParams = { model: spec.model, voice: spec.voice, speed: spec.speed, instructions: spec.instructions };
      await queue.addBulk(spec.pieces.map((text, index) => ({
        name: 'piece',
        data: { id, index, text, params },
        // Priority by place in the book (1 is first): a job's first piece before any job's second.
        opts: { jobId: `${id}-${index}`, priority: index + 1, attempts: 3, backoff: { type: 'fixed', delay: 500 }, removeOnComplete: true, removeOnFail: 100 },
      })));
      return record;
    }),
    get: (id) => guard('reading a job', async () => {
      const res = await redis.multi().hgetall(k.job(id)).smembers(k.done(id)).hgetall(k.samples(id)).exec();
      const h = res?.[0]?.[1] as Record<string, string> | undefined;
      if (!h || !h.state) return undefined;
      const samples: Record<number, number> = {};
      for (const [i, n] of Object.entries(res?.[2]?.[1] as Record<string, string>)) samples[Number(i)] = Number(n);
      return {
        id, state: h.state as JobState, format: h.format as JobRecord['format'], owner: h.owner, createdAt: Number(h.createdAt),
        startedAt: h.startedAt ? Number(h.startedAt) : undefined, finishedAt: h.finishedAt ? Number(h.finishedAt) : undefined,
        pieceChars: JSON.parse(h.pieceChars), done: (res?.[1]?.[1] as string[]).map(Number).sort((a, b) => a - b), samples, error: h.error,
        result: h.result ? JSON.parse(h.result) : undefined,
      };
    }),
    cancel: (id) => guard('cancelling a job', async () => {
      const state = await stateOf(id);
      if (!state || TERMINAL.includes(state)) return false;
      const total = Number(await redis.hget(k.job(id), 'total'));
      await redis.multi().hset(k.job(id), 'state', 'cancelled', 'finishedAt', Date.now()).del(...keysOf(id, total).slice(1)).exec();
      // Pieces not started are dropped from the queue; one being spoken finds the job cancelled.
      await Promise.all(Array.from({ length: total }, (_, i) => queue.remove(`${id}-${i}`).catch(() => 0)));
      await Promise.all([opts.results.remove(id), copies.remove(id)]).catch(() => {});
      return true;
    }),
    // This replica's folder first (or the shared one), then the copy in Redis.
    results: [opts.results, copies],
    async depth() {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(counts).reduce((a, b) => a + b, 0);
    },
    async healthy() {
      try {
        return redis.status === 'ready' && (await redis.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async drain(graceMs) {
      // No new pieces; those waiting for a synthesis worker go back at once, those being spoken
      // get `graceMs` to finish and are then handed back too.
      draining = true;
      void worker.pause(true).catch(() => {});
      let handed = 0;
      for (const h of held.values()) if (!h.started) { handBack(h); handed++; }
      const deadline = Date.now() + graceMs;
      while (held.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      for (const h of held.values()) if (!h.handedBack) { handBack(h); handed++; }
      // Until each is back in the queue (moveToWait done) or, at worst, a few seconds.
      const end = Date.now() + 5000;
      while (held.size > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      return handed;
    },
    async close() {
      // Pieces being spoken here finish and are saved; the rest stay queued for other replicas.
      // No longer than a piece's synthesis may take: once (in a CI run, after the Redis restart of
      // "Redis going away") the server's close never ended. Forced, BullMQ stops waiting for its
      // jobs; a piece cut short is taken up again by another replica when its lock lapses.
      if (!(await settles(worker.close(), opts.timeoutMs))) await settles(worker.close(true), 5000);
      await settles(queue.close(), 5000);
      for (const c of bullConnections) c.disconnect();
      await opts.results.close();
      redis.disconnect();
    },
  };
}
