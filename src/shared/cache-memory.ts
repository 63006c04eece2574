// The result cache in this process: byte-bounded, least recently used first (synth/cache.ts).
import { AudioCache } from '../synth/cache.js';
import type { CacheStore } from './types.js';

export function memoryCacheStore(maxBytes: number): CacheStore {
  const cache = new AudioCache(maxBytes);
  return {
    kind: 'memory',
    async get(key) {
      const hit = cache.lookup(key);
      return hit && { audio: hit.parts[0], samples: hit.stats.samples, synthMs: hit.stats.synthMs };
    },
    async set(key, value) {
      cache.put(key, [value.audio], { samples: value.samples, synthMs: value.synthMs });
    },
  };
}
