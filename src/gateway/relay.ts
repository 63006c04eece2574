// The relay: tries the targets in order until one produces its first byte, then streams it through
// chunk by chunk. Failover happens only before that first byte; after it a failure truncates the
// response. When the target lacks the requested format it is asked for pcm and Mynah encodes;
// when the client wants SSE from a target that streams raw audio, Mynah frames the events.
import { toSamples } from '../audio/samples.js';
import { sseEvents } from '../routes/sse.js';
import { usageForSeconds } from '../speech.js';
import { CONTENT_TYPES, OUTPUT_SAMPLE_RATE, type ResponseFormat, type SpeechRequest } from '../contract.js';
import type { EncoderSettings } from '../encoders/types.js';
import { getEncoder } from '../encoders/index.js';
import { ApiError } from '../server/errors.js';
import { elevenlabsErrorMessage, elevenlabsRequest, ELEVENLABS_FORMATS } from './elevenlabs.js';
import { openaiErrorMessage, openaiRequest } from './openai.js';
import type { Breaker, Target } from './router.js';
import { meterFor } from './duration.js';
import { callUpstream, UpstreamFailure } from './upstream.js';
import type { UpstreamConfig } from './types.js';

/** What one attempt asks the upstream for. */
export interface Plan {
  upstreamFormat: ResponseFormat;
  /** The upstream streams OpenAI's SSE events itself; they are passed through. */
  upstreamSse: boolean;
}

/** Local synthesis, as the speech route does it; audio comes already encoded in `req.response_format`. */
export interface LocalSpeech {
  (req: SpeechRequest, signal: AbortSignal): Promise<{ audio: AsyncGenerator<Uint8Array>; samples(): number; engine: string }>;
}

export interface Relayed {
  target: string;
  attempts: number;
  contentType: string;
  /** The response body as it should go to the client (audio bytes or SSE text). */
  body: AsyncGenerator<Uint8Array | string>;
  /** Audio bytes in the requested format, when the relay saw them (not for SSE passthrough). */
  audio: Uint8Array[] | null;
  /** Seconds of audio served, once the body is done; null when the format does not tell. */
  audioSeconds(): number | null;
  upstream?: UpstreamConfig;
  /** The local engine that spoke, for `local:` targets. */
  engine?: string;
}

export function planFor(upstream: UpstreamConfig, req: SpeechRequest): Plan | undefined {
  const formats = upstream.kind === 'elevenlabs'
    ? upstream.supports.formats.filter((f) => ELEVENLABS_FORMATS[f])
    : upstream.supports.formats;
  const native = formats.includes(req.response_format);
  if (!native && !formats.includes('pcm')) return undefined;
  const [lo, hi] = upstream.supports.speed;
  if (req.speed < lo || req.speed > hi) return undefined;
  return {
    upstreamFormat: native ? req.response_format : 'pcm',
    upstreamSse: req.stream_format === 'sse' && native && upstream.supports.sse && upstream.kind === 'openai',
  };
}

const scrub = (text: string, upstream: UpstreamConfig) => (upstream.apiKey ? text.split(upstream.apiKey).join('[redacted]') : text);

