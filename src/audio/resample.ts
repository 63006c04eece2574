// Streaming sample-rate conversion. Engines speak at 8/16/22.05 kHz; every response leaves at
// 24 kHz. A polyphase windowed-sinc FIR (Kaiser window) for the exact rational ratio L/M between
// the two rates (16k->24k is 3/2, 8k->24k 3/1, 22.05k->24k 160/147): output n sits at input time
// n*M/L, computed from n with integer arithmetic, so long streams never drift and the output has
// exactly round(inputs*L/M) samples. The input the next output still needs is carried between
// blocks, so sentence-sized pieces join without clicks. The dot products run in a small
// WebAssembly module with SIMD (f32x4) whose bytes are written below (no toolchain, no binary in
// the repository); where SIMD is missing, a scalar JS loop computes the same thing.
// Quality and speed against the Speex resampler it replaced: test/resample.test.ts, BENCHMARKS.md.
import { createSpeexResampler, initSpeexResampler } from './resample-speex.js';
import { uleb } from '../wasm/module.js';

export interface StreamProcessor {
  /** Returns whatever output is ready for this block (possibly empty). */
  process(pcm: Int16Array): Int16Array;
  /** Returns the tail held back by the filter; call once after the last block. */
  flush(): Int16Array;
  /** Frees what the processor holds; safe to call more than once. */
  close(): void;
}

export interface ResamplerOptions {
  /** 'simd' (default where WebAssembly SIMD validates) or 'js', the scalar fallback. */
  kernel?: 'simd' | 'js';
  /** Filter taps per output at the lower of the two rates (default TAPS). */
  taps?: number;
  /** Kaiser window beta (default BETA); 0 is a rectangular window. */
  beta?: number;
  /** -6 dB point as a fraction of the lower rate's Nyquist frequency (default CUTOFF). */
  cutoff?: number;
}

/**
 * Taps per output (at the lower rate), Kaiser beta and cutoff. 48 taps (as many as the Speex
 * quality 3 it replaced, but 4 multiplications at a time), beta 9 and a cutoff at 0.93 of the
 * lower Nyquist frequency measure, on real 8/16/22.05 kHz speech, 2-3 dB nearer Speex quality 10
 * than Speex quality 3 did, with 2-11 dB less image/alias energy around tones
 * (test/resample.test.ts, bench/resample.ts; BENCHMARKS.md "Resampler").
 */
export const TAPS = 48;
export const BETA = 9;
export const CUTOFF = 0.93;
/** Phases beyond this (a ratio like 24000/22051) go to the Speex resampler instead. */
const MAX_PHASES = 1024;

const EMPTY = new Int16Array(0);
const identity = (): StreamProcessor => ({ process: (pcm) => pcm, flush: () => EMPTY, close() {} });

// ---- the wasm kernel -------------------------------------------------------------------------

/** Scratch in the kernel's memory: input floats (history + block), int16 output, partial sums. */
const IN_FLOATS = 1 << 15;
const OUT_SAMPLES = 1 << 15;
const IN_OFF = 0;
const OUT_OFF = IN_OFF + IN_FLOATS * 4;
const SUMS_OFF = OUT_OFF + OUT_SAMPLES * 2;
const TABLES_OFF = SUMS_OFF + 1024;
const PAGE = 65536;

const str = (s: string) => [...uleb(s.length), ...Buffer.from(s)];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];

// Opcodes used below (WebAssembly core + SIMD).
const I32 = 0x7f, V128 = 0x7b;
const op = {
  block: 0x02, loop: 0x03, if: 0x04, end: 0x0b, br: 0x0c, brIf: 0x0d, void: 0x40,
  get: 0x20, set: 0x21, tee: 0x22,
  i32const: 0x41, i32eqz: 0x45, i32geS: 0x4e, i32geU: 0x4f, i32add: 0x6a, i32sub: 0x6b, i32mul: 0x6c, i32shl: 0x74,
  simd: 0xfd,
} as const;
const simdOp = (code: number, ...imm: number[]) => [op.simd, ...uleb(code), ...imm];
const v128load = (offset: number) => simdOp(0x00, 0, ...uleb(offset));
const v128store = (offset: number) => simdOp(0x0b, 0, ...uleb(offset));
const f32x4add = simdOp(0xe4);
const f32x4mul = simdOp(0xe6);
/** i8x16.shuffle picking f32 lanes (0-3 from the first operand, 4-7 from the second). */
const shuffle = (...lanes: number[]) => simdOp(0x0d, ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]));

