// Signal measurements for the resampler's quality checks (test/resample.test.ts, bench/resample.ts):
// SNR against a reference, spurious energy around a pure tone (images and aliases of any kind), the
// energy above a frequency (Welch), and the step between consecutive samples (clicks).

/** In-place radix-2 complex FFT; `re.length` must be a power of 2. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const wr = Math.cos(ang), wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1, ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k, b = a + len / 2;
        const tr = re[b] * cr - im[b] * ci, ti = re[b] * ci + im[b] * cr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
        [cr, ci] = [cr * wr - ci * wi, cr * wi + ci * wr];
      }
    }
  }
}

/** 4-term Blackman-Harris window (side lobes -92 dB). */
function blackmanHarris(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = (2 * Math.PI * i) / (n - 1);
    w[i] = 0.35875 - 0.48829 * Math.cos(x) + 0.14128 * Math.cos(2 * x) - 0.01168 * Math.cos(3 * x);
  }
  return w;
}

/** Power spectrum (bins 0..n/2) of `x` from `at`, Blackman-Harris windowed. */
export function powerSpectrum(x: ArrayLike<number>, at: number, n: number): Float64Array {
  const w = blackmanHarris(n);
  const re = new Float64Array(n), im = new Float64Array(n);
  for (let i = 0; i < n; i++) re[i] = (x[at + i] ?? 0) * w[i];
  fft(re, im);
  const p = new Float64Array(n / 2 + 1);
  for (let i = 0; i <= n / 2; i++) p[i] = re[i] * re[i] + im[i] * im[i];
  return p;
}

/**
 * Energy outside +-`guardHz` of the tone at `hz`, relative to the tone, in dB, from one 16,384-point
 * frame in the middle of `y` (sampled at `rate`). Images and aliases of the tone land somewhere in
 * 0..rate/2, so this catches both; the int16 quantisation floor is near -95 dB for a 0.5 FS tone.
 */
export function spuriousDb(y: Int16Array, rate: number, hz: number, guardHz = 30): number {
  const n = 16384;
  const p = powerSpectrum(y, Math.max(0, (y.length - n) >> 1), n);
  let tone = 0, rest = 0;
  for (let i = 0; i < p.length; i++) {
    const f = (i * rate) / n;
    if (Math.abs(f - hz) <= guardHz) tone += p[i];
    else rest += p[i];
  }
  return 10 * Math.log10(rest / tone);
}

/** Energy above `hz` relative to all energy, dB (Welch: 4,096-point frames, half overlap). */
export function energyAboveDb(y: Int16Array, rate: number, hz: number): number {
  const n = 4096;
  let above = 0, all = 0;
  for (let at = 0; at + n <= y.length; at += n / 2) {
    const p = powerSpectrum(y, at, n);
    for (let i = 0; i < p.length; i++) {
      all += p[i];
      if ((i * rate) / n > hz) above += p[i];
    }
  }
  return 10 * Math.log10(above / all);
}

/** SNR of `y` against `ref` (same rate, aligned), dB, over their common length. */
export function snrDb(ref: Int16Array, y: Int16Array): number {
  let s = 0, e = 0;
  const n = Math.min(ref.length, y.length);
  for (let i = 0; i < n; i++) {
    s += ref[i] * ref[i];
    e += (ref[i] - y[i]) ** 2;
  }
  return 10 * Math.log10(s / Math.max(e, 1e-9));
}

/** Largest |x[i] - 2x[i-1] + x[i-2]| (second difference: a click stands out of a smooth tone). */
export function maxSecondDifference(x: Int16Array, from = 2, to = x.length): number {
  let m = 0;
  for (let i = Math.max(2, from); i < to; i++) m = Math.max(m, Math.abs(x[i] - 2 * x[i - 1] + x[i - 2]));
  return m;
}
