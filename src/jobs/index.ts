// Chooses the jobs backend: in-process (local.ts) without MYNAH_REDIS_URL, BullMQ on Redis
// (redis.ts, loaded only then) with it, so that every replica takes pieces from one queue.
import type { Services } from '../speech.js';
import { localJobs } from './local.js';
import { dirResults } from './results-dir.js';
import type { JobBackend } from './types.js';

export type { JobBackend } from './types.js';

export async function createJobs(services: Services): Promise<JobBackend> {
  const { config } = services;
  // Finished files, encoded once (results-dir.ts; in shared mode a copy in Redis too).
  const results = dirResults({ dir: config.jobsResultsDir, shared: !!config.redisUrl && config.jobsResultsShared, ttlMs: config.jobsTtlS * 1000 });
  const encoder = { ffmpeg: config.ffmpeg };
  if (config.redisUrl) {
    const { redisJobs } = await import('./redis.js');
    return redisJobs(services, {
      url: config.redisUrl, ttlS: config.jobsTtlS, concurrency: config.workers, lockMs: config.jobsLockMs, timeoutMs: config.jobTimeoutMs,
      results, encoder, redisFileBytes: config.jobsRedisFileMb * 1024 * 1024,
    });
  }
  return localJobs(services, { dir: config.jobsDir, ttlMs: config.jobsTtlS * 1000, concurrency: config.workers, timeoutMs: config.jobTimeoutMs, results, encoder });
}
