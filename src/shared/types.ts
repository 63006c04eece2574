import { ApiError } from '../server/errors.js';

// Shared state seams (issue 15): each is one small interface with an in-process backend and a
// Redis backend, one file each (unstorage style). Without MYNAH_REDIS_URL the in-process ones
// are used and a single server behaves as before; with it, every replica sees the same state.

/** What a rate store answers for one charge. */
export interface RateDecision {
  allowed: boolean;
  /** Left in the current minute after this charge (0 when refused). */
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

/** Per-key counters per minute, the same for every replica (a key limited to 60 gets 60 in total). */
export interface RateStore {
  readonly kind: 'memory' | 'redis';
  /** Charges `amount` (1 request, or N characters) to `key` against `limitPerMinute`. */
  consume(key: string, amount: number, limitPerMinute: number): Promise<RateDecision>;
  /** Gives back `amount` charged to `key` (a request refused after it was charged). Never throws. */
  refund(key: string, amount: number, limitPerMinute: number): Promise<void>;
}

export interface CachedResult {
  /** The encoded audio, whole. */
  audio: Uint8Array;
  samples: number;
  synthMs: number;
}

/** The result cache: a phrase made on replica A is a hit on replica B. Misses on any store error. */
export interface CacheStore {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<CachedResult | undefined>;
  set(key: string, value: CachedResult): Promise<void>;
}

export interface LexiconChange {
  op: 'set' | 'delete';
  language: string;
  word: string;
  replacement?: string;
}

/** Lexicon edits made on one replica, applied on all (pub/sub) and kept for replicas that start later. */
export interface LexiconSync {
  readonly kind: 'memory' | 'redis';
  publish(change: LexiconChange): Promise<void>;
  /** Hears changes made on other replicas (never this one's own). */
  subscribe(listener: (change: LexiconChange) => void): void;
  /** Every entry made through publish (for a replica that starts after them). */
  snapshot(): Promise<LexiconChange[]>;
  close(): Promise<void>;
}

/** A 503 in OpenAI's envelope: Redis is unreachable and what was asked needs it. */
export class SharedStateUnavailable extends ApiError {
  constructor(what: string) {
    super(503, `The server's shared state (Redis) is unreachable (${what}). Please retry shortly.`, { code: 'shared_state_unavailable', headers: { 'retry-after': '2' } });
  }
}