/**
 * A module exporting run(coef, inp, out, count, i, p, L, step, rem, rowBytes, M): for count outputs
 * (a multiple of 4L), out[k] = int16(round(dot(inp[i..i+taps), coef[p*row..]))), then i += step,
 * p += rem (carry into i at L). `taps` (a multiple of 4) is unrolled: 4 lanes per multiply, a tree
 * of adds. Four outputs per iteration, n, n+L, n+2L, n+3L: they share a phase (their inputs start M
 * apart), so each coefficient vector is loaded once for the four, and their horizontal sums,
 * rounding, saturation and stores are done once, in lanes (one output at a time, that scalar tail
 * cost as much as the dot product). The sums add lanes in the same order as one output at a time
 * would, and saturating truncation + narrowing clamp exactly like f32 min/max did: the results are
 * bit-identical to the one-output kernel this replaced.
 */
function kernelBytes(taps: number): Uint8Array<ArrayBuffer> {
  // params 0..10 as above; locals: carry, rows left, M and L in bytes, 4 x addresses, coefficient
  // address (i32), 4 sums and 6 coefficient vectors (v128)
  const [COEF, INP, OUT, COUNT, I, P, L, STEP, REM, ROW, M, C, R, MB, LB, X, CA, S, K] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 19, 20, 24];
  const get = (l: number) => [op.get, l];
  const set = (l: number) => [op.set, l];
  const body: number[] = [...get(M), op.i32const, 2, op.i32shl, ...set(MB), ...get(L), op.i32const, 1, op.i32shl, ...set(LB), ...get(L), ...set(R)];
  // Next output: i += step (+1 and p -= L when p reaches L), without a branch.
  const advance = [...get(P), ...get(REM), op.i32add, op.tee, P, ...get(L), op.i32geU, op.tee, C,
    ...get(I), ...get(STEP), op.i32add, op.i32add, ...set(I), ...get(P), ...get(C), ...get(L), op.i32mul, op.i32sub, ...set(P)];
  body.push(op.block, op.void, op.loop, op.void);
  body.push(op.i32const, 0, ...get(COUNT), op.i32geS, op.brIf, 1);
  body.push(...get(INP), ...get(I), op.i32const, 2, op.i32shl, op.i32add, ...set(X));
  for (let u = 1; u < 4; u++) body.push(...get(X + u - 1), ...get(MB), op.i32add, ...set(X + u));
  body.push(...get(COEF), ...get(P), ...get(ROW), op.i32mul, op.i32add, ...set(CA));
  // Sum of taps/4 products, as pairs of pairs so adds do not wait on one long chain.
  // (Output u's inputs times coefficient vector k, held in local K + k - first.)
  const product = (u: number, k: number, first: number) => [...get(X + u), ...v128load(16 * k), ...get(K + k - first), ...f32x4mul];
  const sum = (u: number, from: number, to: number, first: number): number[] => {
    if (to - from === 1) return product(u, from, first);
    const mid = (from + to) >> 1;
    return [...sum(u, from, mid, first), ...sum(u, mid, to, first), ...f32x4add];
  };
  // The same tree, but subtrees of up to 6 products go through memory (SUMS_OFF + 256u + slot): V8's
  // optimizing compiler hoists all loads of a block ahead of the arithmetic (48 and more live
  // vectors, spilled to the stack); stores in between pin the order: 6 coefficient vectors, then
  // for each output 6 input vectors, their sum, a store.
  const at = (u: number, slot: number) => [op.i32const, 0, ...v128load(SUMS_OFF + 256 * u + slot)];
  const store = (u: number, slot: number) => v128store(SUMS_OFF + 256 * u + slot);
  const four = (f: (u: number) => number[]) => [0, 1, 2, 3].flatMap(f);
  // A leaf that is a right subtree adds the left one's sum (a + b is b + a, bit for bit) in place.
  const pinned = (from: number, to: number, slot: number, addTo = false): number[] => {
    const mid = (from + to) >> 1;
    if (to - from > 12) return [...pinned(from, mid, slot), ...pinned(mid, to, slot + 16), ...four((u) => [op.i32const, 0, ...at(u, slot), ...at(u, slot + 16), ...f32x4add, ...store(u, slot)])];
    if (to - from > 6) return [...pinned(from, mid, slot), ...pinned(mid, to, slot, true)];
    const coefs = Array.from({ length: to - from }, (_, j) => [...get(CA), ...v128load(16 * (from + j)), ...set(K + j)]).flat();
    return [...coefs, ...four((u) => [op.i32const, 0, ...sum(u, from, to, from), ...(addTo ? [...at(u, slot), ...f32x4add] : []), ...store(u, slot)])];
  };
  body.push(...pinned(0, taps / 4, 0));
  body.push(...four((u) => [...at(u, 0), ...set(S + u)]));
  // Lanes [s0, s1, s2, s3] of 4 sums -> [(s0+s1)+(s2+s3)] of each, by two rounds of pairwise adds.
  const pairs = (a: number, b: number) => [...get(a), ...get(b), ...shuffle(0, 2, 4, 6), ...get(a), ...get(b), ...shuffle(1, 3, 5, 7), ...f32x4add];
  body.push(...pairs(S, S + 1), ...set(S), ...pairs(S + 2, S + 3), ...set(S + 1), ...pairs(S, S + 1));
  // f32x4.nearest, i32x4.trunc_sat_f32x4_s, i16x8.narrow_i32x4_s (saturating): 4 int16 in lanes 0-3.
  body.push(...simdOp(0x6a), ...simdOp(0xf8), op.tee, S, ...get(S), ...simdOp(0x85), ...set(S));
  // v128.store16_lane: output n+uL is u rows of L below; after L iterations, skip the 3 rows done.
  for (let u = 0; u < 4; u++) body.push(...get(OUT), ...get(LB), op.i32const, u, op.i32mul, op.i32add, ...get(S), ...simdOp(0x59, 1, 0, u));
  body.push(...get(OUT), op.i32const, 2, op.i32add, ...set(OUT), ...advance);
  body.push(...get(R), op.i32const, 1, op.i32sub, op.tee, R, op.i32eqz, op.if, op.void, ...get(L), ...set(R));
  body.push(...get(OUT), ...get(LB), op.i32const, 3, op.i32mul, op.i32add, ...set(OUT), ...get(I), ...get(M), op.i32const, 3, op.i32mul, op.i32add, ...set(I), op.end);
  body.push(...get(COUNT), op.i32const, 4, op.i32sub, ...set(COUNT));
  body.push(op.br, 0, op.end, op.end, op.end);
  const locals = vec([[9, I32], [10, V128]]);
  const fn = [...locals, ...body];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec(Array.from({ length: 11 }, () => [I32])), 0]])),
    ...section(2, vec([[...str('e'), ...str('m'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...str('run'), 0x00, 0]])),
    ...section(10, vec([[...uleb(fn.length), ...fn]])),
  ]);
}

