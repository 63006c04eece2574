// Liveness (/health), readiness (/ready: 503 while loading or draining) and Prometheus /metrics.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../speech.js';
import type { Runtime } from '../server/runtime.js';
import type { Shared } from '../shared/index.js';

export default async function healthRoutes(app: FastifyInstance, { services, runtime, shared }: { services: Services; runtime: Runtime; shared: Shared }) {
  const { state, admission } = runtime;
  const { config } = services;
  app.get('/health', async () => ({ status: 'ok', engines: services.catalog.engineNames(), workers: services.pool.load() }));

  app.get('/ready', async (request, reply) => {
    const status = state.draining ? 'draining' : state.ready ? 'ready' : 'loading';
    reply.code(status === 'ready' ? 200 : 503);
    const body = { status, active: admission.active, queued: admission.depth, max_concurrent: admission.maxConcurrent, max_queue: admission.maxQueue };
    if (!config.redisUrl) return body;
    // Shared mode: whether Redis answers. Fail-closed replicas leave the balancer's rotation (503)
    // while it is away; fail-open ones stay in with per-replica state.
    const up = await shared.healthy();
    if (!up && config.redisFailMode === 'closed') reply.code(503);
    return { ...body, redis: up ? 'up' : 'down', redis_fail_mode: config.redisFailMode };
  });

  app.get('/metrics', async (request, reply) => {
    reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8');
    return runtime.metrics.render();
  });
}
