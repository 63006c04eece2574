// Under load, faults and abuse: admission queue, rate limits, fairness, limits, cancellation,
// crashed workers, readiness and metrics.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { longText, startServer, type TestServer } from './helpers.js';

const post = (t: TestServer, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
  fetch(`${t.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal });
// eSpeak NG, not flite: flite's WASI build crashes Node 20 after a few dozen calls in one process
// (nodejs/node#52402), and these tests synthesize a lot.
const speechBody = (input: string, extra: object = {}) => ({ model: 'espeak', voice: 'en-us', input, response_format: 'pcm', ...extra });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ok: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
const threads = () => Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
const ffmpegChildren = () => {
  try {
    return execFileSync('ps', ['-o', 'comm=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n').filter((c) => c.includes('ffmpeg')).length;
  } catch { return 0; } // ps exits 1 when there are no children
};

describe('admission control', () => {
  let t: TestServer;
  before(async () => { t = await startServer({ workers: 1, maxConcurrent: 1, maxQueue: 2, apiKeys: ['sk-a-000000000', 'sk-b-000000000'] }); });
  after(() => t.close());

  test('a full queue answers 429 with Retry-After; every accepted request completes', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => post(t, speechBody(longText(400)), { authorization: 'Bearer sk-a-000000000' })
      .then(async (res) => ({ res, bytes: res.status === 200 ? (await res.arrayBuffer()).byteLength : 0, body: res.status !== 200 ? await res.json() : null }))));
    const ok = results.filter((r) => r.res.status === 200);
    const limited = results.filter((r) => r.res.status === 429);
    assert.equal(ok.length + limited.length, 8);
    assert.equal(ok.length, 3, 'one running and two queued are admitted');
    for (const r of ok) assert.ok(r.bytes > 24000, 'accepted requests complete with audio');
    for (const r of limited) {
      assert.ok(Number(r.res.headers.get('retry-after')) >= 1);
      assert.equal(r.res.headers.get('x-should-retry'), 'true');
      assert.equal(r.body.error.code, 'rate_limit_exceeded');
      assert.deepEqual(Object.keys(r.body.error), ['message', 'type', 'param', 'code']);
    }
    assert.equal(t.server.runtime.admission.active, 0);
  });

  test('round-robin: a second key waits for one of the first key\'s jobs, not for its whole backlog', async () => {
    // One slot, a queue long enough for everyone (nobody gets a 429): a0 runs, a1..a3 wait, then
    // b arrives. Round-robin serves a1, then b; a FIFO queue would serve b last.
    const fair = await startServer({ workers: 1, maxConcurrent: 1, maxQueue: 8, apiKeys: ['sk-a-000000000', 'sk-b-000000000'] });
    try {
      const done: string[] = [];
      const send = (name: string, key: string, input: string) => post(fair, speechBody(input), { authorization: `Bearer ${key}` })
        .then(async (r) => ({ name, status: r.status, bytes: (await r.arrayBuffer()).byteLength }))
        .then((r) => { done.push(name); return r; });
      const a = [send('a0', 'sk-a-000000000', longText(2500))];
      await until('a0 running', () => fair.server.runtime.admission.active === 1);
      for (let i = 1; i <= 3; i++) a.push(send(`a${i}`, 'sk-a-000000000', longText(600)));
      await until('a1..a3 queued', () => fair.server.runtime.admission.depth === 3);
      const b = send('b', 'sk-b-000000000', 'Short one.');
      const results = await Promise.all([...a, b]);
      for (const r of results) {
        assert.equal(r.status, 200, `${r.name} was served`);
        assert.ok(r.bytes > 0, `${r.name} has audio`);
      }
      assert.deepEqual(done, ['a0', 'a1', 'b', 'a2', 'a3']);
    } finally {
      await fair.close();
    }
  });
});

describe('rate limits per key', () => {
  let t: TestServer;
  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mynah-keys-'));
    const file = join(dir, 'keys.json');
    writeFileSync(file, JSON.stringify({ keys: [{ key: 'sk-limited-1234', name: 'limited', rpm: 2 }, { key: 'sk-chars-1234', name: 'chars', cpm: 30 }] }));
    t = await startServer({ keysFile: file });
  });
  after(() => t.close());

  test('requests per minute: x-ratelimit-* headers, then 429 with Retry-After', async () => {
    const auth = { authorization: 'Bearer sk-limited-1234' };
    const first = await post(t, speechBody('One.'), auth);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('x-ratelimit-limit-requests'), '2');
    assert.equal(first.headers.get('x-ratelimit-remaining-requests'), '1');
    assert.match(first.headers.get('x-ratelimit-reset-requests') ?? '', /^\d+(\.\d+)?m?s$/);
    await first.arrayBuffer();
    await (await post(t, speechBody('Two.'), auth)).arrayBuffer();
    const third = await post(t, speechBody('Three.'), auth);
    assert.equal(third.status, 429);
    assert.ok(Number(third.headers.get('retry-after')) >= 1);
    const body = await third.json();
    assert.equal(body.error.code, 'rate_limit_exceeded');
    assert.equal(body.error.type, 'requests');
  });

  test('characters per minute', async () => {
    const auth = { 'api-key': 'sk-chars-1234' };
    const first = await post(t, speechBody('Twenty characters!!!'), auth);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('x-ratelimit-remaining-tokens'), '10');
    await first.arrayBuffer();
    const second = await post(t, speechBody('Twenty characters!!!'), auth);
    assert.equal(second.status, 429);
    assert.equal((await second.json()).error.type, 'tokens');
  });

  test('a wrong key is still 401 from the key file', async () => {
    const res = await post(t, speechBody('Hi.'), { authorization: 'Bearer sk-nope-12345678' });
    assert.equal(res.status, 401);
    assert.equal((await res.json()).error.code, 'invalid_api_key');
  });
});

describe('limits, faults and cancellation', () => {
  let t: TestServer;
  before(async () => { t = await startServer({ bodyLimit: 64 * 1024, maxInputChars: 5000 }); });
  after(() => t.close());

  test('a body over the limit is 413 in the envelope', async () => {
    const res = await post(t, speechBody('x'.repeat(70 * 1024)));
    assert.equal(res.status, 413);
    assert.equal(typeof (await res.json()).error.message, 'string');
  });

  test('deeply nested JSON is 400 without parsing', async () => {
    const res = await fetch(`${t.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"model":"tts-1","voice":"alloy","input":"hi","x":${'['.repeat(5000)}${']'.repeat(5000)}}` });
    assert.equal(res.status, 400);
    assert.match((await res.json()).error.message, /nested/);
  });

  test('MYNAH_MAX_INPUT_CHARS raises the input limit', async () => {
    const ok = await post(t, speechBody('a '.repeat(2100)));
    assert.equal(ok.status, 200);
    await ok.arrayBuffer();
    const tooLong = await post(t, speechBody('a'.repeat(5001)));
    assert.equal(tooLong.status, 400);
  });

  const abortedAac = async () => Number(/mynah_speech_requests_total\{format="aac",outcome="aborted"\} (\d+)/.exec(await (await fetch(`${t.url}/metrics`)).text())?.[1] ?? 0);
  // The fault tests run on eSpeak NG and on flite, the default engine.
  for (const engine of ['espeak', 'flite']) {
    const body = (input: string, extra: object = {}) => ({ ...speechBody(input, extra), ...(engine === 'flite' ? { model: 'tts-1', voice: 'alloy' } : {}) });
    test(`50 mid-stream disconnects leave no jobs, threads or ffmpeg processes (${engine})`, async () => {
      const warm = await post(t, body('Warm up.', { response_format: 'aac' }));
      await warm.arrayBuffer();
      await until('ffmpeg from warm-up to exit', () => ffmpegChildren() === 0);
      const threadsBefore = threads();
      const abortedBefore = await abortedAac();
      for (let round = 0; round < 10; round++) {
        await Promise.all(Array.from({ length: 5 }, async (_, i) => {
          const controller = new AbortController();
          const format = ['pcm', 'aac', 'mp3', 'opus', 'wav'][i];
          const res = await post(t, body(longText(2000), { response_format: format, stream_format: i === 4 ? 'sse' : 'audio' }), {}, controller.signal);
          const reader = res.body!.getReader();
          await reader.read();
          controller.abort();
          await reader.cancel().catch(() => {});
        }));
      }
      await until('pool load back to 0', () => t.server.services.pool.load().every((n) => n === 0));
      await until('admission slots released', () => t.server.runtime.admission.active === 0 && t.server.runtime.admission.depth === 0);
      await until('ffmpeg processes gone', () => ffmpegChildren() === 0);
      assert.ok(threads() <= threadsBefore, `threads ${threadsBefore} -> ${threads()}`);
      assert.equal(await abortedAac() - abortedBefore, 10);
      const after = await post(t, body('Still here.'));
      assert.equal(after.status, 200);
    });

    test(`a killed worker is replaced; its stream is cut short, the next request works (${engine})`, async () => {
      const before = t.server.services.pool.threadIds();
      const res = await post(t, body(longText(3000)));
      assert.equal(res.status, 200);
      const reader = res.body!.getReader();
      await reader.read();
      await Promise.all(before.map((_, i) => t.server.services.pool.terminateWorker(i)));
      await assert.rejects(async () => { while (!(await reader.read()).done); }, 'the stream errors rather than ending cleanly');
      await until('workers replaced', () => t.server.services.pool.threadIds().every((id, i) => id > 0 && id !== before[i]));
      const next = await post(t, body('After the crash.'));
      assert.equal(next.status, 200);
      assert.ok((await next.arrayBuffer()).byteLength > 0);
    });
  }
});

describe('timeouts, readiness and metrics', () => {
  let t: TestServer;
  before(async () => { t = await startServer({ jobTimeoutMs: 1 }); });
  after(() => t.close());

  test('a job over the synthesis timeout fails with a 500 envelope before any bytes', async () => {
    const workers = t.server.services.pool.threadIds();
    const res = await post(t, speechBody(longText(1000)));
    assert.equal(res.status, 500);
    const body = await res.json();
    assert.equal(body.error.type, 'server_error');
    assert.match(body.error.message, /timed out/);
    await until('pool load back to 0', () => t.server.services.pool.load().every((n) => n === 0));
    // The worker acknowledged the cancel: it was not terminated as hung.
    assert.deepEqual(t.server.services.pool.threadIds(), workers);
  });

  test('/health, /ready and /metrics', async () => {
    assert.equal((await fetch(`${t.url}/health`)).status, 200);
    const ready = await fetch(`${t.url}/ready`);
    assert.equal(ready.status, 200);
    assert.equal((await ready.json()).status, 'ready');
    const res = await fetch(`${t.url}/metrics`);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const name of ['mynah_requests_total', 'mynah_time_to_first_byte_seconds_bucket', 'mynah_real_time_factor_bucket', 'mynah_queue_depth', 'mynah_worker_utilization']) {
      assert.ok(text.includes(name), `${name} in /metrics`);
    }
    assert.match(text, /mynah_requests_total\{route="\/v1\/audio\/speech",code="500"\} 1/);
    t.server.runtime.state.draining = true;
    assert.equal((await fetch(`${t.url}/ready`)).status, 503);
    t.server.runtime.state.draining = false;
  });
});
