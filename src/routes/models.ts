// GET /v1/models and /v1/models/{id}, in OpenAI's shape; GET /v1/audio/voices as peers offer it.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../speech.js';

export default async function modelRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const { catalog } = services;

  app.get('/v1/models', async () => ({ object: 'list', data: catalog.models() }));

  app.get<{ Params: { id: string } }>('/v1/models/:id', async (request) => catalog.model(request.params.id));

  app.get<{ Querystring: { model?: string } }>('/v1/audio/voices', {
    schema: { querystring: { type: 'object', properties: { model: { type: 'string' } } } },
  }, async (request) => {
    const model = request.query.model;
    const data = catalog.voices(model).map((v) => ({ object: 'voice', ...v }));
    // `voices` mirrors Kokoro-FastAPI's response, which several clients read.
    return { object: 'list', model: model ?? null, data, voices: [...new Set(data.map((v) => v.id))] };
  });
}