type Run = (coef: number, inp: number, out: number, count: number, i: number, p: number, L: number, step: number, rem: number, rowBytes: number, M: number) => void;

/** This thread's kernel memory: scratch, then the filter tables, appended as rate pairs appear. */
interface Kernel {
  memory: WebAssembly.Memory;
  runs: Map<number, Run>;
  /** Where each filter's table is in memory. */
  tables: Map<Filter, number>;
  top: number;
}
let kernel: Kernel | undefined;
let simd: boolean | undefined;
const modules = new Map<number, WebAssembly.Module>();

/** Whether this runtime validates the SIMD kernel (Node 16.4+ does). */
export function simdAvailable(): boolean {
  simd ??= WebAssembly.validate(kernelBytes(4));
  return simd;
}

function getKernel(): Kernel {
  kernel ??= { memory: new WebAssembly.Memory({ initial: Math.ceil(TABLES_OFF / PAGE) }), runs: new Map(), tables: new Map(), top: TABLES_OFF };
  return kernel;
}

function runFor(k: Kernel, taps: number): Run {
  let run = k.runs.get(taps);
  if (!run) {
    let module = modules.get(taps);
    if (!module) modules.set(taps, (module = new WebAssembly.Module(kernelBytes(taps))));
    run = new WebAssembly.Instance(module, { e: { m: k.memory } }).exports.run as Run;
    k.runs.set(taps, run);
  }
  return run;
}

