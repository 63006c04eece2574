// Jobs in this process: pieces go through the synthesis pool (a few at a time, so a book does not
// starve speech requests), each piece's PCM lands in its own file under MYNAH_JOBS_DIR/<id>/; when
// the last is done the job encodes itself once into its result store (store.ts), the pieces are
// deleted and it turns `completed`. Finished jobs are removed after their TTL.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { asSamples } from '../audio/samples.js';
import type { EncoderSettings } from '../encoders/types.js';
import type { Services } from '../speech.js';
import { renderPiece } from './assemble.js';
import { storeJob } from './store.js';
import type { JobBackend, JobRecord, JobSpec, ResultStore } from './types.js';

export interface LocalJobOptions {
  dir: string;
  ttlMs: number;
  /** Pieces of one job in flight at once. */
  concurrency: number;
  timeoutMs: number;
  /** Where finished files are stored (results-dir.ts). */
  results: ResultStore;
  encoder: EncoderSettings;
}

export const newJobId = () => `job_${randomBytes(12).toString('hex')}`;
export const pieceFile = (dir: string, id: string, index: number) => join(dir, id, `${String(index).padStart(5, '0')}.pcm`);

export function localJobs(services: Services, opts: LocalJobOptions): JobBackend {
  const jobs = new Map<string, { record: JobRecord; abort: AbortController }>();
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [id, { record }] of jobs) {
      if (record.finishedAt && now - record.finishedAt > opts.ttlMs) {
        jobs.delete(id);
        void rm(join(opts.dir, id), { recursive: true, force: true });
        void opts.results.remove(id).catch(() => {});
      }
    }
  }, Math.min(60_000, Math.max(1000, opts.ttlMs / 4)));
  sweep.unref();

  async function run(spec: JobSpec, record: JobRecord, signal: AbortSignal) {
    let next = 0;
    const worker = async () => {
      while (next < spec.pieces.length && !signal.aborted) {
        const index = next++;
        const pcm = await renderPiece(services, spec, spec.pieces[index], { signal, timeoutMs: opts.timeoutMs });
        if (signal.aborted) return; // cancelled: its folder is being removed
        await writeFile(pieceFile(opts.dir, record.id, index), pcm);
        record.samples[index] = pcm.length;
        record.done.push(index);
      }
    };
    try {
      await mkdir(join(opts.dir, record.id), { recursive: true });
      // A DELETE during the mkdir has already made the job `cancelled`: it must stay so.
      if (signal.aborted) return;
      record.state = 'running';
      record.startedAt = Date.now();
      await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, spec.pieces.length)) }, worker));
      if (signal.aborted) return;
      record.done.sort((a, b) => a - b);
      // Still `running` while the file is encoded and stored; then the pieces go.
      const result = await storeJob({
        id: record.id, format: record.format, settings: opts.encoder, chapters: spec.chapters, signal,
        samples: spec.pieces.map((_, i) => record.samples[i]), piece: (i) => readPiece(record.id, i), primary: opts.results,
      });
      if (signal.aborted) return;
      await rm(join(opts.dir, record.id), { recursive: true, force: true });
      record.result = result;
      record.state = 'completed';
    } catch (err) {
      if (signal.aborted) return;
      record.state = 'failed';
      record.error = (err as Error).message;
      abortAll(record.id);
    } finally {
      record.finishedAt ??= Date.now();
      // A cancel can remove the folder before this job's own mkdir has run (both wait in libuv's
      // pool, in no set order): once the job has stopped, the folder goes for good.
      if (signal.aborted) await rm(join(opts.dir, record.id), { recursive: true, force: true });
    }
  }
  const abortAll = (id: string) => jobs.get(id)?.abort.abort();
  const readPiece = async (id: string, index: number) => {
    return asSamples(await readFile(pieceFile(opts.dir, id, index)));
  };

  return {
    kind: 'local',
    async create(spec) {
      const record: JobRecord = {
        id: newJobId(), state: 'queued', format: spec.response_format, owner: spec.owner, createdAt: Date.now(),
        pieceChars: spec.pieces.map((p) => [...p].length), done: [], samples: {},
      };
      const abort = new AbortController();
      jobs.set(record.id, { record, abort });
      void run(spec, record, abort.signal);
      return record;
    },
    async get(id) {
      return jobs.get(id)?.record;
    },
    async cancel(id) {
      const job = jobs.get(id);
      if (!job || job.record.state === 'completed' || job.record.state === 'failed' || job.record.state === 'cancelled') return false;
      job.record.state = 'cancelled';
      job.record.finishedAt = Date.now();
      job.abort.abort();
      await rm(join(opts.dir, id), { recursive: true, force: true });
      await opts.results.remove(id).catch(() => {});
      return true;
    },
    results: [opts.results],
    async depth() {
      let n = 0;
      for (const { record } of jobs.values()) if (record.state === 'queued' || record.state === 'running') n++;
      return n;
    },
    async healthy() {
      return true;
    },
    async close() {
      clearInterval(sweep);
      for (const { abort } of jobs.values()) abort.abort();
      await opts.results.close();
    },
  };
}
