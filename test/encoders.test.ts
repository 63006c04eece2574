import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ENCODERS, getEncoder } from '../src/encoders/index.js';
import { RESPONSE_FORMATS, type ResponseFormat } from '../src/contract.js';
import { initResampler, createResampler } from '../src/audio/resample.js';

import { initTempo, createTempo } from '../src/audio/tempo.js';

const RATE = 24000;
/** What config gives encoders by default (MYNAH_FFMPEG unset). */
const SETTINGS = { ffmpeg: 'ffmpeg' };
const SECONDS = 2;
const dir = mkdtempSync(join(tmpdir(), 'mynah-enc-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** A vowel-like signal: a 140 Hz fundamental with two formant-ish partials under a slow envelope. */
function voice(rate = RATE, seconds = SECONDS): Int16Array {
  const n = Math.round(rate * seconds);
  const x = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    const env = Math.sin((Math.PI * t) / seconds) ** 2 * (0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * t));
    x[i] = Math.round(env * (6000 * Math.sin(2 * Math.PI * 140 * t) + 3000 * Math.sin(2 * Math.PI * 730 * t)
      + 1200 * Math.sin(2 * Math.PI * 2300 * t)));
  }
  return x;
}

function tone(rate: number, seconds: number, hz: number): Int16Array {
  const x = new Int16Array(Math.round(rate * seconds));
  for (let i = 0; i < x.length; i++) x[i] = Math.round(10000 * Math.sin((2 * Math.PI * hz * i) / rate));
  return x;
}

const zeroCrossings = (x: Int16Array): number => {
  let c = 0;
  for (let i = 1; i < x.length; i++) if ((x[i - 1] < 0) !== (x[i] < 0)) c++;
  return c;
};

/** Uneven block sizes, as sentences and engine chunks arrive. */
function* blocks(x: Int16Array): Generator<Int16Array> {
  const sizes = [1, 7, 480, 1000, 3333, 160, 4096, 959];
  for (let off = 0, i = 0; off < x.length; i++) {
    const n = sizes[i % sizes.length];
    yield x.subarray(off, off + n);
    off += n;
  }
}

async function encode(format: ResponseFormat, pcm = voice()) {
  const enc = await getEncoder(format).create(RATE, SETTINGS);
  const parts: Uint8Array[] = [];
  for (const b of blocks(pcm)) parts.push(...(await enc.write(b)));
  const beforeEnd = parts.reduce((s, p) => s + p.length, 0);
  parts.push(...(await enc.end()));
  const bytes = Buffer.concat(parts);
  const file = join(dir, `out.${format}`);
  writeFileSync(file, bytes);
  return { bytes, beforeEnd, file };
}

interface Probe { streams: Array<Record<string, string | number>>; format: Record<string, string> }
function ffprobe(file: string, input: string[] = []): Probe {
  return JSON.parse(execFileSync('ffprobe', ['-v', 'error', ...input, '-show_streams', '-show_format', '-of', 'json', file]).toString());
}

