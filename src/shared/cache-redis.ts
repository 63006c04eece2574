// The result cache in Redis, shared by every replica: one hash per result (audio, samples,
// synthesis time) under a digest of the key, expiring after `ttlS`. Bound its memory in Redis
// itself (maxmemory + allkeys-lru, as deploy/compose does). Any Redis error is a miss: a cache
// never fails a request.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CacheStore } from './types.js';

export function redisCacheStore(redis: Redis, ttlS = 86_400, prefix = 'mynah:cache'): CacheStore {
  const name = (key: string) => `${prefix}:${createHash('sha256').update(key).digest('hex')}`;
  return {
    kind: 'redis',
    async get(key) {
      try {
        const [audio, samples, synthMs] = await redis.hmgetBuffer(name(key), 'audio', 'samples', 'synthMs');
        if (!audio || !samples) return undefined;
        return { audio, samples: Number(samples), synthMs: Number(synthMs) };
      } catch {
        return undefined;
      }
    },
    async set(key, value) {
      try {
        await redis.multi()
          .hset(name(key), { audio: Buffer.from(value.audio.buffer, value.audio.byteOffset, value.audio.byteLength), samples: value.samples, synthMs: value.synthMs })
          .expire(name(key), ttlS)
          .exec();
      } catch { /* not cached: the next request synthesizes again */ }
    },
  };
}
