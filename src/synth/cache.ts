// A cache of recent results: the encoded audio of whole jobs, keyed by everything that changes
// the audio (engine, voice, language, the prepared text, speed, format). Bounded in bytes, least
// recently used evicted first. Off unless MYNAH_CACHE_MB > 0.
import type { CacheStore } from '../shared/types.js';
import type { SpeakJob, SpeakStats } from './job.js';

export interface CachedAudio {
  parts: Uint8Array[];
  stats: SpeakStats;
  bytes: number;
}

/**
 * Where the pool keeps results: this process's AudioCache by default, or a store shared by every
 * replica (sharedResultCache below, in shared mode). Async, as a shared store is across the network;
 * a store that fails answers a miss, never an error.
 */
export interface ResultCache {
  get(key: string): Promise<{ parts: Uint8Array[]; stats: SpeakStats } | undefined>;
  set(key: string, parts: Uint8Array[], stats: SpeakStats): Promise<void>;
}

export class AudioCache implements ResultCache {
  private entries = new Map<string, CachedAudio>();
  private used = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number) {}

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  static key(job: SpeakJob): string {
    return JSON.stringify([job.engine, job.voice, job.language, job.speed, job.format, job.chunks, job.style ?? null]);
  }

  async get(key: string): Promise<CachedAudio | undefined> {
    return this.lookup(key);
  }

  async set(key: string, parts: Uint8Array[], stats: SpeakStats): Promise<void> {
    this.put(key, parts, stats);
  }

  lookup(key: string): CachedAudio | undefined {
    const hit = this.entries.get(key);
    if (!hit) { this.misses++; return undefined; }
    this.hits++;
    // Re-insert so Map order stays least-recently-used first.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  put(key: string, parts: Uint8Array[], stats: SpeakStats): void {
    // Keys count too: a 4,096-character input is a few KB of key.
    const bytes = parts.reduce((n, p) => n + p.byteLength, 0) + key.length * 2;
    if (!this.enabled || bytes > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) { this.used -= old.bytes; this.entries.delete(key); }
    this.entries.set(key, { parts, stats: { ...stats }, bytes });
    this.used += bytes;
    for (const [k, v] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(k);
      this.used -= v.bytes;
    }
  }

  stats() {
    return { enabled: this.enabled, maxBytes: this.maxBytes, usedBytes: this.used, entries: this.entries.size, hits: this.hits, misses: this.misses };
  }
}

/**
 * The pool's results kept in a shared store (shared mode, MYNAH_CACHE_MB > 0): a phrase made on
 * one replica is a hit on every other. The store answers a miss on any error (cache-redis.ts).
 */
export function sharedResultCache(store: CacheStore): ResultCache {
  return {
    async get(key) {
      const hit = await store.get(key);
      return hit && { parts: [hit.audio], stats: { samples: hit.samples, synthMs: hit.synthMs } };
    },
    set: (key, parts, stats) => store.set(key, { audio: Buffer.concat(parts), samples: stats.samples, synthMs: stats.synthMs }),
  };
}
