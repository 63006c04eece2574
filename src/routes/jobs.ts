// Book-length jobs: POST /v1/audio/jobs (JSON like a speech request, or the text itself as
// text/plain with the other fields in the query string) answers at once with a job id;
// GET .../{id} shows progress, GET .../{id}/content streams the one finished file, DELETE cancels.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CONTENT_TYPES, MAX_SPEED, MIN_SPEED, RESPONSE_FORMATS } from '../contract.js';
import { speakable, splitPieces } from '../cli/book.js';
import { encodeInOrder } from '../jobs/assemble.js';
import { jobView } from '../jobs/status.js';
import type { JobBackend } from '../jobs/types.js';
import { ApiError, badRequest } from '../server/errors.js';
import { toSpeechRequest, type SpeechBody } from './speech.js';
import type { Services } from '../speech.js';

const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const voiceSchema = {
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 } }, additionalProperties: false },
  ],
};
const fields = {
  model: { type: 'string', minLength: 1 },
  instructions: nullable({ type: 'string', maxLength: 4096 }),
  response_format: nullable({ type: 'string', enum: [...RESPONSE_FORMATS] }),
  speed: nullable({ type: 'number', minimum: MIN_SPEED, maximum: MAX_SPEED }),
};
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^job_[0-9a-f]{24}$' } } };

/** A job takes a speech request's fields; the audio comes back as a file, never as SSE. */
type JobBody = Omit<SpeechBody, 'stream_format'>;

// A job is seen only by the key that made it (with keys on); others get the same 404 as for no job.
const visible = (record: { owner: string } | undefined, request: FastifyRequest) => !!record && (!request.identity || record.owner === request.identity.name);
const notFound = (id: string) => new ApiError(404, `No job found with id '${id}'.`, { param: 'id', code: 'not_found' });

export default async function jobRoutes(app: FastifyInstance, { services, jobs }: { services: Services; jobs: () => JobBackend }) {
  const { config } = services;
  // A book as the body itself: `curl --data-binary @book.txt -H 'content-type: text/plain'`.
  app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: config.jobsMaxChars * 4 }, (_request, body, done) => done(null, body));

  app.post<{ Body: JobBody | string; Querystring: Partial<Omit<JobBody, 'input'>> }>('/v1/audio/jobs', {
    bodyLimit: config.jobsMaxChars * 4 + 4096,
    schema: {
      querystring: { type: 'object', properties: { ...fields, voice: { type: 'string', minLength: 1 }, speed: { type: 'number', minimum: MIN_SPEED, maximum: MAX_SPEED } } },
      body: {
        anyOf: [
          { type: 'string', minLength: 1, maxLength: config.jobsMaxChars },
          { type: 'object', required: ['model', 'input', 'voice'], properties: { ...fields, voice: voiceSchema, input: { type: 'string', minLength: 1, maxLength: config.jobsMaxChars } }, additionalProperties: true },
        ],
      },
    },
  }, async (request, reply) => {
    const body: JobBody = typeof request.body === 'string'
      ? { model: request.query.model ?? 'tts-1', voice: request.query.voice ?? 'alloy', speed: request.query.speed, response_format: request.query.response_format, instructions: request.query.instructions, input: request.body }
      : request.body;
    // Same defaults and rules as a speech request; the speech length limit does not apply.
    const req = toSpeechRequest({ ...body, input: 'x' });
    const pieces = splitPieces(speakable(body.input));
    if (pieces.length === 0) throw badRequest('Input must contain some text to speak.', 'input', 'empty_input');
    // An unknown model or voice fails now, not minutes later in a worker.
    services.catalog.resolve(req.model, req.voice);
    const record = await jobs().create({
      model: req.model, voice: req.voice, speed: req.speed, instructions: req.instructions, response_format: req.response_format,
      pieces, owner: request.identity?.name ?? request.ip,
    });
    reply.code(202).header('location', `/v1/audio/jobs/${record.id}`);
    return jobView(record);
  });

  app.get<{ Params: { id: string } }>('/v1/audio/jobs/:id', { schema: { params: idParams } }, async (request) => {
    const record = await jobs().get(request.params.id);
    if (!record || !visible(record, request)) throw notFound(request.params.id);
    return jobView(record);
  });

  app.get<{ Params: { id: string } }>('/v1/audio/jobs/:id/content', { schema: { params: idParams } }, async (request, reply) => {
    const record = await jobs().get(request.params.id);
    if (!record || !visible(record, request)) throw notFound(request.params.id);
    if (record.state !== 'completed') {
      throw new ApiError(409, `Job '${record.id}' is ${record.state}; its audio is available once it is completed.`, { code: 'job_not_completed' });
    }
    // Encoded now, in order, through one encoder: one proper file however many replicas spoke it.
    const audio = encodeInOrder(record.format, { ffmpeg: config.ffmpeg }, jobs().pieces(record));
    reply.header('content-type', CONTENT_TYPES[record.format])
      .header('content-disposition', `attachment; filename="${record.id}.${record.format}"`);
    return reply.send(Readable.from(audio, { objectMode: false }));
  });

  app.delete<{ Params: { id: string } }>('/v1/audio/jobs/:id', { schema: { params: idParams } }, async (request) => {
    const backend = jobs();
    const record = await backend.get(request.params.id);
    if (!record || !visible(record, request)) throw notFound(request.params.id);
    const cancelled = await backend.cancel(record.id);
    return { ...jobView((await backend.get(record.id)) ?? record), deleted: cancelled };
  });
}