// ---- the filter --------------------------------------------------------------------------------

interface Filter {
  L: number;
  M: number;
  /** Taps per output, a multiple of 4. */
  taps: number;
  /** L rows of `taps` coefficients; row p is the phase p/L of an input sample. */
  coef: Float32Array;
}

const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);

/** Modified Bessel function of the first kind, order 0 (series; converges fast for beta < 20). */
function besselI0(x: number): number {
  let sum = 1, term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

const filters = new Map<string, Filter>();

/** Kaiser-windowed sinc for L/M, one row per phase, each row scaled to unity gain at DC. */
export function designFilter(L: number, M: number, taps = TAPS, beta = BETA, cutoff = CUTOFF): Filter {
  const key = `${L}/${M}/${taps}/${beta}/${cutoff}`;
  let f = filters.get(key);
  if (f) return f;
  // Below 1 the output rate is the lower one: the filter widens by M/L in input samples.
  const scale = Math.min(1, L / M);
  const n = Math.ceil(taps / scale / 4) * 4;
  const half = n / 2;
  const fc = cutoff * scale; // cycles per input sample, times 2
  const coef = new Float32Array(L * n);
  const norm = besselI0(beta);
  for (let p = 0; p < L; p++) {
    let sum = 0;
    const row = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      // Tap k reads input i - half + 1 + k for an output at input time i + p/L.
      const t = p / L + (half - 1 - k);
      const u = t / half;
      const w = Math.abs(u) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - u * u)) / norm;
      const x = Math.PI * fc * t;
      row[k] = w * (x === 0 ? 1 : Math.sin(x) / x);
      sum += row[k];
    }
    for (let k = 0; k < n; k++) coef[p * n + k] = row[k] / sum;
  }
  f = { L, M, taps: n, coef };
  filters.set(key, f);
  return f;
}

/** The same dot products as the wasm kernel, in plain JS (the fallback, and the comparison). */
function runJs(coef: Float32Array, inp: Float32Array, out: Int16Array, count: number, i: number, p: number, L: number, step: number, rem: number, taps: number): void {
  for (let o = 0; o < count; o++) {
    const c = p * taps;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let k = 0; k < taps; k += 4) {
      a0 += inp[i + k] * coef[c + k];
      a1 += inp[i + k + 1] * coef[c + k + 1];
      a2 += inp[i + k + 2] * coef[c + k + 2];
      a3 += inp[i + k + 3] * coef[c + k + 3];
    }
    const y = Math.round(a0 + a1 + a2 + a3);
    out[o] = y > 32767 ? 32767 : y < -32768 ? -32768 : y;
    i += step;
    p += rem;
    if (p >= L) {
      p -= L;
      i++;
    }
  }
}

// ---- the stream ----------------------------------------------------------------------------------

let speexReady = false;

/** Prepares this thread's resampling (call once before createResampler, which is synchronous). */
export async function initResampler(): Promise<void> {
  simdAvailable();
  // Only for rate pairs beyond MAX_PHASES; loaded up front because createResampler() is synchronous.
  if (!speexReady) {
    await initSpeexResampler();
    speexReady = true;
  }
}

