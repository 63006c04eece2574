// POST /v1/audio/speech: OpenAI's createSpeech, streamed as raw audio or as SSE events.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import {
  MAX_INPUT_CHARS, MAX_SPEED, MIN_SPEED, RESPONSE_FORMATS, STREAM_FORMATS,
  type ResponseFormat, type SpeechRequest, type StreamFormat,
} from '../contract.js';
import { badRequest } from '../server/errors.js';
import { createSpeech, usageFor, type Services, type Speech } from '../speech.js';

const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });

// ajv counts maxLength in code points, as OpenAI's validator does.
export const speechBodySchema = {
  type: 'object',
  required: ['model', 'input', 'voice'],
  properties: {
    model: { type: 'string', minLength: 1 },
    input: { type: 'string', minLength: 1, maxLength: MAX_INPUT_CHARS },
    voice: {
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 } }, additionalProperties: false },
      ],
    },
    instructions: nullable({ type: 'string', maxLength: MAX_INPUT_CHARS }),
    response_format: nullable({ type: 'string', enum: [...RESPONSE_FORMATS] }),
    speed: nullable({ type: 'number', minimum: MIN_SPEED, maximum: MAX_SPEED }),
    stream_format: nullable({ type: 'string', enum: [...STREAM_FORMATS] }),
  },
  // Unknown fields (`stream`, `language`, ... that other servers accept) are tolerated.
  additionalProperties: true,
} as const;

interface SpeechBody {
  model: string;
  input: string;
  voice: string | { id: string };
  instructions?: string | null;
  response_format?: ResponseFormat | null;
  speed?: number | null;
  stream_format?: StreamFormat | null;
}

/** Applies OpenAI's defaults (null counts as absent) and the rules a schema cannot express. */
export function toSpeechRequest(body: SpeechBody): SpeechRequest {
  const req: SpeechRequest = {
    model: body.model,
    input: body.input,
    voice: body.voice,
    instructions: body.instructions ?? undefined,
    response_format: body.response_format ?? 'mp3',
    speed: body.speed ?? 1,
    stream_format: body.stream_format ?? 'audio',
  };
  if (req.stream_format === 'sse' && (req.model === 'tts-1' || req.model === 'tts-1-hd')) {
    throw badRequest(`stream_format 'sse' is not supported for ${req.model}; use 'audio', or a model such as gpt-4o-mini-tts.`, 'stream_format');
  }
  return req;
}

export default async function speechRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.post<{ Body: SpeechBody }>('/v1/audio/speech', { schema: { body: speechBodySchema } }, async (request, reply) => {
    const req = toSpeechRequest(request.body);
    const speech = await createSpeech(services, req);
    request.log.info({ engine: speech.voice.engine, voice: speech.voice.voice, language: speech.voice.language, format: req.response_format, chars: [...req.input].length }, 'speech');
    reply
      .header('openai-processing-ms', String(Math.round(speech.firstByteMs)))
      .header('x-mynah-engine', speech.voice.engine)
      .header('x-mynah-voice', speech.voice.voice)
      .header('x-mynah-language', speech.voice.language);
    if (req.stream_format === 'sse') {
      reply.header('content-type', 'text/event-stream; charset=utf-8').header('cache-control', 'no-store');
      return reply.send(Readable.from(sseEvents(speech, req.input), { objectMode: false }));
    }
    reply.header('content-type', speech.contentType);
    return reply.send(Readable.from(speech.audio, { objectMode: false }));
  });
}

/** OpenAI's SSE framing: `data:` lines only, CRLF, then `speech.audio.done` and `[DONE]`. */
async function* sseEvents(speech: Speech, input: string): AsyncGenerator<string> {
  for await (const bytes of speech.audio) {
    yield `data: ${JSON.stringify({ type: 'speech.audio.delta', audio: Buffer.from(bytes).toString('base64') })}\r\n\r\n`;
  }
  yield `data: ${JSON.stringify({ type: 'speech.audio.done', usage: usageFor(input, speech.stats) })}\r\n\r\n`;
  yield 'data: [DONE]\r\n\r\n';
}