function decodedSamples(file: string, input: string[] = []): number {
  const errors = execFileSync('ffmpeg', ['-v', 'error', ...input, '-i', file, '-f', 'null', '-'], { stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(errors.toString(), '', 'ffmpeg reports decode errors');
  const pcm = execFileSync('ffmpeg', ['-v', 'error', ...input, '-i', file, '-f', 's16le', '-ac', '1', '-'], { maxBuffer: 1 << 26 });
  return pcm.length / 2;
}

const EXPECT: Record<ResponseFormat, { codec: string; rate: number; lengthFromDecode?: boolean; input?: string[] }> = {
  mp3: { codec: 'mp3', rate: 24000 },
  opus: { codec: 'opus', rate: 48000 },
  aac: { codec: 'aac', rate: 24000 },
  flac: { codec: 'flac', rate: 24000, lengthFromDecode: true },
  wav: { codec: 'pcm_s16le', rate: 24000, lengthFromDecode: true },
  pcm: { codec: 'pcm_s16le', rate: 24000, lengthFromDecode: true, input: ['-f', 's16le', '-ar', '24000', '-ac', '1'] },
};

test('registry covers every response format', () => {
  for (const f of RESPONSE_FORMATS) {
    assert.equal(ENCODERS[f].format, f);
    assert.equal(getEncoder(f), ENCODERS[f]);
  }
});

for (const format of RESPONSE_FORMATS) {
  test(`${format}: ffprobe sees the right codec, rate, channels and duration`, async (t) => {
    const avail = await getEncoder(format).available(SETTINGS);
    if (avail !== true) return t.skip(avail);
    const { file } = await encode(format);
    const want = EXPECT[format];
    const probe = ffprobe(file, want.input);
    assert.equal(probe.streams.length, 1);
    const s = probe.streams[0];
    assert.equal(s.codec_name, want.codec);
    assert.equal(Number(s.sample_rate), want.rate);
    assert.equal(Number(s.channels), 1);
    const seconds = want.lengthFromDecode
      ? decodedSamples(file, want.input) / want.rate
      : Number(probe.format.duration);
    assert.ok(Math.abs(seconds - SECONDS) <= 0.1, `duration ${seconds}`);
    if (!want.lengthFromDecode) decodedSamples(file, want.input); // still must decode without errors
  });
}

test('wav header is byte-identical to OpenAI\'s streaming header', async () => {
  const { bytes } = await encode('wav');
  const hex = '52494646FFFFFFFF57415645666D74201000000001000100C05D000080BB00000200100064617461FFFFFFFF';
  assert.equal(bytes.subarray(0, 44).toString('hex').toUpperCase(), hex);
  assert.equal(bytes.length, 44 + SECONDS * RATE * 2);
});

test('pcm is the input, byte for byte', async () => {
  const x = voice();
  const { bytes } = await encode('pcm', x);
  assert.deepEqual(new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2), x);
});

test('flac is lossless and has a streaming STREAMINFO', async () => {
  const x = voice();
  const { bytes, file } = await encode('flac', x);
  assert.equal(bytes.subarray(0, 4).toString('latin1'), 'fLaC');
  assert.equal(bytes.readUInt16BE(8), 2304); // min block size
  // Bytes 18..25 pack rate(20) channels-1(3) bps-1(5) total_samples(36); MD5 follows in 26..41.
  assert.equal(bytes.readUIntBE(18, 3) >> 4, 24000);
  assert.equal(bytes[21], 0xf0, '16 bits per sample, total_samples high bits 0');
  assert.ok(bytes.subarray(22, 42).every((b) => b === 0), 'total_samples and MD5 are zero');
  const out = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 's16le', '-'], { maxBuffer: 1 << 26 });
  assert.deepEqual(new Int16Array(out.buffer, out.byteOffset, out.length / 2), x);
});

test('container magic: mp3 sync word, OggS + OpusHead, ADTS', async (t) => {
  const mp3 = (await encode('mp3')).bytes;
  assert.equal(mp3[0], 0xff);
  assert.equal(mp3[1] & 0xe0, 0xe0);
  const ogg = (await encode('opus')).bytes;
  assert.equal(ogg.subarray(0, 4).toString('latin1'), 'OggS');
  const head = ogg.indexOf('OpusHead');
  assert.ok(head > 0);
  assert.equal(ogg[head + 8], 1); // version
  assert.equal(ogg[head + 9], 1); // channels
  assert.equal(ogg.readUInt16LE(head + 10), 312); // pre-skip
  assert.equal(ogg.readUInt32LE(head + 12), 24000);
  assert.ok(ogg.indexOf('OpusTags') > head);
  if ((await ENCODERS.aac.available(SETTINGS)) !== true) return t.skip('no ffmpeg');
  const adts = (await encode('aac')).bytes;
  assert.equal(adts[0], 0xff);
  assert.equal(adts[1] & 0xf0, 0xf0);
});

for (const format of ['mp3', 'opus', 'flac'] as const) {
  test(`${format} streams: bytes arrive before end()`, async () => {
    const { bytes, beforeEnd } = await encode(format);
    assert.ok(beforeEnd > bytes.length / 2, `${beforeEnd} of ${bytes.length} bytes before end()`);
  });
}

test('opus: last page has end-of-stream and granule = pre-skip + 48 kHz length', async () => {
  const { bytes } = await encode('opus');
  const last = bytes.lastIndexOf('OggS');
  assert.equal(bytes[last + 5] & 4, 4);
  assert.equal(bytes.readBigUInt64LE(last + 6), BigInt(312 + SECONDS * 48000));
});