export function createResampler(fromRate: number, toRate: number, options: ResamplerOptions = {}): StreamProcessor {
  if (!(fromRate > 0 && toRate > 0) || !Number.isInteger(fromRate) || !Number.isInteger(toRate)) throw new RangeError(`bad sample rates ${fromRate} -> ${toRate}`);
  if (fromRate === toRate) return identity();
  const g = gcd(fromRate, toRate);
  const L = toRate / g, M = fromRate / g;
  if (L > MAX_PHASES) {
    if (!speexReady) throw new Error('createResampler() called before await initResampler()');
    return createSpeexResampler(fromRate, toRate);
  }
  const filter = designFilter(L, M, options.taps, options.beta, options.cutoff);
  const { taps, coef } = filter;
  const half = taps / 2;
  const step = Math.floor(M / L), rem = M % L;
  // The kernel computes a multiple of 4L outputs; those past what is asked read at most 4M inputs
  // past the block (into the output scratch, so M is bounded) and are dropped.
  const useSimd = options.kernel !== 'js' && simdAvailable() && M <= 2048;
  const group = 4 * L;

  let k: Kernel | undefined, run: Run | undefined, coefOffset = 0;
  if (useSimd) {
    k = getKernel();
    run = runFor(k, taps);
    let offset = k.tables.get(filter);
    if (offset === undefined) {
      offset = k.top;
      k.top += coef.byteLength;
      if (k.top > k.memory.buffer.byteLength) k.memory.grow(Math.ceil((k.top - k.memory.buffer.byteLength) / PAGE));
      new Float32Array(k.memory.buffer, offset, coef.length).set(coef);
      k.tables.set(filter, offset);
    }
    coefOffset = offset;
  }
  const jsIn = useSimd ? undefined : new Float32Array(IN_FLOATS);
  const jsOut = useSimd ? undefined : new Int16Array(OUT_SAMPLES);

  // Input not yet consumed by every output that needs it: samples [tailStart, totalIn) of the
  // stream, the first half - 1 of them zeros before the stream starts.
  let tail = new Float32Array(half - 1);
  let tailStart = -(half - 1);
  let totalIn = 0;
  let produced = 0; // outputs so far: output n reads inputs from floor(n*M/L) - half + 1
  let closed = false;
  const firstInput = (n: number) => Math.floor((n * M) / L) - half + 1;
  // Largest block of new input per kernel call, so history + block and its output fit the scratch.
  const maxBlock = Math.max(1, Math.min(IN_FLOATS - taps * 2, Math.floor(((OUT_SAMPLES - group) * M) / L)));

  /** Feeds `pcm` (or `zeros` silent samples past the end) and returns outputs, at most up to `limit`. */
  const feed = (pcm: Int16Array | undefined, zeros: number, limit: number): Int16Array => {
    if (closed) throw new Error('resampler is closed');
    const parts: Int16Array[] = [];
    let total = 0;
    const length = pcm ? pcm.length : zeros;
    for (let off = 0; off < length; ) {
      const n = Math.min(maxBlock, length - off, IN_FLOATS - tail.length);
      // History is at most `taps` plus M/L samples (every block produces what it can), so n > 0.
      const buf = useSimd ? new Float32Array(k!.memory.buffer, IN_OFF, IN_FLOATS) : jsIn!;
      buf.set(tail, 0);
      if (pcm) buf.set(pcm.subarray(off, off + n), tail.length);
      else buf.fill(0, tail.length, tail.length + n);
      off += n;
      const end = tailStart + tail.length + n; // stream index one past the last sample in buf
      if (pcm) totalIn += n;
      // Output m can be computed once input floor(m*M/L) + half is in buf.
      const last = end - 1 - half; // the largest floor(m*M/L) allowed
      let count = Math.ceil(((last + 1) * L) / M) - produced;
      count = Math.min(count, limit - produced);
      if (count > 0) {
        const q = produced * M;
        const i = Math.floor(q / L);
        const p = q - i * L;
        const start = i - half + 1 - tailStart;
        if (useSimd) {
          run!(coefOffset, IN_OFF + start * 4, OUT_OFF, Math.ceil(count / group) * group, 0, p, L, step, rem, taps * 4, M);
          parts.push(new Int16Array(k!.memory.buffer, OUT_OFF, count).slice());
        } else {
          runJs(coef, jsIn!, jsOut!, count, start, p, L, step, rem, taps);
          parts.push(jsOut!.slice(0, count));
        }
        produced += count;
        total += count;
      }
      const keepFrom = Math.min(firstInput(produced), end) - tailStart;
      tail = buf.slice(keepFrom, tail.length + n);
      tailStart += keepFrom;
    }
    return concat(parts, total);
  };

  return {
    process(pcm) {
      if (pcm.length === 0) return EMPTY;
      return feed(pcm, 0, Infinity);
    },
    flush() {
      if (closed) return EMPTY;
      // Zeros past the end until the output covers the input's duration exactly.
      const want = Math.round((totalIn * L) / M);
      if (produced >= want) return EMPTY;
      return feed(undefined, half + Math.ceil(M / L) + 1, want);
    },
    close() {
      closed = true;
    },
  };
}

export function concat(parts: Int16Array[], total = parts.reduce((s, p) => s + p.length, 0)): Int16Array {
  if (parts.length === 1) return parts[0];
  if (parts.length === 0) return EMPTY;
  const out = new Int16Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
