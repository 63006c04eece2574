// The gateway's relay over real sockets: failover order and weights, what is retried and what is
// not, no failover after the first byte, streaming as it arrives, SSE made locally, format
// conversion through Mynah's encoders, the body forwarded intact. Upstreams are test servers and
// a second Mynah; the client is the official SDK.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { fakeOpenAI, tone, type FakeUpstream } from './gateway-fakes.js';
import { bytesOf, startGateway, upstream, type TestGateway } from './gateway-helpers.js';
import { longText, probe, startServer, type TestServer } from './helpers.js';

const speak = (g: TestGateway, extra: Record<string, unknown> = {}) =>
  g.client.audio.speech.create({ model: 'tts-1', input: 'Hello there.', voice: 'alloy', ...extra } as never);

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('failover before the first byte', () => {
  let a: FakeUpstream, b: FakeUpstream, g: TestGateway;
  before(async () => {
    a = await fakeOpenAI();
    b = await fakeOpenAI();
    g = await startGateway({
      upstreams: [upstream('a', a.url, { timeouts: { connectMs: 2000, firstByteMs: 300, totalMs: 30_000 } }), upstream('b', b.url)],
      routes: { 'tts-1': ['a', 'b'] },
      breaker: { failures: 100, cooldownMs: 60_000 },
    });
  });
  after(async () => { await g.close(); await a.close(); await b.close(); });

  for (const fault of ['500', 'hang', 'wrong-type'] as const) {
    test(`${fault} from the first target: the second serves it`, async () => {
      a.fault = fault;
      const [na, nb] = [a.requests.length, b.requests.length];
      const res = await speak(g);
      assert.equal(res.headers.get('x-mynah-target'), 'b');
      assert.equal(res.headers.get('x-mynah-attempts'), '2');
      assert.equal((await bytesOf(res)).toString(), 'chunk-1;chunk-2;chunk-3;');
      assert.equal(a.requests.length, na + 1);
      assert.equal(b.requests.length, nb + 1);
    });
  }

  test('a 4xx other than 429 is the client\'s answer: no retry', async () => {
    a.fault = '400';
    const nb = b.requests.length;
    await assert.rejects(speak(g), (err: { status: number; error: { message: string }; headers: Headers }) => {
      assert.equal(err.status, 400);
      assert.match(err.error.message, /upstream says the input is bad/);
      return true;
    });
    assert.equal(b.requests.length, nb);
  });

  test('every target failing is a 502 in OpenAI\'s envelope, with the attempts', async () => {
    a.fault = '500';
    b.fault = '500';
    try {
      await assert.rejects(speak(g), (err: { status: number; error: { message: string }; headers: Headers }) => {
        assert.equal(err.status, 502);
        assert.match(err.error.message, /2 attempts/);
        assert.equal(err.headers.get('x-mynah-attempts'), '2');
        return true;
      });
    } finally {
      b.fault = 'ok';
    }
  });
});

test('connect refused: the next target; a 429 cools the upstream down for its retry-after', async () => {
  const a = await fakeOpenAI();
  const b = await fakeOpenAI();
  const dead = await closedPort();
  const g = await startGateway({
    upstreams: [upstream('dead', `http://127.0.0.1:${dead}`), upstream('a', a.url), upstream('b', b.url)],
    routes: { 'tts-1': ['dead', 'a', 'b'] },
    breaker: { failures: 100, cooldownMs: 60_000 },
  });
  try {
    const first = await speak(g);
    assert.equal(first.headers.get('x-mynah-target'), 'a');
    assert.equal(first.headers.get('x-mynah-attempts'), '2');
    a.fault = '429';
    a.retryAfter = 60;
    const limited = await speak(g);
    assert.equal(limited.headers.get('x-mynah-target'), 'b');
    const seen = a.requests.length;
    const next = await speak(g);
    assert.equal(next.headers.get('x-mynah-target'), 'b');
    assert.equal(a.requests.length, seen, 'a is not asked again within its retry-after');
    b.fault = '429';
    b.retryAfter = 7;
    await assert.rejects(speak(g), (err: { status: number; headers: Headers }) => {
      assert.equal(err.status, 429, 'every target rate limited: a 429 for the client too');
      assert.equal(err.headers.get('retry-after'), '7');
      return true;
    });
  } finally {
    await g.close(); await a.close(); await b.close();
  }
});

