// ElevenLabs as an upstream: an OpenAI speech request becomes
// POST {baseUrl}/v1/text-to-speech/{voice_id}/stream?output_format=... with `text`, `model_id` and
// `voice_settings.speed` (from ElevenLabs' public API reference). It streams raw mp3 or 16-bit
// PCM; other formats are made from pcm_24000 by Mynah's encoders, and SSE events by the relay.
import type { ResponseFormat, SpeechRequest } from '../contract.js';
import type { UpstreamConfig } from './types.js';
import type { UpstreamRequest } from './upstream.js';
import type { Plan } from './relay.js';

/** ElevenLabs' `output_format` for each format it can send; pcm_24000 matches OpenAI's pcm. */
export const ELEVENLABS_FORMATS: Partial<Record<ResponseFormat, string>> = {
  mp3: 'mp3_44100_128',
  pcm: 'pcm_24000',
};

const DEFAULT_MODEL = 'eleven_multilingual_v2';

export function elevenlabsRequest(upstream: UpstreamConfig, req: SpeechRequest, _raw: Record<string, unknown>, plan: Plan): UpstreamRequest {
  const voiceName = typeof req.voice === 'string' ? req.voice : req.voice.id;
  // OpenAI voice names map through the voice map; anything else is taken as a voice_id.
  const voiceId = upstream.voices[voiceName] ?? voiceName;
  const outputFormat = ELEVENLABS_FORMATS[plan.upstreamFormat];
  if (!outputFormat) throw new Error(`ElevenLabs cannot send ${plan.upstreamFormat}`);
  const body: Record<string, unknown> = {
    text: req.input,
    model_id: upstream.models[req.model] ?? DEFAULT_MODEL,
  };
  if (req.speed !== 1) body.voice_settings = { speed: req.speed };
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'audio/*' };
  if (upstream.apiKey) headers['xi-api-key'] = upstream.apiKey;
  return {
    url: `${upstream.baseUrl}/v1/text-to-speech/${encodeURIComponent(voiceId)}/stream?output_format=${outputFormat}`,
    headers,
    body: JSON.stringify(body),
  };
}

/**
 * ElevenLabs' errors: `{"detail": {"status": "...", "message": "..."}}`, or FastAPI's validation
 * list `{"detail": [{"loc": [...], "msg": "..."}]}` with 422.
 */
export function elevenlabsErrorMessage(status: number, text: string): string {
  try {
    const { detail } = JSON.parse(text) as { detail?: unknown };
    if (typeof detail === 'string') return detail;
    if (Array.isArray(detail)) return detail.map((d: { loc?: unknown[]; msg?: string }) => `${(d.loc ?? []).join('.')}: ${d.msg ?? ''}`).join('; ');
    if (detail && typeof detail === 'object') {
      const d = detail as { message?: string; status?: string };
      return d.message ?? d.status ?? `HTTP ${status}`;
    }
  } catch { /* not JSON */ }
  return text.trim().slice(0, 300) || `HTTP ${status}`;
}
