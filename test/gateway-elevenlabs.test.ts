// ElevenLabs behind the gateway: an OpenAI request in (the official SDK), ElevenLabs' stream
// endpoint out, against a test server following ElevenLabs' public API reference.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { elevenlabsErrorMessage } from '../src/gateway/elevenlabs.js';
import { fakeElevenLabs, type FakeElevenLabs } from './gateway-fakes.js';
import { bytesOf, startGateway, type TestGateway } from './gateway-helpers.js';
import { probe } from './helpers.js';

const XI_KEY = 'xi-test-key-93ab';
let el: FakeElevenLabs;
let g: TestGateway;
before(async () => {
  el = await fakeElevenLabs(XI_KEY, ['el-voice-1', 'custom-voice-id']);
  const upstream = (name: string, keyEnv: string) => ({
    name, kind: 'elevenlabs' as const, baseUrl: el.url, apiKeyEnv: keyEnv,
    models: { 'tts-1': 'eleven_flash_v2_5' }, voices: { alloy: 'el-voice-1' },
    timeouts: { connectMs: 2000, firstByteMs: 2000, totalMs: 30_000 },
  });
  g = await startGateway({
    upstreams: [upstream('eleven', 'XI_KEY'), upstream('eleven-badkey', 'XI_BAD')],
    routes: { 'tts-1': ['eleven', 'local:flite'], 'gpt-4o-mini-tts': ['eleven'], 'bad-key': ['eleven-badkey'] },
  }, { env: { XI_KEY, XI_BAD: 'wrong' } });
});
after(async () => { await g.close(); await el.close(); });

test('mp3: the stream endpoint with output_format, model_id, voice map and the xi-api-key header', async () => {
  const res = await g.client.audio.speech.create({ model: 'tts-1', input: 'Hello from ElevenLabs.', voice: 'alloy' });
  assert.equal(res.headers.get('content-type'), 'audio/mpeg');
  assert.equal(res.headers.get('x-mynah-target'), 'eleven');
  assert.equal((await bytesOf(res)).toString(), 'ID3-fake-mp3-bytes');
  const seen = el.requests.at(-1)!;
  assert.equal(seen.path, '/v1/text-to-speech/el-voice-1/stream?output_format=mp3_44100_128');
  assert.equal(seen.headers['xi-api-key'], XI_KEY);
  assert.deepEqual(seen.body, { text: 'Hello from ElevenLabs.', model_id: 'eleven_flash_v2_5' });
});

test('speed goes to voice_settings.speed; a speed outside its range goes to the next target', async () => {
  await (await g.client.audio.speech.create({ model: 'tts-1', input: 'A bit faster.', voice: { id: 'custom-voice-id' }, speed: 1.1 } as never)).arrayBuffer();
  const seen = el.requests.at(-1)!;
  assert.equal(seen.path, '/v1/text-to-speech/custom-voice-id/stream?output_format=mp3_44100_128');
  assert.deepEqual(seen.body.voice_settings, { speed: 1.1 });
  const count = el.requests.length;
  const fast = await g.client.audio.speech.create({ model: 'tts-1', input: 'Much faster.', voice: 'alloy', speed: 2 });
  assert.equal(fast.headers.get('x-mynah-target'), 'local:flite');
  await fast.arrayBuffer();
  assert.equal(el.requests.length, count);
});

test('wav and flac: pcm_24000 asked for, encoded by Mynah', async () => {
  for (const [format, codec] of [['wav', 'pcm_s16le'], ['flac', 'flac']] as const) {
    const res = await g.client.audio.speech.create({ model: 'tts-1', input: 'Encoded here.', voice: 'alloy', response_format: format });
    assert.equal(res.headers.get('content-type'), `audio/${format}`);
    assert.match(el.requests.at(-1)!.path, /output_format=pcm_24000$/);
    const p = await probe(await bytesOf(res), format);
    assert.equal(p.codec, codec);
    assert.ok(Math.abs(p.duration - 0.6) < 0.05, `duration ${p.duration}`);
  }
});

test('SSE events made locally from ElevenLabs\' raw stream', async () => {
  const res = await g.client.audio.speech.create({ model: 'gpt-4o-mini-tts', input: 'Events, please.', voice: 'alloy', stream_format: 'sse' } as never);
  const events = (await bytesOf(res)).toString().split('\r\n\r\n').filter(Boolean);
  assert.equal(events.at(-1), 'data: [DONE]');
  const deltas = events.slice(0, -2).map((e) => JSON.parse(e.slice(6)));
  assert.equal(Buffer.concat(deltas.map((d) => Buffer.from(d.audio, 'base64'))).toString(), 'ID3-fake-mp3-bytes');
});

test('ElevenLabs errors come back in OpenAI\'s envelope', async () => {
  await assert.rejects(g.client.audio.speech.create({ model: 'gpt-4o-mini-tts', input: 'Who?', voice: 'nova' }), (err: { status: number; error: { message: string; type: string } }) => {
    assert.equal(err.status, 400);
    assert.equal(err.error.message, 'A voice with voice_id nova was not found.');
    assert.equal(err.error.type, 'invalid_request_error');
    return true;
  });
  await assert.rejects(g.client.audio.speech.create({ model: 'bad-key', input: 'Key?', voice: 'alloy' }), (err: { status: number; error: { message: string } }) => {
    assert.equal(err.status, 502);
    assert.match(err.error.message, /refused Mynah's credentials/);
    return true;
  });
  assert.equal(elevenlabsErrorMessage(422, JSON.stringify({ detail: [{ loc: ['body', 'text'], msg: 'field required', type: 'value_error.missing' }] })), 'body.text: field required');
});
