// Book-length jobs: one small interface, two backends (local.ts in-process, redis.ts shared
// across replicas through BullMQ). Routes (routes/jobs.ts) and `mynah say --server` only see this.
import type { ResponseFormat } from '../contract.js';
import type { VoiceParams } from './assemble.js';

export type JobState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface JobSpec extends VoiceParams {
  response_format: ResponseFormat;
  /** The text cut into pieces of at most 4096 characters (jobs/assemble.ts, cli/book.ts). */
  pieces: string[];
  /** Who asked (a key's name or the client address), for listing and limits. */
  owner: string;
}

export interface JobRecord {
  id: string;
  state: JobState;
  format: ResponseFormat;
  owner: string;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  /** Characters of each piece, in order (for progress in characters). */
  pieceChars: number[];
  /** Indices of the pieces finished so far. */
  done: number[];
  /** Samples of each finished piece, by index. */
  samples: Record<number, number>;
  error?: string;
}

export interface JobBackend {
  readonly kind: 'local' | 'redis';
  create(spec: JobSpec): Promise<JobRecord>;
  get(id: string): Promise<JobRecord | undefined>;
  /** Stops the job's pieces; false when it had already finished. */
  cancel(id: string): Promise<boolean>;
  /** A finished job's PCM, piece by piece in order. */
  pieces(record: JobRecord): AsyncGenerator<Int16Array>;
  /** Jobs whose pieces are not all done (for metrics and autoscaling). */
  depth(): Promise<number>;
  /** Whether the backing store answers (readiness). */
  healthy(): Promise<boolean>;
  /**
   * A replica shutting down (SIGTERM): takes no new pieces, hands back those not started at once
   * and those still being spoken after `graceMs`, so other replicas carry on without waiting for
   * a lock to expire. Resolves to the number handed back. Shared mode only; in-process jobs end
   * with the process.
   */
  drain?(graceMs: number): Promise<number>;
  close(): Promise<void>;
}
