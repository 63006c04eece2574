// Whisper by LPC resynthesis: each 20 ms frame's spectral envelope (linear prediction, order 16)
// is kept and its excitation, the glottal pulses that carry pitch, is replaced by white noise of
// the same energy. What is left is the shape of the vowels and consonants without voicing, which
// is what a whisper is. Written here because no maintained npm package does LPC resynthesis.
import type { StreamProcessor } from './resample.js';

const ORDER = 16;
/** Poles pulled in towards the origin (a[j] * 0.94^j) so no formant rings at a harmonic. */
const BANDWIDTH = 0.94;
const PREEMPHASIS = 0.95;
/**
 * Whispered speech has little energy below ~1 kHz (no voicing, a weak first formant); a 4th-order
 * high-pass at 700 Hz takes out the low band of noise that listeners, and pitch trackers, would hear
 * as a pitch (aubiopitch found f0 in 16 % of frames without it, 4 % with it, on flite's kal16).
 */
const HIGH_PASS_HZ = 700;
/** Gives back about the level the high-pass takes away. */
const MAKEUP = 1.4;
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
  // Analysis: periodic Hann. Synthesis: its square root (a sine), whose squares sum to one at
  // 50 % overlap, so overlapping frames of independent noise keep a steady level.
  const window = Float64Array.from({ length: frame }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / frame));
  const synthesis = window.map(Math.sqrt);
  const rand = noise();
  let pending: Float64Array = new Float64Array(hop); // starts with half a frame of silence: the first frame's lead-in
  let filled = hop;
  const overlap = new Float64Array(frame);
  let received = 0, emitted = 0, synthesized = 0, closed = false;

  function synthFrame(x: Float64Array): void {
    // The envelope is taken from pre-emphasised speech and never de-emphasised: a whisper has no
    // glottal source and so none of voiced speech's low-frequency tilt (and a narrow low band of
    // noise would read as a pitch to a listener and to a pitch tracker alike).
    const w = new Float64Array(frame);
    for (let i = 0; i < frame; i++) w[i] = (x[i] - PREEMPHASIS * (i > 0 ? x[i - 1] : 0)) * window[i];
    const r = new Float64Array(ORDER + 1);
    for (let lag = 0; lag <= ORDER; lag++) {
      let acc = 0;
      for (let i = lag; i < frame; i++) acc += w[i] * w[i - lag];
      r[lag] = acc;
    }
    // A Gaussian lag window (about 150 Hz wide) smooths the envelope over harmonics, as speech
    // codecs do, and a touch of white noise keeps the recursion stable on pure tones.
    for (let lag = 1; lag <= ORDER; lag++) r[lag] *= Math.exp(-0.5 * ((2 * Math.PI * 150 * lag) / sampleRate) ** 2);
    r[0] *= 1 + 1e-4;
    const { a, error } = lpc(r, ORDER);
    for (let j = 1, g = BANDWIDTH; j <= ORDER; j++, g *= BANDWIDTH) a[j] *= g;
    if (!(error > 0)) return;
    // Filter noise through 1/A(z); a frame of warm-up lets the filter settle before it is used.
    const state = new Float64Array(ORDER);
    const y = new Float64Array(frame);
    for (let n = -frame; n < frame; n++) {
      let v = rand();
      for (let j = 1; j <= ORDER; j++) v -= a[j] * state[j - 1];
      state.copyWithin(1, 0, ORDER - 1);
      state[0] = v;
      if (n >= 0) y[n] = v * synthesis[n];
    }
    // The frame gets the input frame's energy (under the same window), whatever the filter's gain.
    let target = 0, got = 0;
    for (let n = 0; n < frame; n++) { target += x[n] * x[n] * window[n]; got += y[n] * y[n]; }
    const gain = got > 0 ? Math.sqrt(target / got) : 0;
    for (let n = 0; n < frame; n++) overlap[n] += y[n] * gain;
  }

  const hp1 = biquadHighPass(HIGH_PASS_HZ, sampleRate), hp2 = biquadHighPass(HIGH_PASS_HZ, sampleRate);
  const highPass = (x: number) => hp2(hp1(x));
  function take(count: number): Int16Array {
    const out = new Int16Array(count);
    for (let i = 0; i < count; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(highPass(overlap[i]) * MAKEUP)));
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

/** Second-order Butterworth high-pass (RBJ cookbook), one sample at a time. */
function biquadHighPass(hz: number, sampleRate: number): (x: number) => number {
  const w = (2 * Math.PI * hz) / sampleRate, alpha = Math.sin(w) / Math.SQRT2, c = Math.cos(w);
  const a0 = 1 + alpha;
  const b0 = (1 + c) / 2 / a0, b1 = -(1 + c) / a0, b2 = b0, a1 = (-2 * c) / a0, a2 = (1 - alpha) / a0;
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  return (x) => {
    const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1; x1 = x; y2 = y1; y1 = y;
    return y;
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
