// Per-key counters in Redis, shared by every replica (rate-limiter-flexible's atomic Redis store).
// Fail open: when Redis is unreachable each replica counts on its own (an in-process "insurance"
// limiter with the same limits). Fail closed: the charge throws and the request gets a 503.
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { decide, limiterCache } from './rate-memory.js';
import { SharedStateUnavailable, type RateStore } from './types.js';

export function redisRateStore(redis: Redis, failMode: 'open' | 'closed', prefix = 'mynah:rl'): RateStore {
  const limiter = limiterCache((points) => new RateLimiterRedis({
    storeClient: redis,
    points,
    duration: 60,
    keyPrefix: `${prefix}:${points}`,
    // Not queued behind a dead connection: answered (or insured) at once.
    rejectIfRedisNotReady: true,
    insuranceLimiter: failMode === 'open' ? new RateLimiterMemory({ points, duration: 60, keyPrefix: `${prefix}:insurance:${points}` }) : undefined,
  }));
  return {
    kind: 'redis',
    async consume(key, amount, limit) {
      try {
        return await decide(limiter(limit).consume(key, amount), limit);
      } catch (err) {
        throw new SharedStateUnavailable(`rate limits (${(err as Error).message ?? err})`);
      }
    },
    async refund(key, amount, limit) {
      await limiter(limit).reward(key, amount).catch(() => {});
    },
  };
}
