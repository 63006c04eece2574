import type { FastifyInstance } from 'fastify';
import type { Services } from '../speech.js';

export default async function healthRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.get('/health', async () => ({ status: 'ok', engines: services.catalog.engineNames(), workers: services.pool.load() }));
}
