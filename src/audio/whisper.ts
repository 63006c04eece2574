// Whisper by LPC resynthesis: each 20 ms frame's spectral envelope (linear prediction, order 20)
// is kept and its excitation, the glottal pulses that carry pitch, is replaced by white noise of
// the same energy. What is left is the shape of the vowels and consonants without voicing, which
// is what a whisper is. Written here because no maintained npm package does LPC resynthesis.
import type { StreamProcessor } from './resample.js';

const ORDER = 20;
const EMPTY = new Int16Array(0);

/** Levinson-Durbin: predictor coefficients a[1..p] (a[0] = 1) and the residual energy. */
export function lpc(r: Float64Array, order: number): { a: Float64Array; error: number } {
  const a = new Float64Array(order + 1);
  a[0] = 1;
  let error = r[0];
  if (error <= 0) return { a, error: 0 };
  const tmp = new Float64Array(order + 1);
  for (let i = 1; i <= order; i++) {
    let acc = r[i];
    for (let j = 1; j < i; j++) acc += a[j] * r[i - j];
    const k = -acc / error;
    tmp.set(a);
    for (let j = 1; j < i; j++) a[j] = tmp[j] + k * tmp[i - j];
    a[i] = k;
    error *= 1 - k * k;
    if (error <= 0) { error = 0; break; }
  }
  return { a, error };
}

/** A deterministic noise source (xorshift), so the same request gives the same bytes. */
function noise(seed = 0x9e3779b9) {
  let s = seed >>> 0;
  // Sum of two uniforms: cheap, zero mean, unit variance after scaling by sqrt(6).
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    const u1 = s / 4294967296;
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return (u1 + s / 4294967296 - 1) * Math.SQRT2 * Math.sqrt(3);
  };
}

/** Streams whispered PCM; output length equals input length, delayed by half a frame. */
export function createWhisper(sampleRate: number): StreamProcessor {
  const frame = 2 * Math.round(sampleRate * 0.01);
  const hop = frame / 2;
  // Periodic Hann: at 50 % overlap the windows sum to one, so frames join without ripple.
  const window = Float64Array.from({ length: frame }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / frame));
  const windowPower = window.reduce((s, w) => s + w * w, 0);
  const rand = noise();
  let pending: Float64Array = new Float64Array(hop); // starts with half a frame of silence: the first frame's lead-in
  let filled = hop;
  const overlap = new Float64Array(frame);
  let received = 0, emitted = 0, synthesized = 0, closed = false;

  function synthFrame(x: Float64Array): void {
    const w = new Float64Array(frame);
    for (let i = 0; i < frame; i++) w[i] = x[i] * window[i];
    const r = new Float64Array(ORDER + 1);
    for (let lag = 0; lag <= ORDER; lag++) {
      let acc = 0;
      for (let i = lag; i < frame; i++) acc += w[i] * w[i - lag];
      r[lag] = acc;
    }
    r[0] *= 1 + 1e-9; // a touch of white noise keeps the recursion stable on pure tones
    const { a, error } = lpc(r, ORDER);
    const gain = Math.sqrt(error / windowPower);
    if (!(gain > 0)) return;
    // Filter noise through 1/A(z); a frame of warm-up lets the filter settle before it is used.
    const state = new Float64Array(ORDER);
    for (let n = -frame; n < frame; n++) {
      let y = rand() * gain;
      for (let j = 1; j <= ORDER; j++) y -= a[j] * state[j - 1];
      state.copyWithin(1, 0, ORDER - 1);
      state[0] = y;
      if (n >= 0) overlap[n] += y * window[n];
    }
  }

  function take(count: number): Int16Array {
    const out = new Int16Array(count);
    for (let i = 0; i < count; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(overlap[i])));
    overlap.copyWithin(0, count);
    overlap.fill(0, frame - count);
    return out;
  }

  /** Synthesizes every whole frame buffered (and, at the end, the zero-padded rest). */
  function run(final: boolean): Int16Array {
    const parts: Int16Array[] = [];
    let produced = synthesized;
    while (filled >= frame || (final && produced < received + hop)) {
      if (filled < frame) { pending = grow(pending, frame); pending.fill(0, filled, frame); filled = frame; }
      synthFrame(pending.subarray(0, frame));
      pending.copyWithin(0, hop, filled);
      filled -= hop;
      parts.push(take(hop));
      produced += hop;
    }
    // The first half frame out is the lead-in silence; nothing beyond the input's length is given.
    let out = concatAll(parts).subarray(Math.max(0, hop - synthesized));
    synthesized = produced;
    if (out.length > received - emitted) out = out.subarray(0, received - emitted);
    emitted += out.length;
    return out;
  }

  return {
    process(pcm) {
      if (closed) throw new Error('whisper is closed');
      pending = grow(pending, filled + pcm.length);
      for (let i = 0; i < pcm.length; i++) pending[filled + i] = pcm[i];
      filled += pcm.length;
      received += pcm.length;
      return run(false);
    },
    flush: () => (closed ? EMPTY : run(true)),
    close() { closed = true; },
  };
}

function grow(buf: Float64Array, size: number): Float64Array {
  if (buf.length >= size) return buf;
  const next = new Float64Array(Math.max(size, buf.length * 2));
  next.set(buf);
  return next;
}

function concatAll(parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
