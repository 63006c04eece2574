// GET /debug/stats: what the benchmark needs to see inside the server. Registered only when
// MYNAH_DEBUG_STATS=1 (config.debugStats), and admin only (see server/auth.ts). The event-loop delay histogram is of the main thread, the one that
// serves HTTP; `?reset=1` starts a fresh measuring window after reading.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../speech.js';

const ms = (ns: number) => Math.round(ns / 1e4) / 100;

export default async function debugRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  app.addHook('onClose', async () => loop.disable());
  app.get<{ Querystring: { reset?: string } }>('/debug/stats', { config: { access: 'admin' } }, async (request) => {
    const mem = process.memoryUsage();
    const body = {
      eventLoopDelayMs: loop.count
        ? { p50: ms(loop.percentile(50)), p95: ms(loop.percentile(95)), p99: ms(loop.percentile(99)), max: ms(loop.max), mean: ms(loop.mean), samples: loop.count }
        : null,
      memory: { rss: mem.rss, heapUsed: mem.heapUsed, external: mem.external, arrayBuffers: mem.arrayBuffers },
      pool: { workers: services.pool.size, load: services.pool.load(), jobsRun: services.pool.jobsRun },
      cache: services.pool.cache.stats(),
    };
    if (request.query.reset === '1') loop.reset();
    return body;
  });
}
