// Requests to OpenAI-compatible upstreams (OpenAI, CometAPI, another Mynah, Kokoro-FastAPI, ...):
// the client's body as it came, with only model, voice, format and stream mode rewritten, so
// `instructions` and extension fields survive unless the upstream's field list drops them.
import type { SpeechRequest } from '../contract.js';
import type { UpstreamConfig } from './types.js';
import type { UpstreamRequest } from './upstream.js';
import type { Plan } from './relay.js';

const CORE = new Set(['model', 'input', 'voice', 'instructions', 'response_format', 'speed', 'stream_format']);

export function openaiRequest(upstream: UpstreamConfig, req: SpeechRequest, raw: Record<string, unknown>, plan: Plan): UpstreamRequest {
  const body: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(raw)) {
    if (!CORE.has(field)) {
      if (upstream.fields.allow && !upstream.fields.allow.includes(field)) continue;
      if (upstream.fields.deny?.includes(field)) continue;
    }
    body[field] = value;
  }
  body.model = upstream.models[req.model] ?? req.model;
  const voice = typeof req.voice === 'string' ? req.voice : req.voice.id;
  const mapped = upstream.voices[voice];
  body.voice = mapped ?? req.voice;
  body.response_format = plan.upstreamFormat;
  if (plan.upstreamSse) body.stream_format = 'sse';
  else delete body.stream_format;
  if (!upstream.supports.instructions) delete body.instructions;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: '*/*' };
  if (upstream.apiKey) headers.authorization = `Bearer ${upstream.apiKey}`;
  return { url: `${upstream.baseUrl}/audio/speech`, headers, body: JSON.stringify(body) };
}

/** The message of an OpenAI-style error envelope, or the start of whatever else came back. */
export function openaiErrorMessage(status: number, text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } | string };
    if (typeof parsed.error === 'string') return parsed.error;
    if (parsed.error?.message) return parsed.error.message;
  } catch { /* not JSON */ }
  return text.trim().slice(0, 300) || `HTTP ${status}`;
}
