// Liveness (/health), readiness (/ready: 503 while loading or draining) and Prometheus /metrics.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../speech.js';
import type { Runtime } from '../server/runtime.js';

export default async function healthRoutes(app: FastifyInstance, { services, runtime }: { services: Services; runtime: Runtime }) {
  const { state, admission } = runtime;
  app.get('/health', async () => ({ status: 'ok', engines: services.catalog.engineNames(), workers: services.pool.load() }));

  app.get('/ready', async (request, reply) => {
    const status = state.draining ? 'draining' : state.ready ? 'ready' : 'loading';
    reply.code(status === 'ready' ? 200 : 503);
    return { status, active: admission.active, queued: admission.depth, max_concurrent: admission.maxConcurrent, max_queue: admission.maxQueue };
  });

  app.get('/metrics', async (request, reply) => {
    reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8');
    return runtime.metrics.render();
  });
}
