// GET /v1/models and /v1/models/{id}, in OpenAI's shape; GET /v1/audio/voices as peers offer it.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../speech.js';
import { MAX_MODEL_ID_CHARS } from '../voices/catalog.js';

// Model ids are looked up in Maps (see voices/catalog.ts), so `toString` or `__proto__` is just an
// unknown model; the length cap keeps error messages short.
const modelId = { type: 'string', minLength: 1, maxLength: MAX_MODEL_ID_CHARS };

export default async function modelRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const { catalog } = services;

  app.get('/v1/models', async () => ({ object: 'list', data: catalog.models() }));

  app.get<{ Params: { id: string } }>('/v1/models/:id', {
    schema: { params: { type: 'object', properties: { id: modelId } } },
  }, async (request) => catalog.model(request.params.id));

  app.get<{ Querystring: { model?: string } }>('/v1/audio/voices', {
    schema: { querystring: { type: 'object', properties: { model: modelId } } },
  }, async (request) => {
    const model = request.query.model;
    const data = catalog.voices(model).map((v) => ({ object: 'voice', ...v }));
    // `voices` mirrors Kokoro-FastAPI's response, which several clients read.
    return { object: 'list', model: model ?? null, data, voices: [...new Set(data.map((v) => v.id))] };
  });
}
