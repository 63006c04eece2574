// Input validation at the edge: model ids that name Object.prototype members, voice ids that cannot
// go into a header or that would hang eSpeak NG, JSON-only bodies, CORS, and a fuzz over voice and
// model strings. Every refusal is a 4xx in OpenAI's envelope, before any synthesis job starts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startServer, type TestServer } from './helpers.js';

let t: TestServer;
before(async () => { t = await startServer({ workers: 2, maxQueue: 1000 }); });
after(() => t.close());

const speech = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${t.url}/v1/audio/speech`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

async function envelope(res: Response) {
  const text = await res.text();
  const body = JSON.parse(text);
  assert.deepEqual(Object.keys(body.error), ['message', 'type', 'param', 'code'], text);
  return { ...body.error as { message: string; type: string; param: string | null; code: string | null }, bytes: text.length };
}

const PROTO = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

describe('client strings never index a plain object', () => {
  test('a model named after an Object.prototype member is 404 model_not_found', async () => {
    for (const model of PROTO) {
      const res = await speech({ model, voice: 'alloy', input: 'Hi.' });
      assert.equal(res.status, 404, model);
      assert.equal((await envelope(res)).code, 'model_not_found');
    }
  });

  test('GET /v1/audio/voices?model=toString and /v1/models/constructor are 404s', async () => {
    for (const model of PROTO) {
      const voices = await fetch(`${t.url}/v1/audio/voices?model=${encodeURIComponent(model)}`);
      assert.equal(voices.status, 404, model);
      assert.equal((await envelope(voices)).code, 'model_not_found');
      const one = await fetch(`${t.url}/v1/models/${encodeURIComponent(model)}`);
      assert.equal(one.status, 404, model);
      await envelope(one);
    }
  });

  test('a voice named after an Object.prototype member is 400 invalid_voice', async () => {
    for (const voice of PROTO) {
      const res = await speech({ model: 'tts-1', voice, input: 'Hi.' });
      assert.equal(res.status, 400, voice);
      assert.equal((await envelope(res)).code, 'invalid_voice');
    }
  });
});

describe('voice ids', () => {
  test('a voice that cannot go into a header is 400 invalid_voice, and no job starts', async () => {
    const jobs = t.server.services.pool.jobsRun;
    for (const voice of ['slt@1☃', 'slt\r\nx-injected: 1', 'kal\u0000', 'alloy\n', 'slt@1\u00ff', ' alloy', 'al loy', { id: 'slt\r\n' }, { id: 'en-us\u0000' }]) {
      const res = await speech({ model: 'tts-1', voice, input: 'Hello there.' });
      assert.equal(res.status, 400, JSON.stringify(voice));
      const error = await envelope(res);
      assert.equal(error.code, 'invalid_voice');
      assert.equal(error.param, 'voice');
      assert.equal(res.headers.get('x-injected'), null);
    }
    assert.equal(t.server.services.pool.jobsRun, jobs, 'no synthesis job ran');
  });

  test('a 100 KB voice is refused without echoing it back', async () => {
    const res = await speech({ model: 'tts-1', voice: 'v'.repeat(100_000), input: 'Hi.' });
    assert.equal(res.status, 400);
    const error = await envelope(res);
    assert.equal(error.code, 'invalid_voice');
    assert.ok(error.bytes < 1000, `error is ${error.bytes} bytes`);
    const model = await speech({ model: 'm'.repeat(100_000), voice: 'alloy', input: 'Hi.' });
    assert.equal(model.status, 404);
    assert.ok((await envelope(model)).bytes < 1000);
  });

  test('eSpeak NG accepts only variants it has: en+<60 letters> is a quick 400, not an endless loop', async () => {
    const jobs = t.server.services.pool.jobsRun;
    for (const voice of [`en+${'abcdefghij'.repeat(6)}`, 'en+nope', 'en+f3+m3', 'en-us+', 'en+Mr serious', `${'e'.repeat(60)}+f3`]) {
      for (const model of ['tts-1', 'espeak']) {
        const res = await speech({ model, voice, input: 'Hello.' });
        assert.equal(res.status, 400, `${model} ${voice}`);
        assert.equal((await envelope(res)).code, 'invalid_voice');
      }
    }
    assert.equal(t.server.services.pool.jobsRun, jobs, 'no synthesis job ran');
  });

  test('real eSpeak NG variants and flite pitches still speak', async () => {
    for (const [model, voice, header] of [['espeak', 'en-us+f3', 'en-us+f3'], ['espeak', 'en+klatt', 'en+klatt'], ['espeak', 'en+F3', 'en+f3'], ['espeak', 'de+Alex', 'de+Alex'], ['tts-1', 'slt@200', 'slt@200']]) {
      const res = await speech({ model, voice, input: 'Hi.', response_format: 'wav' });
      assert.equal(res.status, 200, `${model} ${voice}: ${res.status}`);
      assert.equal(res.headers.get('x-mynah-voice'), header);
      assert.ok((await res.arrayBuffer()).byteLength > 1000);
    }
  });

  test('a flite pitch that is not a number of Hz in range is 400', async () => {
    for (const voice of ['slt@abc', 'slt@9999', 'slt@1', 'slt@', 'slt@200@200', 'kal16+f3', 'slt@-5']) {
      const res = await speech({ model: 'tts-1', voice, input: 'Hi.' });
      assert.equal(res.status, 400, voice);
      assert.equal((await envelope(res)).code, 'invalid_voice');
    }
  });
});

describe('JSON bodies only', () => {
  const body = JSON.stringify({ model: 'espeak', voice: 'en-us', input: 'Hi.', response_format: 'pcm' });

  test('application/json, with or without a charset, is accepted', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF-8']) {
      const res = await speech(body, { 'content-type': type });
      assert.equal(res.status, 200, type);
      await res.arrayBuffer();
    }
  });

  test('anything else is 415 in OpenAI\'s envelope (a browser may send these cross-origin without asking)', async () => {
    for (const type of ['text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
      'application/octet-stream', 'application/jsonx', 'application/json-patch+json', 'text/json', 'application/xml', 'text/plain; application/json']) {
      const res = await speech(body, { 'content-type': type });
      assert.equal(res.status, 415, type);
      const error = await envelope(res);
      assert.equal(error.code, 'unsupported_media_type');
    }
  });

  test('a body with no content type at all is refused too', async () => {
    const res = await fetch(`${t.url}/v1/audio/speech`, { method: 'POST', body: new Blob([body]) });
    assert.ok(res.status === 415 || res.status === 400, String(res.status));
    await envelope(res);
  });
});

describe('CORS', () => {
  const preflight = (url: string, origin: string) => fetch(`${url}/v1/audio/speech`, {
    method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });

  test('off by default: no origin is allowed, and no origin is reflected', async () => {
    const pre = await preflight(t.url, 'http://evil.test');
    assert.equal(pre.headers.get('access-control-allow-origin'), null);
    assert.notEqual(pre.status, 204);
    const res = await fetch(`${t.url}/v1/models`, { headers: { origin: 'http://evil.test' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  test('MYNAH_CORS_ORIGIN lists the origins allowed; others get no allow header', async () => {
    const s = await startServer({ corsOrigin: 'http://good.test, http://also.test', workers: 1 });
    try {
      const good = await preflight(s.url, 'http://good.test');
      assert.equal(good.status, 204);
      assert.equal(good.headers.get('access-control-allow-origin'), 'http://good.test');
      const evil = await preflight(s.url, 'http://evil.test');
      assert.equal(evil.headers.get('access-control-allow-origin'), null);
      const res = await fetch(`${s.url}/v1/models`, { headers: { origin: 'http://evil.test' } });
      assert.equal(res.headers.get('access-control-allow-origin'), null);
    } finally {
      await s.close();
    }
  });

  test('MYNAH_CORS_ORIGIN=* sends a literal *, never the caller\'s origin', async () => {
    const s = await startServer({ corsOrigin: '*', apiKeys: ['sk-cors-0123456789'], workers: 1 });
    try {
      const pre = await preflight(s.url, 'http://any.test');
      assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    } finally {
      await s.close();
    }
  });
});

test('fuzz over voice and model strings: only 2xx or 4xx envelopes, and the server still speaks', { timeout: 240_000 }, async (ctx) => {
  const idChars = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:+@()'.split(''));
  const idLike = fc.string({ unit: idChars, maxLength: 70 });
  const voice = fc.oneof(
    fc.constantFrom('alloy', 'nova', 'en-us', 'en+f3', 'en-us+m3', 'slt', 'slt@215', 'kal16', 'de', ...PROTO),
    fc.tuple(fc.constantFrom('en', 'en-us', 'de', 'slt', 'kal16', 'alloy', 'af_bella'), fc.constantFrom('+', '@', '(', '+f', '@1', ''), idLike).map(([a, b, c]) => a + b + c),
    idLike,
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('a\r\nb', '\u0000', '☃', 'slt@1☃', 'x'.repeat(5000), ''),
  );
  const model = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('tts-1', 'espeak', 'flite', 'gpt-4o-mini-tts') }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...PROTO), idLike, fc.string({ maxLength: 30 })) });
  const voiceField = fc.oneof({ weight: 4, arbitrary: voice }, { weight: 1, arbitrary: voice.map((id) => ({ id })) });
  const seen = new Map<number, number>();
  await fc.assert(fc.asyncProperty(fc.array(fc.tuple(model, voiceField), { minLength: 2, maxLength: 2 }), async (batch) => {
    await Promise.all(batch.map(async ([m, v]) => {
      const res = await speech({ model: m, voice: v, input: 'Hi.', response_format: 'pcm' });
      seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
      if (res.status === 200) {
        assert.equal(res.headers.get('content-type'), 'audio/pcm');
        assert.match(res.headers.get('x-mynah-voice') ?? '', /^[A-Za-z0-9_.:()+@-]+$/);
        await res.arrayBuffer();
        return;
      }
      assert.ok(res.status >= 400 && res.status < 500, `${res.status} for ${JSON.stringify([m, v]).slice(0, 200)}`);
      const error = await envelope(res);
      assert.ok(error.bytes < 1000, 'errors stay short');
    }));
  }), { numRuns: 150 });
  ctx.diagnostic(`status counts ${JSON.stringify(Object.fromEntries(seen))}`);
  assert.ok((seen.get(200) ?? 0) > 0, 'some generated voices were real and spoke');
  assert.equal((await fetch(`${t.url}/health`)).status, 200);
  const res = await speech({ model: 'tts-1', voice: 'alloy', input: 'Still standing.', response_format: 'wav' });
  assert.equal(res.status, 200);
  assert.ok((await res.arrayBuffer()).byteLength > 1000);
});