test('circuit breaker: opens after repeated failures, probes once after the cooldown, closes on success', async () => {
  const a = await fakeOpenAI();
  const b = await fakeOpenAI();
  const g = await startGateway({ upstreams: [upstream('a', a.url), upstream('b', b.url)], routes: { 'tts-1': ['a', 'b'] }, breaker: { failures: 2, cooldownMs: 400 } });
  try {
    a.fault = '500';
    await speak(g);
    await speak(g);
    const seen = a.requests.length;
    assert.equal((await speak(g)).headers.get('x-mynah-attempts'), '1', 'open: a is skipped');
    assert.equal(a.requests.length, seen);
    a.fault = 'ok';
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await speak(g)).headers.get('x-mynah-target'), 'a', 'the probe after the cooldown succeeds');
    assert.equal((await speak(g)).headers.get('x-mynah-target'), 'a', 'closed again');
  } finally {
    await g.close(); await a.close(); await b.close();
  }
});

test('weights within a priority tier, over 300 requests; a lower tier only when the upper one fails', async () => {
  const a = await fakeOpenAI();
  const b = await fakeOpenAI();
  const c = await fakeOpenAI();
  const g = await startGateway({
    upstreams: [upstream('a', a.url, { priority: 0, weight: 3 }), upstream('b', b.url, { priority: 0, weight: 1 }), upstream('c', c.url, { priority: 1 })],
    routes: { 'tts-1': ['c', 'a', 'b'] },
  });
  try {
    const counts: Record<string, number> = {};
    for (let i = 0; i < 300; i++) {
      const res = await fetch(`${g.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'tts-1', input: 'hi', voice: 'alloy' }) });
      await res.arrayBuffer();
      const t = res.headers.get('x-mynah-target')!;
      counts[t] = (counts[t] ?? 0) + 1;
    }
    // Expected a 225, b 75 (sd 7.5): these bounds are more than 4 sd wide.
    assert.ok(counts.a >= 190 && counts.a <= 260, JSON.stringify(counts));
    assert.equal(counts.a + counts.b, 300, JSON.stringify(counts));
    assert.equal(c.requests.length, 0);
    a.fault = '500';
    b.fault = '500';
    const res = await speak(g);
    assert.equal(res.headers.get('x-mynah-target'), 'c');
    assert.equal(res.headers.get('x-mynah-attempts'), '3');
  } finally {
    await g.close(); await a.close(); await b.close(); await c.close();
  }
});

describe('streaming through the relay', () => {
  let a: FakeUpstream, b: FakeUpstream, g: TestGateway;
  before(async () => {
    a = await fakeOpenAI();
    b = await fakeOpenAI();
    g = await startGateway({
      upstreams: [upstream('a', a.url, { timeouts: { connectMs: 2000, firstByteMs: 400, totalMs: 30_000 } }), upstream('b', b.url)],
      routes: { 'tts-1': ['a', 'b'] },
    });
  });
  after(async () => { await g.close(); await a.close(); await b.close(); });

  test('the first bytes reach the client while the upstream is still holding the rest', { timeout: 15_000 }, async () => {
    a.fault = 'gated';
    const res = await fetch(`${g.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'tts-1', input: 'Hello.', voice: 'alloy' }) });
    const reader = res.body!.getReader();
    await a.waiting;
    const first = await reader.read(); // would never resolve if the relay buffered the whole clip
    assert.equal(Buffer.from(first.value!).toString(), 'chunk-1;');
    a.release();
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += Buffer.from(r.value).toString();
    assert.equal(rest, 'chunk-2;chunk-3;');
  });

  test('a client that leaves mid-stream closes the upstream request', { timeout: 15_000 }, async () => {
    a.fault = 'gated';
    const before = a.closedEarly;
    const leave = new AbortController();
    const res = await fetch(`${g.url}/v1/audio/speech`, { method: 'POST', signal: leave.signal, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'tts-1', input: 'Bye.', voice: 'alloy' }) });
    const reader = res.body!.getReader();
    await reader.read();
    leave.abort();
    while (a.closedEarly === before) await new Promise((r) => setTimeout(r, 20)); // red: the test times out
    a.release();
  });

  for (const fault of ['cut', 'stall'] as const) {
    test(`${fault} after the first byte: the response is truncated, no failover`, async () => {
      a.fault = fault;
      const nb = b.requests.length;
      const res = await speak(g);
      assert.equal(res.headers.get('x-mynah-target'), 'a');
      await assert.rejects(res.arrayBuffer());
      assert.equal(b.requests.length, nb);
    });
  }

  test('a slow stream arrives whole and in order', async () => {
    a.fault = 'slow';
    assert.equal((await bytesOf(await speak(g))).toString(), 'chunk-1;chunk-2;chunk-3;');
  });
});

