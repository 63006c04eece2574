// POST /v1/audio/speech: OpenAI's createSpeech, streamed as raw audio or as SSE events.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import {
  MAX_INPUT_CHARS, MAX_SPEED, MIN_SPEED, RESPONSE_FORMATS, STREAM_FORMATS,
  type ResponseFormat, type SpeechRequest, type StreamFormat,
} from '../contract.js';
import { ApiError, badRequest } from '../server/errors.js';
import type { Runtime } from '../server/runtime.js';
import { audioSeconds, createSpeech, usageFor, type Services, type Speech } from '../speech.js';
import type { Gateway } from '../gateway/index.js';

const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });

// ajv counts maxLength in code points, as OpenAI's validator does.
export const speechBodySchemaFor = (maxChars: number) => ({
  type: 'object',
  required: ['model', 'input', 'voice'],
  properties: {
    model: { type: 'string', minLength: 1 },
    input: { type: 'string', minLength: 1, maxLength: maxChars },
    voice: {
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 } }, additionalProperties: false },
      ],
    },
    instructions: nullable({ type: 'string', maxLength: maxChars }),
    response_format: nullable({ type: 'string', enum: [...RESPONSE_FORMATS] }),
    speed: nullable({ type: 'number', minimum: MIN_SPEED, maximum: MAX_SPEED }),
    stream_format: nullable({ type: 'string', enum: [...STREAM_FORMATS] }),
  },
  // Unknown fields (`stream`, `language`, ... that other servers accept) are tolerated.
  additionalProperties: true,
});
export const speechBodySchema = speechBodySchemaFor(MAX_INPUT_CHARS);

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

export default async function speechRoutes(app: FastifyInstance, { services, runtime, gateway }: { services: Services; runtime: Runtime; gateway?: Gateway }) {
  const { config } = services;
  const { admission, limiter, metrics } = runtime;
  app.post<{ Body: SpeechBody }>('/v1/audio/speech', { schema: { body: speechBodySchemaFor(config.maxInputChars) } }, async (request, reply) => {
    const started = performance.now();
    const req = toSpeechRequest(request.body);
    const chars = [...req.input].length;
    const who = request.identity;
    // Limits and fair queueing are per key, or per client address when there are no keys.
    const client = who?.name ?? request.ip;
    const log = (outcome: string, extra: object = {}) => request.log.info({
      event: 'speech', outcome, client: who?.name, model: req.model, voice: typeof req.voice === 'string' ? req.voice : req.voice.id,
      format: req.response_format, stream: req.stream_format, chars, totalMs: Math.round(performance.now() - started),
      ...(config.logInput ? { input: req.input } : {}), ...extra,
    }, 'speech');
    try {
      reply.headers(limiter.charge(client, { rpm: who?.rpm ?? config.rateLimitRequests, cpm: who?.cpm ?? config.rateLimitChars }, chars));
    } catch (err) {
      metrics.speech.inc({ format: req.response_format, outcome: 'rejected' });
      log('rate_limited');
      throw err;
    }
    // ---- Gateway hook (issue 12): with a `gateway` config section, src/gateway serves the request
    // (routes to upstreams and local engines, keys, budgets, usage, cache). Nothing else changes. ----
    if (gateway) return gateway.serve(request, reply, req);

    // A client that leaves (before or during the stream) cancels its queue place or its job.
    const gone = new AbortController();
    reply.raw.once('close', () => { if (!reply.raw.writableFinished) gone.abort(new ApiError(499, 'Client closed the request.')); });
    let permit;
    try {
      permit = await admission.acquire(client, gone.signal);
    } catch (err) {
      metrics.speech.inc({ format: req.response_format, outcome: gone.signal.aborted ? 'aborted' : 'rejected' });
      log(gone.signal.aborted ? 'aborted' : 'overloaded');
      throw err;
    }
    let speech: Speech;
    try {
      speech = await createSpeech(services, req, { timeoutMs: config.jobTimeoutMs, signal: gone.signal });
    } catch (err) {
      permit.release();
      metrics.speech.inc({ format: req.response_format, outcome: gone.signal.aborted ? 'aborted' : 'error' });
      log(gone.signal.aborted ? 'aborted' : 'error', { error: (err as Error).message });
      throw gone.signal.aborted ? gone.signal.reason : err;
    }

    const ttfbS = (performance.now() - started) / 1000;
    metrics.ttfb.observe(ttfbS);
    metrics.characters.inc({}, chars);
    let failed = false;
    reply.raw.once('close', () => {
      permit.release();
      const outcome = failed ? 'error' : reply.raw.writableFinished ? 'ok' : 'aborted';
      const seconds = audioSeconds(speech.stats);
      metrics.speech.inc({ format: req.response_format, outcome });
      metrics.audioSeconds.inc({}, seconds);
      if (outcome === 'ok') {
        metrics.duration.observe((performance.now() - started) / 1000);
        if (seconds > 0) metrics.rtf.observe(speech.stats.synthMs / 1000 / seconds);
      }
      log(outcome, { engine: speech.voice.engine, audioSeconds: +seconds.toFixed(3), ttfbMs: Math.round(ttfbS * 1000) });
    });
    async function* watched(): AsyncGenerator<Uint8Array> {
      try {
        yield* speech.audio;
      } catch (err) {
        if (gone.signal.aborted) return;
        failed = true;
        request.log.error({ err }, 'speech stream failed after the first bytes; response truncated');
        throw err;
      }
    }
    const audio = watched();

    reply
      .header('openai-processing-ms', String(Math.round(speech.firstByteMs)))
      .header('x-mynah-engine', speech.voice.engine)
      .header('x-mynah-voice', speech.voice.voice)
      .header('x-mynah-language', speech.voice.language);
    if (speech.style) reply.header('x-mynah-style', speech.style);
    if (req.stream_format === 'sse') {
      reply.header('content-type', 'text/event-stream; charset=utf-8').header('cache-control', 'no-store');
      return reply.send(Readable.from(sseEvents(audio, speech, req.input), { objectMode: false }));
    }
    reply.header('content-type', speech.contentType);
    return reply.send(Readable.from(audio, { objectMode: false }));
  });
}

/** OpenAI's SSE framing: `data:` lines only, CRLF, then `speech.audio.done` and `[DONE]`. */
async function* sseEvents(audio: AsyncGenerator<Uint8Array>, speech: Speech, input: string): AsyncGenerator<string> {
  for await (const bytes of audio) {
    yield `data: ${JSON.stringify({ type: 'speech.audio.delta', audio: Buffer.from(bytes).toString('base64') })}\r\n\r\n`;
  }
  yield `data: ${JSON.stringify({ type: 'speech.audio.done', usage: usageFor(input, speech.stats), ...(speech.style ? { mynah_style: speech.style } : {}) })}\r\n\r\n`;
  yield 'data: [DONE]\r\n\r\n';
}
