// Every failure leaves as OpenAI's error envelope, raising the SDK's matching error class.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI, { APIError } from 'openai';
import { startServer, type TestServer } from './helpers.js';

let t: TestServer;
before(async () => { t = await startServer(); });
after(async () => { await t.close(); });

async function expectError<T extends new (...args: any[]) => APIError>(
  call: Promise<unknown>, Class: T, status: number, param: string | null,
) {
  await assert.rejects(call, (err: unknown) => {
    assert.ok(err instanceof Class, `expected ${Class.name}, got ${(err as Error)?.constructor?.name}: ${(err as Error).message}`);
    const e = err as APIError;
    assert.equal(e.status, status);
    assert.match(e.requestID ?? '', /^req_[0-9a-f]{32}$/);
    assert.equal(e.param, param);
    assert.equal(typeof (e.error as { message?: unknown }).message, 'string');
    assert.ok('type' in (e.error as object) && 'code' in (e.error as object));
    return true;
  });
}

const speech = (body: Record<string, unknown>) =>
  t.client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hello.', ...body } as never);

describe('400 for invalid requests, with the parameter named', () => {
  const cases: [string, Record<string, unknown>, string | null][] = [
    ['speed above 4', { speed: 4.5 }, 'speed'],
    ['speed below 0.25', { speed: 0.1 }, 'speed'],
    ['speed as a string', { speed: '1.5' }, 'speed'],
    ['unknown response_format', { response_format: 'ogg' }, 'response_format'],
    ['uppercase response_format', { response_format: 'MP3' }, 'response_format'],
    ['unknown stream_format', { model: 'gpt-4o-mini-tts', stream_format: 'chunks' }, 'stream_format'],
    ['sse on tts-1', { stream_format: 'sse' }, 'stream_format'],
    ['sse on tts-1-hd', { model: 'tts-1-hd', stream_format: 'sse' }, 'stream_format'],
    ['empty input', { input: '' }, 'input'],
    ['whitespace-only input', { input: '   \n ' }, 'input'],
    ['input of 4,097 characters', { input: 'a'.repeat(4097) }, 'input'],
    ['input of 4,097 emoji (code points, not UTF-16 units)', { input: '😀'.repeat(4097) }, 'input'],
    ['input as a number', { input: 42 }, 'input'],
    ['missing input', { input: undefined }, 'input'],
    ['missing voice', { voice: undefined }, 'voice'],
    ['unknown voice name', { voice: 'darth' }, 'voice'],
    ['voice object with extra keys', { voice: { id: 'alloy', x: 1 } }, 'voice'],
    ['voice as a number', { voice: 7 }, 'voice'],
    ['missing model', { model: undefined }, 'model'],
    ['instructions too long', { model: 'gpt-4o-mini-tts', instructions: 'x'.repeat(4097) }, 'instructions'],
  ];
  for (const [name, body, param] of cases) {
    test(name, () => expectError(speech(body), OpenAI.BadRequestError, 400, param));
  }

  test('4,096 emoji are within the limit', async () => {
    const res = await speech({ input: '😀'.repeat(4096), response_format: 'pcm' });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
  });

  test('a body that is not JSON', async () => {
    const res = await fetch(`${t.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":' });
    assert.equal(res.status, 400);
    const body = await res.json();
    assert.deepEqual(Object.keys(body.error), ['message', 'type', 'param', 'code']);
    assert.ok(res.headers.get('x-request-id'));
  });

  test('a form content type is 415 (JSON only; see test/validation.test.ts)', async () => {
    const res = await fetch(`${t.url}/v1/audio/speech`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input: 'Hi.' }),
    });
    assert.equal(res.status, 415);
    assert.equal((await res.json()).error.code, 'unsupported_media_type');
  });
});

describe('404s', () => {
  test('unknown model', () => expectError(speech({ model: 'tts-9' }), OpenAI.NotFoundError, 404, 'model'));
  test('unknown custom voice id', () => expectError(speech({ voice: { id: 'voice_1234' } }), OpenAI.NotFoundError, 404, 'voice'));
  test('GET /v1/models/{unknown}', async () => {
    await assert.rejects(t.client.models.retrieve('whisper-9'), (err: unknown) => {
      assert.ok(err instanceof OpenAI.NotFoundError);
      assert.equal(err.code, 'model_not_found');
      return true;
    });
  });
  test('unknown path', async () => {
    const res = await fetch(`${t.url}/v1/nope`);
    assert.equal(res.status, 404);
    assert.equal((await res.json()).error.message, 'Invalid URL (GET /v1/nope)');
  });
});

describe('API keys', () => {
  let keyed: TestServer;
  before(async () => { keyed = await startServer({ apiKeys: ['sk-first-key-123456', 'sk-second-key-abcdef'], corsOrigin: 'http://example.test' }, 'sk-second-key-abcdef'); });
  after(async () => { await keyed.close(); });

  test('a configured key works as Bearer', async () => {
    const res = await keyed.client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hi.' });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
  });

  test('a configured key works as api-key header', async () => {
    const res = await fetch(`${keyed.url}/v1/models`, { headers: { 'api-key': 'sk-first-key-123456' } });
    assert.equal(res.status, 200);
  });

  test('a wrong key is 401 invalid_api_key, masked', async () => {
    const wrong = new OpenAI({ baseURL: `${keyed.url}/v1`, apiKey: 'sk-wrong-key-000000', maxRetries: 0 });
    await expectError(wrong.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hi.' }), OpenAI.AuthenticationError, 401, null);
    const res = await fetch(`${keyed.url}/v1/models`, { headers: { authorization: 'Bearer sk-wrong-key-000000' } });
    const body = await res.json();
    assert.equal(body.error.code, 'invalid_api_key');
    assert.ok(!body.error.message.includes('sk-wrong-key-000000'));
  });

  test('a missing key is 401', async () => {
    const res = await fetch(`${keyed.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(res.status, 401);
    assert.match((await res.json()).error.message, /You didn't provide an API key/);
  });

  test('/health needs no key, and CORS preflight passes', async () => {
    assert.equal((await fetch(`${keyed.url}/health`)).status, 200);
    const pre = await fetch(`${keyed.url}/v1/audio/speech`, {
      method: 'OPTIONS',
      headers: { origin: 'http://example.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-stainless-os' },
    });
    assert.equal(pre.status, 204);
    assert.ok(pre.headers.get('access-control-allow-origin'));
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /x-stainless-os/);
  });
});
