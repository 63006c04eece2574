// The shared-state backends on Redis (MYNAH_REDIS_URL), loaded by index.ts only in shared mode.
import { Redis } from 'ioredis';
import type { Config } from '../config/index.js';
import { redisCacheStore } from './cache-redis.js';
import { redisLexiconSync } from './lexicon-redis.js';
import { redisRateStore } from './rate-redis.js';
import type { Shared } from './index.js';

/** A connection for request-path commands: it fails fast rather than queueing while Redis is away. */
export function connectRedis(url: string, log: (msg: string) => void = () => {}): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  let up = false;
  redis.on('ready', () => { if (!up) log('redis: connected'); up = true; });
  redis.on('error', (err) => { if (up) log(`redis: ${err.message}`); up = false; });
  return redis;
}

export async function redisShared(url: string, failMode: Config['redisFailMode'], log: (msg: string) => void): Promise<Shared> {
  const redis = connectRedis(url, log);
  // Start-up waits a little for Redis; a replica that cannot reach it starts anyway (and is not ready when fail-closed).
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 3000);
    redis.once('ready', () => { clearTimeout(timer); resolve(); });
  });
  const lexicon = redisLexiconSync(redis);
  return {
    redis,
    rate: redisRateStore(redis, failMode),
    cache: redisCacheStore(redis),
    lexicon,
    async healthy() {
      if (redis.status !== 'ready') return false;
      try {
        return (await Promise.race([redis.ping(), new Promise((r) => setTimeout(r, 1000, 'timeout'))])) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      await lexicon.close();
      redis.disconnect();
    },
  };
}
