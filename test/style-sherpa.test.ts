// `instructions` on a sherpa-onnx model (a tiny generated Kokoro): accent picks a British speaker
// of the same gender, loudness and pitch are applied by DSP, the intonation range (which the model
// cannot change) is left out of x-mynah-style.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type TestServer } from './helpers.js';
import { writeKokoroModel } from './fixtures/tiny-models.js';
import { measure } from './measure.js';

let t: TestServer;
let store: string;
before(async () => {
  store = await mkdtemp(join(tmpdir(), 'mynah-style-store-'));
  await writeKokoroModel(join(store, 'kokoro-en-v0_19'));
  t = await startServer({ modelsDir: store, workers: 1 });
});
after(async () => {
  await t.close();
  await rm(store, { recursive: true, force: true });
});

const INPUT = 'The first sentence is here. A second one follows it.';
async function speak(voice: string, instructions?: string) {
  const res = await t.client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice, input: INPUT, instructions, response_format: 'wav' }).asResponse();
  return { voice: res.headers.get('x-mynah-voice'), engine: res.headers.get('x-mynah-engine'), style: res.headers.get('x-mynah-style'), m: await measure(new Uint8Array(await res.arrayBuffer())) };
}

test('Kokoro: a British accent is a British speaker of the same gender', async () => {
  const [coral, ash] = await Promise.all([speak('coral', 'Speak with a British accent.'), speak('ash', 'British accent')]);
  assert.equal(coral.engine, 'kokoro-en-v0_19');
  assert.equal(coral.voice, 'bf_emma');
  assert.equal(ash.voice, 'bm_george');
  assert.equal(coral.style, 'accent=en-GB');
});

test('Kokoro: loudness by gain, no claim of an intonation range it cannot apply', async () => {
  const [plain, soft] = await Promise.all([speak('coral'), speak('coral', 'monotone and soft')]);
  assert.equal(soft.style, 'loudness=-8dB');
  assert.ok(plain.m.rmsDb - soft.m.rmsDb >= 4, `${soft.m.rmsDb} vs ${plain.m.rmsDb} dB`);
  assert.ok(Math.abs(plain.m.seconds - soft.m.seconds) < 0.05, 'same length');
});

test('Kokoro: pitch shift and whisper keep the length; pauses add it', async () => {
  const [plain, styled, paused] = await Promise.all([speak('coral'), speak('coral', 'deep voice, whisper'), speak('coral', 'long pauses')]);
  assert.equal(styled.style, 'pitch=-4st; loudness=-4dB; whisper');
  assert.ok(Math.abs(plain.m.seconds - styled.m.seconds) < 0.1, `${styled.m.seconds} vs ${plain.m.seconds} s`);
  assert.ok(paused.m.seconds >= plain.m.seconds + 0.7, `${paused.m.seconds} vs ${plain.m.seconds} s`);
});