test('aac: close() leaves no ffmpeg child running', async (t) => {
  if ((await ENCODERS.aac.available(SETTINGS)) !== true) return t.skip('no ffmpeg');
  const children = () => {
    try {
      return execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)]).toString();
    } catch {
      return ''; // ps exits 1 when there are no children
    }
  };
  const enc = await ENCODERS.aac.create(RATE, SETTINGS);
  await enc.write(voice());
  assert.match(children(), /ffmpeg/);
  enc.close();
  enc.close(); // idempotent
  for (let i = 0; i < 50 && /ffmpeg/.test(children()); i++) await new Promise((r) => setTimeout(r, 20));
  assert.doesNotMatch(children(), /ffmpeg/);
});

test('aac: a missing ffmpeg is reported, not thrown', async () => {
  const missing = { ffmpeg: join(dir, 'no-such-ffmpeg') };
  const r = await ENCODERS.aac.available(missing);
  assert.equal(typeof r, 'string');
  assert.match(r as string, /ffmpeg/);
  await assert.rejects(ENCODERS.aac.create(RATE, missing), /ffmpeg/);
});

test('in-process encoders work inside worker threads, and the process survives their exit', async () => {
  const url = new URL('../src/encoders/index.js', import.meta.url).href;
  const code = `
    const { parentPort } = require('node:worker_threads');
    import(${JSON.stringify(url)}).then(async ({ ENCODERS }) => {
      const sizes = {};
      for (const f of ['opus', 'mp3', 'flac', 'wav']) {
        const e = await ENCODERS[f].create(24000, { ffmpeg: 'ffmpeg' });
        let n = 0;
        for (const b of await e.write(new Int16Array(24000).map((_, i) => Math.sin(i / 9) * 8000))) n += b.length;
        for (const b of await e.end()) n += b.length;
        sizes[f] = n;
      }
      parentPort.postMessage(sizes);
    });`;
  for (let round = 0; round < 2; round++) {
    const w = new Worker(code, { eval: true });
    const [sizes] = await Promise.all([
      new Promise<Record<string, number>>((res, rej) => { w.once('message', res); w.once('error', rej); }),
      new Promise((res) => w.once('exit', res)),
    ]);
    for (const f of ['opus', 'mp3', 'flac', 'wav']) assert.ok(sizes[f] > 100, `${f} produced ${sizes[f]} bytes`);
  }
});

test('resampler: exact length ratio, pitch preserved, state kept across blocks', async () => {
  await initResampler();
  for (const [from, to] of [[16000, 24000], [22050, 24000], [24000, 48000], [48000, 24000], [8000, 24000]]) {
    const x = tone(from, 2, 440);
    const r = createResampler(from, to);
    const parts: Int16Array[] = [];
    for (const b of blocks(x)) parts.push(r.process(b));
    parts.push(r.flush());
    r.close();
    const y = Int16Array.from(parts.flatMap((p) => Array.from(p)));
    assert.equal(y.length, Math.round((x.length * to) / from), `${from} -> ${to}`);
    const hz = zeroCrossings(y) / 2 / (y.length / to);
    assert.ok(Math.abs(hz - 440) < 2, `${from} -> ${to}: ${hz} Hz`);
  }
  const same = createResampler(24000, 24000);
  const x = tone(24000, 0.1, 440);
  assert.equal(same.process(x), x); // identity fast path
  assert.equal(same.flush().length, 0);
});

test('tempo: speed 2 halves the duration, pitch kept', async () => {
  await initTempo();
  for (const speed of [2, 0.5]) {
    const x = tone(RATE, 2, 440);
    const s = createTempo(RATE, speed);
    const parts: Int16Array[] = [];
    for (const b of blocks(x)) parts.push(s.process(b));
    parts.push(s.flush());
    s.close();
    const y = Int16Array.from(parts.flatMap((p) => Array.from(p)));
    const ratio = y.length / x.length;
    assert.ok(Math.abs(ratio - 1 / speed) <= 0.05 / speed, `speed ${speed}: length ratio ${ratio}`);
    const hz = zeroCrossings(y) / 2 / (y.length / RATE);
    assert.ok(Math.abs(hz - 440) < 10, `speed ${speed}: ${hz} Hz`);
  }
});
