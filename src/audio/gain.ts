// Loudness change in dB with a soft limiter, so `loud` raises the level without hard clipping.
import type { StreamProcessor } from './resample.js';

const EMPTY = new Int16Array(0);
/** Above this level (of full scale) peaks are bent smoothly towards CEILING, never reaching it. */
const KNEE = 0.6;
const CEILING = 0.99;

export function createGain(db: number): StreamProcessor {
  const g = 10 ** (db / 20);
  const headroom = CEILING - KNEE;
  return {
    process(pcm) {
      if (db === 0) return pcm;
      const out = new Int16Array(pcm.length);
      for (let i = 0; i < pcm.length; i++) {
        let x = (pcm[i] / 32768) * g;
        const m = Math.abs(x);
        if (m > KNEE) x = Math.sign(x) * (KNEE + headroom * Math.tanh((m - KNEE) / headroom));
        out[i] = Math.round(x * 32767);
      }
      return out;
    },
    flush: () => EMPTY,
    close() {},
  };
}
