// Neural voices end to end: tiny generated Piper and Kokoro models in a model store, the real
// sherpa-onnx runtime in the synthesis workers, the official SDK over HTTP.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { startServer, type TestServer } from './helpers.js';
import { writeKokoroModel, writePiperModel } from './fixtures/tiny-models.js';
import { createSherpaEngine } from '../src/engines/sherpa.js';
import { detectModel } from '../src/models/store.js';
import type { JobSettled } from '../src/synth/pool.js';

const PIPER = 'vits-piper-en_US-tiny-medium';
const PIPER_DE = 'vits-piper-de_DE-tiny-medium';
// A hand-installed Kokoro with six of v1.0's speakers (kokoro-en-v0_19 and v1.1 have tables of their own).
const KOKORO = 'kokoro-en-tiny';
const FIVE = 'The first sentence is here. A second one follows it. Then comes a third. The fourth is short. And the fifth ends it.';

let t: TestServer;
let store: string;
before(async () => {
  store = await mkdtemp(join(tmpdir(), 'mynah-store-'));
  await writePiperModel(join(store, PIPER));
  await writePiperModel(join(store, PIPER_DE), 'de_DE-tiny-medium', 'German');
  await writeKokoroModel(join(store, KOKORO));
  t = await startServer({ modelsDir: store, workers: 1 });
});
after(async () => {
  await t.close();
  await rm(store, { recursive: true, force: true });
});