describe('what is forwarded and what is made locally', () => {
  let a: FakeUpstream, mynah: TestServer, g: TestGateway;
  before(async () => {
    a = await fakeOpenAI();
    mynah = await startServer();
    g = await startGateway({
      upstreams: [
        upstream('raw', a.url, { models: { 'gpt-4o-mini-tts': 'their-tts' }, voices: { alloy: 'their-voice' }, supports: { sse: false, formats: ['mp3', 'pcm'] }, fields: { deny: ['secret_field'] } }),
        upstream('sse', a.url, { supports: { sse: true } }),
        upstream('mynah-pcm', mynah.url, { supports: { formats: ['pcm'] } }),
      ],
      routes: { 'gpt-4o-mini-tts': ['raw'], 'sse-model': ['sse'], 'tts-1': ['mynah-pcm'] },
    });
  });
  after(async () => { await g.close(); await mynah.close(); await a.close(); });

  test('only model and voice are rewritten: instructions and extension fields survive, denied ones do not', async () => {
    a.fault = 'ok';
    await (await speak(g, { model: 'gpt-4o-mini-tts', instructions: 'Speak like a pirate.', language: 'en', secret_field: 'x', speed: 1.5 })).arrayBuffer();
    const body = a.requests.at(-1)!.body;
    assert.deepEqual(body, { model: 'their-tts', input: 'Hello there.', voice: 'their-voice', instructions: 'Speak like a pirate.', language: 'en', speed: 1.5, response_format: 'mp3' });
    await (await speak(g, { model: 'gpt-4o-mini-tts', voice: { id: 'voice_123' } })).arrayBuffer();
    assert.deepEqual(a.requests.at(-1)!.body.voice, { id: 'voice_123' });
  });

  test('SSE made locally from an upstream that streams raw audio', async () => {
    a.fault = 'ok';
    const res = await speak(g, { model: 'gpt-4o-mini-tts', stream_format: 'sse' });
    assert.match(res.headers.get('content-type')!, /^text\/event-stream/);
    assert.equal(a.requests.at(-1)!.body.stream_format, undefined, 'the raw upstream was asked for audio');
    const events = (await bytesOf(res)).toString().split('\r\n\r\n').filter(Boolean).map((e) => e.replace(/^data: /, ''));
    assert.equal(events.at(-1), '[DONE]');
    const parsed = events.slice(0, -1).map((e) => JSON.parse(e));
    assert.equal(parsed.at(-1).type, 'speech.audio.done');
    const audio = Buffer.concat(parsed.filter((e) => e.type === 'speech.audio.delta').map((e) => Buffer.from(e.audio, 'base64')));
    assert.equal(audio.toString(), 'chunk-1;chunk-2;chunk-3;');
  });

  test('SSE passed through from an upstream that streams it', async () => {
    a.fault = 'sse';
    const res = await speak(g, { model: 'sse-model', stream_format: 'sse' });
    assert.equal(a.requests.at(-1)!.body.stream_format, 'sse');
    const text = (await bytesOf(res)).toString();
    assert.match(text, /^data: \{"type":"speech\.audio\.delta","audio":"Y2h1bmstMTs="\}\n\n/);
    a.fault = 'ok';
  });

  test('a format the upstream lacks: asked for pcm, encoded here (wav, flac), right Content-Type', async () => {
    for (const [format, codec, type] of [['flac', 'flac', 'audio/flac'], ['wav', 'pcm_s16le', 'audio/wav']] as const) {
      const res = await speak(g, { response_format: format, input: 'The gateway encodes this sentence itself.' });
      assert.equal(res.headers.get('content-type'), type);
      assert.equal(res.headers.get('x-mynah-target'), 'mynah-pcm');
      const p = await probe(await bytesOf(res), format);
      assert.equal(p.codec, codec);
      assert.equal(p.sampleRate, 24000);
      assert.ok(p.duration > 0.8, `duration ${p.duration}`);
    }
  });

  test('pcm from a raw upstream converted to opus', async () => {
    a.fault = 'ok';
    const res = await speak(g, { model: 'gpt-4o-mini-tts', response_format: 'opus' });
    assert.equal(a.requests.at(-1)!.body.response_format, 'pcm');
    assert.equal(res.headers.get('content-type'), 'audio/opus');
    const p = await probe(await bytesOf(res), 'ogg');
    assert.equal(p.codec, 'opus');
    assert.ok(Math.abs(p.duration - tone(0.5).length / 48000) < 0.1, `duration ${p.duration}`);
  });
});

test('a client leaving a local target\'s stream frees its synthesis slot', { timeout: 30_000 }, async () => {
  const g = await startGateway({ upstreams: [], routes: { 'tts-1': ['local:flite'] } });
  try {
    const leave = new AbortController();
    const res = await fetch(`${g.url}/v1/audio/speech`, { method: 'POST', signal: leave.signal, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'tts-1', input: longText(3000), voice: 'alloy', response_format: 'pcm' }) });
    assert.equal(res.headers.get('x-mynah-target'), 'local:flite');
    const reader = res.body!.getReader();
    await reader.read();
    const active = () => g.server.runtime.admission.active;
    assert.equal(active(), 1);
    leave.abort();
    while (active() !== 0) await new Promise((r) => setTimeout(r, 20)); // red: the test times out
  } finally {
    await g.close();
  }
});
