// The result cache across targets: finished responses keyed on what was asked (model, voice, text,
// format, speed, instructions), whichever target made them. One small interface, so a shared
// backend (Redis, for several replicas) can replace the in-memory one.
import { createHash } from 'node:crypto';
import type { SpeechRequest } from '../contract.js';

export interface CachedResult { target: string; audio: Uint8Array; audioSeconds: number | null }

export interface ResultCache {
  get(key: string): Promise<CachedResult | undefined>;
  set(key: string, value: CachedResult): Promise<void>;
}

export function cacheKey(req: SpeechRequest): string {
  const voice = typeof req.voice === 'string' ? req.voice : `id:${req.voice.id}`;
  return createHash('sha256')
    .update(JSON.stringify([req.model, voice, req.input, req.response_format, req.speed, req.instructions ?? null]))
    .digest('hex');
}

/** Least recently used entries go first once `maxBytes` of audio is held. */
export function memoryCache(maxBytes: number): ResultCache {
  const entries = new Map<string, CachedResult>();
  let bytes = 0;
  return {
    async get(key) {
      const hit = entries.get(key);
      if (hit) { entries.delete(key); entries.set(key, hit); }
      return hit;
    },
    async set(key, value) {
      if (value.audio.length > maxBytes / 4) return;
      const old = entries.get(key);
      if (old) { bytes -= old.audio.length; entries.delete(key); }
      entries.set(key, value);
      bytes += value.audio.length;
      for (const [k, v] of entries) {
        if (bytes <= maxBytes) break;
        entries.delete(k);
        bytes -= v.audio.length;
      }
    },
  };
}
