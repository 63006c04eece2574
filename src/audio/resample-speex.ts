// The Speex resampler (wasm), which resample.ts replaced: kept as the reference the quality tests
// compare against (quality 10), and as the fallback for rate pairs whose ratio needs more than
// resample.ts's phase limit (no engine here has one). State is kept between blocks.
import createSpeex, { type SpeexModule } from '@echogarden/speex-resampler-wasm';
import { concat, type StreamProcessor } from './resample.js';

let speex: SpeexModule | undefined;
let loading: Promise<SpeexModule> | undefined;

/** Loads the wasm once per thread, so createResampler() can then be called synchronously. */
export async function initSpeexResampler(): Promise<void> {
  loading ??= createSpeex().then((m) => (speex = m));
  await loading;
}

/**
 * Speex quality 0..10. 3 (its "VoIP" setting: 48 taps) is within 42 dB of quality 10 on flite's
 * speech; it was the server's resampler until issue 18 (BENCHMARKS.md, "Full path").
 */
const DEFAULT_QUALITY = 3;
const CHUNK = 4096;
const EMPTY = new Int16Array(0);

const identity = (): StreamProcessor => ({ process: (pcm) => pcm, flush: () => EMPTY, close() {} });

export function createSpeexResampler(fromRate: number, toRate: number, quality = DEFAULT_QUALITY): StreamProcessor {
  if (!(fromRate > 0 && toRate > 0)) throw new RangeError(`bad sample rates ${fromRate} -> ${toRate}`);
  if (fromRate === toRate) return identity();
  const m = speex;
  if (!m) throw new Error('createSpeexResampler() called before await initSpeexResampler()');

  const errPtr = m._malloc(4);
  const state = m._speex_resampler_init(1, fromRate, toRate, quality, errPtr);
  if (!state) {
    m._free(errPtr);
    throw new Error(`speex_resampler_init failed for ${fromRate} -> ${toRate}`);
  }
  // Without this the output starts with the filter's latency in zeros; flush() recovers the tail instead.
  m._speex_resampler_skip_zeros(state);
  const outCap = Math.ceil((CHUNK * toRate) / fromRate) + 64;
  const inPtr = m._malloc(CHUNK * 2);
  const outPtr = m._malloc(outCap * 2);
  const lenPtr = m._malloc(8); // [in_len, out_len] as two uint32
  let totalIn = 0;
  let totalOut = 0;
  let closed = false;

  const run = (pcm: Int16Array, limit = Infinity): Int16Array => {
    if (closed) throw new Error('resampler is closed');
    const parts: Int16Array[] = [];
    let produced = 0;
    for (let off = 0; off < pcm.length; ) {
      const n = Math.min(CHUNK, pcm.length - off);
      // Heap views are re-read after every call: wasm memory may grow and detach old views.
      m.HEAP16.set(pcm.subarray(off, off + n), inPtr >> 1);
      m.HEAPU32[lenPtr >> 2] = n;
      m.HEAPU32[(lenPtr >> 2) + 1] = outCap;
      m._speex_resampler_process_int(state, 0, inPtr, lenPtr, outPtr, lenPtr + 4);
      const used = m.HEAPU32[lenPtr >> 2];
      const got = Math.min(m.HEAPU32[(lenPtr >> 2) + 1], limit - produced);
      if (got > 0) {
        parts.push(m.HEAP16.slice(outPtr >> 1, (outPtr >> 1) + got));
        produced += got;
      }
      off += used;
      if (used === 0 && got <= 0) break; // defensive: never spin
    }
    return concat(parts, produced);
  };

  return {
    process(pcm) {
      if (pcm.length === 0) return EMPTY;
      totalIn += pcm.length;
      const out = run(pcm);
      totalOut += out.length;
      return out;
    },
    flush() {
      // Push zeros through the filter until the output length matches the input duration exactly.
      const want = Math.round((totalIn * toRate) / fromRate) - totalOut;
      if (want <= 0 || closed) return EMPTY;
      const latency = m._speex_resampler_get_input_latency(state);
      const out = run(new Int16Array(latency * 2 + 16), want);
      totalOut += out.length;
      return out;
    },
    close() {
      if (closed) return;
      closed = true;
      m._speex_resampler_destroy(state);
      m._free(inPtr);
      m._free(outPtr);
      m._free(lenPtr);
      m._free(errPtr);
    },
  };
}
