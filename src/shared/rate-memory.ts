// Per-key counters in this process (rate-limiter-flexible's memory store).
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateDecision, RateStore } from './types.js';

/** One limiter per limit value: rate-limiter-flexible fixes the points per limiter. */
export function limiterCache<T>(make: (points: number) => T): (points: number) => T {
  const limiters = new Map<number, T>();
  return (points) => {
    let l = limiters.get(points);
    if (!l) limiters.set(points, (l = make(points)));
    return l;
  };
}

export async function decide(consume: Promise<RateLimiterRes>, limit: number): Promise<RateDecision> {
  try {
    const res = await consume;
    return { allowed: true, remaining: Math.max(0, res.remainingPoints), resetMs: res.msBeforeNext };
  } catch (err) {
    if (err instanceof RateLimiterRes) return { allowed: false, remaining: 0, resetMs: err.msBeforeNext };
    throw err;
  }
}

export function memoryRateStore(prefix = 'mynah:rl'): RateStore {
  const limiter = limiterCache((points) => new RateLimiterMemory({ points, duration: 60, keyPrefix: `${prefix}:${points}` }));
  return {
    kind: 'memory',
    consume: (key, amount, limit) => decide(limiter(limit).consume(key, amount), limit),
    refund: async (key, amount, limit) => { await limiter(limit).reward(key, amount).catch(() => {}); },
  };
}
