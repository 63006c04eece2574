// Chooses the shared-state backends: in-process without MYNAH_REDIS_URL, Redis with it (loaded only
// then: ioredis and its stores cost ~30 MiB that a single machine does not need).
import type { Redis } from 'ioredis';
import type { Config } from '../config/index.js';
import { memoryCacheStore } from './cache-memory.js';
import { memoryLexiconSync } from './lexicon-memory.js';
import type { CacheStore, LexiconSync, RateStore } from './types.js';

export interface Shared {
  redis?: Redis;
  rate: RateStore;
  cache: CacheStore;
  lexicon: LexiconSync;
  /** Redis answers a PING (always true in-process). */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

export async function createShared(config: Config, log: (msg: string) => void = () => {}): Promise<Shared> {
  if (!config.redisUrl) {
    return {
      rate: lazyMemoryRate(), cache: memoryCacheStore(config.cacheMb * 1024 * 1024), lexicon: memoryLexiconSync(),
      healthy: async () => true, close: async () => {},
    };
  }
  return (await import('./redis.js')).redisShared(config.redisUrl, config.redisFailMode, log);
}

/** The in-process rate store, loaded on first use (rate-limiter-flexible is ~11 MiB; one process rarely needs it). */
function lazyMemoryRate(): RateStore {
  let store: Promise<RateStore> | undefined;
  return {
    kind: 'memory',
    async consume(key, amount, limit) {
      store ??= import('./rate-memory.js').then((m) => m.memoryRateStore());
      return (await store).consume(key, amount, limit);
    },
    async refund(key, amount, limit) {
      if (store) await (await store).refund(key, amount, limit);
    },
  };
}
