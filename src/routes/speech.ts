// POST /v1/audio/speech: OpenAI's createSpeech, streamed as raw audio or as SSE events.
// validate -> plan (resolve voice, prepare text) -> charge -> admit -> start -> write; the
// request's lifecycle (server/lifecycle.ts) releases everything it took when the response ends.
import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import {
  MAX_INPUT_CHARS, MAX_SPEED, MIN_SPEED, RESPONSE_FORMATS, STREAM_FORMATS,
  type ResponseFormat, type SpeechRequest, type StreamFormat,
} from '../contract.js';
import { ApiError, badRequest } from '../server/errors.js';
import { SpeechLifecycle } from '../server/lifecycle.js';
import type { Runtime } from '../server/runtime.js';
import { audioSeconds, localSource, pieces, usageFor, type Services, type Speech, type SpeechSource } from '../speech.js';
import { sseEvents } from './sse.js';
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

export interface SpeechBody {
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

export default async function speechRoutes(app: FastifyInstance, { services, runtime, gateway, source = localSource(services) }: { services: Services; runtime: Runtime; gateway?: Gateway; source?: SpeechSource }) {
  const { config } = services;
  const { admission, limiter, metrics } = runtime;
  app.post<{ Body: SpeechBody }>('/v1/audio/speech', { schema: { body: speechBodySchemaFor(config.maxInputChars) } }, async (request, reply) => {
    const started = performance.now();
    if (runtime.state.draining) throw new ApiError(503, 'The server is shutting down; please retry.', { type: 'server_error', code: 'server_shutting_down' });
    const req = toSpeechRequest(request.body);
    const who = request.identity;
    // Limits and fair queueing are per key, or per client address when there are no keys.
    const client = who?.name ?? request.ip;
    const limits = { rpm: who?.rpm ?? config.rateLimitRequests, cpm: who?.cpm ?? config.rateLimitChars };
    // ---- Gateway hook (issue 12): with a `gateway` config section, src/gateway serves the request
    // (routes to upstreams and local engines, keys, budgets, usage, cache). Nothing else changes. ----
    if (gateway) {
      reply.headers(await limiter.charge(client, limits, [...req.input].length));
      return gateway.serve(request, reply, req);
    }

    let speech: Speech | undefined;
    let chars = [...req.input].length;
    let ttfbMs: number | undefined;
    const life = new SpeechLifecycle(reply.raw, {
      writeStallMs: config.writeStallMs,
      onEnd: (outcome, { error, stalled }) => {
        metrics.speech.inc({ format: req.response_format, outcome });
        const seconds = speech ? audioSeconds(speech.stats) : 0;
        if (speech) metrics.audioSeconds.inc({}, seconds);
        if (outcome === 'ok' && speech) {
          metrics.duration.observe((performance.now() - started) / 1000);
          if (seconds > 0) metrics.rtf.observe(speech.stats.synthMs / 1000 / seconds);
        }
        request.log.info({
          event: 'speech', outcome, client: who?.name, model: req.model, voice: typeof req.voice === 'string' ? req.voice : req.voice.id,
          format: req.response_format, stream: req.stream_format, chars, totalMs: Math.round(performance.now() - started),
          engine: speech?.voice.engine, audioSeconds: +seconds.toFixed(3), ttfbMs, stalled: stalled || undefined, error: error?.message,
          ...(config.logInput ? { input: req.input } : {}),
        }, 'speech');
      },
    });
    const opts = { timeoutMs: config.jobTimeoutMs, signal: life.signal };
    let charged = false;
    try {
      const plan = await source.plan(req, opts);
      // Charged on what will be spoken: "4096 nines" costs the 47,820 characters it expands to.
      // In shared mode the count is every replica's (server/ratelimit.ts).
      chars = plan.chars;
      reply.headers(await limiter.charge(client, limits, chars));
      charged = true;
      life.hold(await admission.acquire(client, life.signal));
      speech = life.own(await source.start(plan, opts));
    } catch (err) {
      // Refused after the charge (queue full, draining, failed to start): nothing was spoken, so
      // what was charged is given back.
      if (charged) await limiter.refund(client, limits, chars).catch(() => {});
      life.fail(err as Error);
      throw life.signal.aborted ? life.signal.reason : err;
    }
    ttfbMs = Math.round(speech.firstByteMs);
    metrics.ttfb.observe(speech.firstByteMs / 1000);
    metrics.characters.inc({}, chars);

    reply
      .header('openai-processing-ms', String(ttfbMs))
      .header('x-mynah-engine', headerSafe(speech.voice.engine))
      .header('x-mynah-voice', headerSafe(speech.voice.voice))
      .header('x-mynah-language', headerSafe(speech.voice.language));
    if (speech.style) reply.header('x-mynah-style', speech.style);
    if (req.stream_format === 'sse') {
      const { stats } = speech;
      reply.header('content-type', 'text/event-stream; charset=utf-8').header('cache-control', 'no-store');
      const style = speech.style;
      return reply.send(life.body(sseEvents(pieces(speech.audio), () => ({ usage: usageFor(req.input, stats), ...(style ? { mynah_style: style } : {}) }))));
    }
    // Raw audio is written here, not through reply.send(stream): a piece may be reused as soon as
    // the socket has taken it, which only a write's callback tells (SpeechLifecycle.send).
    reply.header('content-type', speech.contentType);
    reply.hijack();
    reply.raw.writeHead(200, reply.getHeaders() as OutgoingHttpHeaders);
    await life.send(speech.audio);
  });
}

/** Header values are Latin-1 without controls; anything else is percent-encoded rather than thrown on. */
const headerSafe = (value: string) => (/^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value));
