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
  /** The book's chapters in order, each a run of pieces (a piece never crosses a heading). */
  chapters: ChapterSpan[];
}

export interface ChapterSpan {
  title: string;
  /** Pieces of this chapter (they follow the previous chapter's). */
  pieces: number;
}

/** One stored file of a finished job: its length and CRC-32 (for the chapter zip). */
export interface StoredFile {
  bytes: number;
  crc: number;
}

/** What a finished job stored: the whole book, and one file per chapter when it has several. */
export interface JobResult extends StoredFile {
  chapters: (StoredFile & { title: string; samples: number })[];
  /** Where it lies: a directory every replica mounts, a copy in Redis, or only the disk of the replica named. */
  where: 'dir' | 'shared-dir' | 'redis';
  replica?: string;
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
  /** Set once the finished file is stored (the job turns `completed` then). */
  result?: JobResult;
}

/**
 * Where finished files are kept (encoded once, served many times): results-dir.ts (a folder on
 * this replica's disk, or one every replica mounts) and results-redis.ts (a copy in Redis, up to
 * a cap). A file is named by its job and a name: `book` or `chapter-<n>`.
 */
export interface ResultStore {
  readonly kind: 'dir' | 'redis';
  /** Whether every replica reads what this one stores. */
  readonly shared: boolean;
  /** Stores a file; resolves to its length, or undefined when this store will not keep it (over its cap). */
  put(id: string, name: string, bytes: AsyncIterable<Uint8Array>, size?: number): Promise<number | undefined>;
  /** The stored file's length, or undefined when it is not here. */
  size(id: string, name: string): Promise<number | undefined>;
  /** Bytes `start` to `end` (inclusive) of a stored file. */
  read(id: string, name: string, start: number, end: number): AsyncIterable<Uint8Array>;
  /** Removes every file of a job. */
  remove(id: string): Promise<void>;
  close(): Promise<void>;
}

export interface JobBackend {
  readonly kind: 'local' | 'redis';
  create(spec: JobSpec): Promise<JobRecord>;
  get(id: string): Promise<JobRecord | undefined>;
  /** Stops the job's pieces; false when it had already finished. */
  cancel(id: string): Promise<boolean>;
  /** Stores where a finished job's files are looked for, in order. */
  readonly results: ResultStore[];
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