async function pcm(body: Record<string, unknown>) {
  const res = await fetch(`${t.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response_format: 'pcm', ...body }) });
  assert.equal(res.status, 200, await res.clone().text());
  const bytes = Buffer.from(await res.arrayBuffer());
  const samples = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
  let peak = 0;
  for (const s of samples) peak = Math.max(peak, Math.abs(s));
  return { res, samples: samples.length, peak: peak / 32767 };
}

describe('model store', () => {
  test('installed models are listed as models, with their speakers as voices', async () => {
    const ids = (await t.client.models.list()).data.map((m) => m.id);
    for (const id of ['tts-1', 'tts-1-hd', 'gpt-4o-mini-tts', PIPER, PIPER_DE, KOKORO]) assert.ok(ids.includes(id), `${id} in ${ids}`);
    const voices = await (await fetch(`${t.url}/v1/audio/voices?model=tts-1-hd`)).json() as { data: { id: string; engine: string; language: string; gender?: string; engine_voice?: string }[] };
    const heart = voices.data.find((v) => v.id === 'af_heart')!;
    assert.deepEqual([heart.engine, heart.language, heart.gender], [KOKORO, 'en-US', 'female']);
    assert.equal(voices.data.find((v) => v.id === 'bm_george')?.language, 'en-GB');
    // The 13 OpenAI names land on all six speakers; those in the Kokoro table keep their speaker.
    const mapped = voices.data.filter((v) => v.engine_voice);
    assert.equal(mapped.length, 13);
    assert.equal(new Set(mapped.map((v) => v.engine_voice)).size, 6);
    assert.equal(mapped.find((v) => v.id === 'coral')?.engine_voice, 'af_heart');
    const piper = await (await fetch(`${t.url}/v1/audio/voices?model=tts-1`)).json() as { data: { id: string; language: string }[] };
    assert.ok(piper.data.some((v) => v.id === 'en_US-tiny-medium' && v.language === 'en-US'));
  });
});

describe('neural speech through sherpa-onnx', () => {
  test('tts-1 is Piper, tts-1-hd and gpt-4o-mini-tts are Kokoro', async () => {
    const one = await t.client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hello there.', response_format: 'wav' }).asResponse();
    assert.equal(one.headers.get('x-mynah-engine'), PIPER);
    for (const model of ['tts-1-hd', 'gpt-4o-mini-tts']) {
      const hd = await t.client.audio.speech.create({ model, voice: 'shimmer', input: 'Hello there.', response_format: 'wav' }).asResponse();
      assert.equal(hd.headers.get('x-mynah-engine'), KOKORO);
      assert.equal(hd.headers.get('x-mynah-voice'), 'af_sky');
      assert.ok((await hd.arrayBuffer()).byteLength > 1000);
    }
  });

  test('German text on tts-1 goes to the German Piper voice', async () => {
    const { res } = await pcm({ model: 'tts-1', voice: 'alloy', input: 'Guten Morgen, wie geht es Ihnen heute? Das Wetter ist wirklich sehr schön.' });
    assert.equal(res.headers.get('x-mynah-language'), 'de');
    assert.equal(res.headers.get('x-mynah-engine'), PIPER_DE);
  });

  test('Kokoro speakers differ, and a blend mixes their style vectors by weight', async () => {
    // The tiny model's loudness is the mean of the style vector: af_heart 0.1, bm_george 0.5.
    const heart = await pcm({ model: 'tts-1-hd', voice: 'af_heart', input: 'Hello there.' });
    const george = await pcm({ model: 'tts-1-hd', voice: 'bm_george', input: 'Hello there.' });
    const even = await pcm({ model: 'tts-1-hd', voice: 'af_heart+bm_george', input: 'Hello there.' });
    const weighted = await pcm({ model: 'tts-1-hd', voice: 'af_heart(3)+bm_george(1)', input: 'Hello there.' });
    assert.ok(Math.abs(heart.peak - 0.1) < 0.01, `${heart.peak}`);
    assert.ok(Math.abs(george.peak - 0.5) < 0.01, `${george.peak}`);
    assert.ok(Math.abs(even.peak - 0.3) < 0.01, `${even.peak}`);
    assert.ok(Math.abs(weighted.peak - 0.2) < 0.01, `${weighted.peak}`);
    assert.equal(even.res.headers.get('x-mynah-voice'), 'af_heart+bm_george');
  });

  test('a bad blend is a 400 in OpenAI\'s envelope', async () => {
    for (const voice of ['af_heart+nobody', 'af_heart(0)+af_sky', 'af_heart(x)+af_sky']) {
      await assert.rejects(t.client.audio.speech.create({ model: 'tts-1-hd', voice, input: 'Hi.' }), (err: unknown) => {
        assert.ok(err instanceof OpenAI.BadRequestError, String(err));
        assert.equal(err.code, 'invalid_voice');
        assert.equal(err.param, 'voice');
        assert.match(err.message, /Invalid voice blend/);
        return true;
      });
    }
  });

  test('speed uses the model\'s own control', async () => {
    for (const model of ['tts-1', 'tts-1-hd']) {
      const normal = await pcm({ model, voice: 'alloy', input: 'A sentence of a certain length.' });
      const fast = await pcm({ model, voice: 'alloy', input: 'A sentence of a certain length.', speed: 2 });
      const slow = await pcm({ model, voice: 'alloy', input: 'A sentence of a certain length.', speed: 0.5 });
      assert.ok(Math.abs(fast.samples / normal.samples - 0.5) < 0.05, `${model} fast ${fast.samples / normal.samples}`);
      assert.ok(Math.abs(slow.samples / normal.samples - 2) < 0.1, `${model} slow ${slow.samples / normal.samples}`);
    }
  });

  test('SSE streams every sentence as it is generated, in blocks of at most 0.25 s', async () => {
    const res = await fetch(`${t.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini-tts', voice: 'nova', input: FIVE, response_format: 'pcm', stream_format: 'sse' }) });
    const events = (await res.text()).split('\r\n\r\n').filter((e) => e.startsWith('data: {')).map((e) => JSON.parse(e.replace(/^data: /, '')) as { type: string; audio?: string });
    const deltas = events.filter((e) => e.type === 'speech.audio.delta').map((e) => Buffer.from(e.audio!, 'base64').length);
    assert.ok(deltas.length >= 5, `${deltas.length} deltas for 5 sentences`);
    for (const bytes of deltas) assert.ok(bytes > 0 && bytes <= 6000 * 2, `a delta of ${bytes} bytes`);
    assert.equal(events.at(-1)!.type, 'speech.audio.done');
  });

  test('a client that goes away stops generation', async () => {
    // 70 sentences: far more than the model can speak in the moments before the abort lands,
    // so a job that was not really stopped would report all of them.
    const sentences = (n: number) => Array.from({ length: n }, (_, i) => `Sentence number ${i + 1} goes on for a little while.`).join(' ');
    const reference = await new Promise<JobSettled>((resolve) => {
      t.server.services.pool.once('settled', resolve);
      void pcm({ model: 'tts-1', voice: 'alloy', input: sentences(20) });
    });
    const workers = t.server.services.pool.threadIds();
    const settled = new Promise<JobSettled>((resolve) => t.server.services.pool.once('settled', resolve));
    const controller = new AbortController();
    const res = await fetch(`${t.url}/v1/audio/speech`, { method: 'POST', signal: controller.signal, headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input: sentences(70), response_format: 'pcm' }) });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    const result = await settled;
    assert.equal(result.outcome, 'cancelled');
    assert.ok(result.stats.samples < reference.stats.samples, `the cancelled job made ${result.stats.samples} samples; 20 sentences make ${reference.stats.samples}`);
    assert.deepEqual(t.server.services.pool.load(), [0]);
    assert.deepEqual(t.server.services.pool.threadIds(), workers, 'the worker acknowledged the cancel; it was not terminated as hung');
  });

  test('cancelling stops sherpa-onnx itself at the next sentence', async () => {
    const engine = await createSherpaEngine(await detectModel(join(store, PIPER)), { threads: 1 });
    const text = Array.from({ length: 40 }, (_, i) => `Sentence number ${i + 1} goes on.`).join(' ');
    let whole = 0;
    for await (const _ of engine.synthesize({ text, voice: 'en_US-tiny-medium', speed: 1 })) whole++;
    assert.ok(whole >= 20, `uncancelled, the text comes in ${whole} pieces`);
    const controller = new AbortController();
    let pieces = 0;
    // Read to the end: the stream must end by itself, soon after the abort, not after 40 sentences.
    for await (const _ of engine.synthesize({ text, voice: 'en_US-tiny-medium', speed: 1, signal: controller.signal })) {
      pieces++;
      controller.abort();
    }
    assert.equal(pieces, 1);
  });
});