export async function relay(
  req: SpeechRequest,
  raw: Record<string, unknown>,
  targets: Target[],
  deps: { breaker: Breaker; local: LocalSpeech; signal: AbortSignal; keepBytes?: number; encoders: EncoderSettings },
): Promise<Relayed> {
  let attempts = 0;
  let last: string | undefined;
  // When targets said 429 and none served, the client gets a 429 with the soonest retry-after.
  let limitedAttempts = 0;
  let soonestRetryMs = Infinity;
  for (const target of targets) {
    if (deps.signal.aborted) throw deps.signal.reason;
    if (target.kind === 'local') {
      attempts += 1;
      try {
        const speech = await deps.local({ ...req, model: target.model }, deps.signal);
        return finish(req, target.name, attempts, speech.audio, deps.keepBytes ?? 0, () => speech.samples() / OUTPUT_SAMPLE_RATE, { engine: speech.engine });
      } catch (err) {
        if (deps.signal.aborted) throw deps.signal.reason;
        // A request the local engines refuse (unknown voice, bad format) is the client's to fix;
        // an engine this machine does not have is only this target's problem.
        if (err instanceof ApiError && err.status < 500 && err.code !== 'model_not_found') throw withAttempts(err, target.name, attempts);
        last = `${target.name}: ${(err as Error).message}`;
        continue;
      }
    }
    const upstream = target.upstream;
    const plan = planFor(upstream, req);
    if (!plan) continue;
    if (plan.upstreamFormat !== req.response_format) {
      // Encoding here needs the encoder on this machine (aac needs ffmpeg).
      const available = await getEncoder(req.response_format).available(deps.encoders);
      if (available !== true) { last = `${upstream.name}: ${available}`; continue; }
    }
    if (!deps.breaker.allow(upstream.name)) continue;
    attempts += 1;
    const isEleven = upstream.kind === 'elevenlabs';
    try {
      const request = (isEleven ? elevenlabsRequest : openaiRequest)(upstream, req, raw, plan);
      const res = await callUpstream(upstream, request, deps.signal, (status, text) => scrub((isEleven ? elevenlabsErrorMessage : openaiErrorMessage)(status, text), upstream));
      const expected = plan.upstreamSse ? /^text\/event-stream/i : /^(audio\/|application\/octet-stream)/i;
      if (!expected.test(res.contentType)) {
        res.cancel();
        throw new UpstreamFailure(`${upstream.name}: unexpected content-type ${JSON.stringify(res.contentType.slice(0, 60))}`, true);
      }
      deps.breaker.success(upstream.name);
      if (plan.upstreamSse) {
        return { target: upstream.name, attempts, contentType: 'text/event-stream; charset=utf-8', body: res.body, audio: null, audioSeconds: () => null, upstream };
      }
      // The audio's length, read from what the upstream sent (pcm, wav, mp3; others unknown).
      const meter = meterFor(plan.upstreamFormat);
      const metered = meter ? (async function* () { for await (const b of res.body) { meter.push(b); yield b; } })() : res.body;
      const audio = plan.upstreamFormat !== req.response_format ? encodePcm(metered, req.response_format, deps.encoders) : metered;
      const seconds = () => meter?.seconds() ?? null;
      return finish(req, upstream.name, attempts, audio, deps.keepBytes ?? 0, seconds, { upstream });
    } catch (err) {
      if (deps.signal.aborted) {
        deps.breaker.abandon(upstream.name);
        throw deps.signal.reason;
      }
      if (!(err instanceof UpstreamFailure)) throw err;
      if (!err.retryable) {
        deps.breaker.success(upstream.name); // it answered; the request was refused
        throw withAttempts(clientError(err, upstream), upstream.name, attempts);
      }
      deps.breaker.failure(upstream.name, err.retryAfterMs);
      if (err.status === 429) {
        limitedAttempts += 1;
        soonestRetryMs = Math.min(soonestRetryMs, err.retryAfterMs ?? 1000);
      }
      last = scrub(err.upstreamMessage ? `${err.message}: ${err.upstreamMessage}` : err.message, upstream);
      continue;
    }
  }
  if (limitedAttempts > 0) {
    throw new ApiError(429, `Every target for model '${req.model}' is rate limited; try again later.`, {
      type: 'requests', code: 'rate_limit_exceeded',
      headers: { 'retry-after': String(Math.max(1, Math.ceil(soonestRetryMs / 1000))), 'x-mynah-attempts': String(attempts) },
    });
  }
  const message = attempts === 0
    ? `No target for model '${req.model}' can serve this request now (circuits open, or format/speed unsupported).`
    : `Every target for model '${req.model}' failed (${attempts} attempt${attempts > 1 ? 's' : ''}); last: ${last}`;
  throw new ApiError(attempts === 0 ? 503 : 502, message, { headers: { 'x-mynah-attempts': String(attempts) } });
}

/** An upstream's own 4xx, passed on in OpenAI's envelope; its credentials problems are ours, not the client's. */
function clientError(err: UpstreamFailure, upstream: UpstreamConfig): ApiError {
  const status = err.status ?? 502;
  if (status === 401 || status === 403) return new ApiError(502, `Upstream ${upstream.name} refused Mynah's credentials.`);
  return new ApiError(status === 422 ? 400 : status, err.upstreamMessage ?? `Upstream ${upstream.name} refused the request.`);
}

function withAttempts(err: ApiError, target: string, attempts: number): ApiError {
  return new ApiError(err.status, err.message, { type: err.type, param: err.param, code: err.code, headers: { ...err.headers, 'x-mynah-target': target, 'x-mynah-attempts': String(attempts) } });
}

function finish(req: SpeechRequest, target: string, attempts: number, source: AsyncGenerator<Uint8Array>, keepBytes: number, seconds: () => number | null, extra: Pick<Relayed, 'upstream' | 'engine'>): Relayed {
  // A copy of the audio for the result cache, up to keepBytes; none when the cache is off.
  let kept: Uint8Array[] | null = keepBytes > 0 ? [] : null;
  let size = 0;
  const audio = kept === null ? source : (async function* () {
    for await (const b of source) {
      if (kept && (size += b.length) <= keepBytes) kept.push(b);
      else kept = null;
      yield b;
    }
  })();
  const sse = req.stream_format === 'sse';
  return {
    ...extra,
    target,
    attempts,
    audioSeconds: seconds,
    contentType: sse ? 'text/event-stream; charset=utf-8' : CONTENT_TYPES[req.response_format],
    body: sse ? sseFrom(audio, req.input, seconds) : audio,
    // Read when the response has ended: null if it outgrew keepBytes.
    get audio() { return kept; },
  };
}

/** 24 kHz 16-bit mono PCM in, the requested format out, through Mynah's own encoders. */
async function* encodePcm(pcm: AsyncGenerator<Uint8Array>, format: ResponseFormat, settings: EncoderSettings): AsyncGenerator<Uint8Array> {
  const driver = getEncoder(format);
  const available = await driver.available(settings);
  if (available !== true) throw new Error(available);
  const encoder = await driver.create(OUTPUT_SAMPLE_RATE, settings);
  try {
    for await (const samples of toSamples(pcm)) {
      for (const out of await encoder.write(samples)) if (out.length) yield out;
    }
    for (const out of await encoder.end()) if (out.length) yield out;
  } finally {
    encoder.close();
  }
}

/**
 * OpenAI's SSE framing made locally: `speech.audio.delta` events with base64 audio, then
 * `speech.audio.done` with token counts (about four characters per text token, one audio token
 * per 25 ms, as the local route counts them), then `[DONE]`.
 */
export const sseFrom = (audio: AsyncGenerator<Uint8Array>, input: string, seconds: () => number | null) =>
  sseEvents(audio, () => ({ usage: usageForSeconds(input, seconds() ?? 0) }));
