// Shared mode on a real Debian redis-server: jobs spread over replicas and surviving a SIGKILLed
// one, rate limits counted across replicas, the cache and lexicon shared, Redis going away.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { GAP_SAMPLES, renderPiece } from '../src/jobs/assemble.js';
import { splitPieces } from '../src/cli/book.js';
import { redisCacheStore } from '../src/shared/cache-redis.js';
import { redisLexiconSync } from '../src/shared/lexicon-redis.js';
import { redisRateStore } from '../src/shared/rate-redis.js';
import type { LexiconChange } from '../src/shared/types.js';
import { longText, startServer, type TestServer } from './helpers.js';
import { startRedis, startReplica, waitUntil, type RedisServer, type Replica } from './servers.js';

const json = { 'content-type': 'application/json' };
let redis: RedisServer;
let dir: string;
let a: TestServer;
let b: Replica;
const clients: Redis[] = [];
const connect = async () => {
  const c = new Redis(redis.url, { maxRetriesPerRequest: null });
  c.on('error', () => {});
  clients.push(c);
  await c.ping();
  return c;
};

before(async () => {
  redis = await startRedis();
  dir = await mkdtemp(join(tmpdir(), 'mynah-scale-'));
  process.env.MYNAH_LEXICON_DIR = join(dir, 'lexicon-a');
  const shared = { MYNAH_REDIS_URL: redis.url, MYNAH_JOBS_LOCK_MS: '2000', MYNAH_RATE_LIMIT_RPM: '5' };
  a = await startServer({ redisUrl: redis.url, jobsLockMs: 2000, rateLimitRequests: 5, workers: 1 });
  b = await startReplica({ ...shared, MYNAH_LEXICON_DIR: join(dir, 'lexicon-b') });
});
after(async () => {
  await b?.kill();
  await a?.close();
  for (const c of clients) c.disconnect();
  await redis?.close();
  await rm(dir, { recursive: true, force: true });
  delete process.env.MYNAH_LEXICON_DIR;
});

describe('shared state stores on Redis', () => {
  test('a key limited to 5 a minute gets 5 in total across two replicas', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) {
      const url = i % 2 ? b.url : a.url;
      const res = await fetch(`${url}/v1/audio/speech`, { method: 'POST', headers: json, body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input: 'Hi.', response_format: 'pcm' }) });
      await res.arrayBuffer();
      codes.push(res.status);
      if (res.status === 429) assert.ok(Number(res.headers.get('retry-after')) >= 1);
    }
    assert.deepEqual(codes, [200, 200, 200, 200, 200, 429, 429, 429]);
  });

  test('characters are charged on the prepared text, and given back when the request is refused after the charge', async () => {
    // Its own client address, so no other test's counts are touched; one synthesis slot, no queue.
    const t = await startServer({ redisUrl: redis.url, rateLimitRequests: 0, rateLimitChars: 5000, maxConcurrent: 1, maxQueue: 0, workers: 1 });
    const headers = { ...json, 'x-forwarded-for': '10.0.0.77' };
    const speak = (input: string) => fetch(`${t.url}/v1/audio/speech`, { method: 'POST', headers, body: JSON.stringify({ model: 'tts-1', voice: 'echo', input, response_format: 'pcm' }) });
    const remaining = (res: Response) => Number(res.headers.get('x-ratelimit-remaining-tokens'));
    try {
      // "12345" is five characters typed and some forty spoken ("twelve thousand three hundred ...").
      const first = await speak('12345');
      await first.arrayBuffer();
      assert.equal(first.status, 200);
      assert.ok(remaining(first) <= 5000 - 30, `charged ${5000 - remaining(first)} characters for "12345"`);
      // A long stream holds the only slot; a 1,000-character request is then refused (429, no
      // queue) after its charge, which is given back.
      const hold = await speak(longText(1500));
      const reader = hold.body!.getReader();
      await reader.read();
      const before = remaining(hold);
      const refused = await speak(longText(1000));
      assert.equal(refused.status, 429);
      assert.match((await refused.json()).error.message, /overloaded/, 'refused by admission, not by the limit');
      for (;;) if ((await reader.read()).done) break;
      const after = await speak('Hi.');
      await after.arrayBuffer();
      assert.ok(remaining(after) >= before - 10, `the refused request's characters were kept: ${before} before, ${remaining(after)} after`);
    } finally {
      await t.close();
    }
  });

  test('the rate store counts one key across two connections', async () => {
    const [r1, r2] = [redisRateStore(await connect(), 'closed', 'test:rl'), redisRateStore(await connect(), 'closed', 'test:rl')];
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push((await (i % 2 ? r2 : r1).consume('k', 1, 3)).allowed);
    assert.deepEqual(seen, [true, true, true, false]);
    assert.equal((await r1.consume('other', 1, 3)).allowed, true);
  });

  test('a result cached through one connection is a hit through another', async () => {
    const [c1, c2] = [redisCacheStore(await connect()), redisCacheStore(await connect())];
    const audio = new Uint8Array([1, 2, 3, 250, 0, 7]);
    assert.equal(await c2.get('phrase'), undefined);
    await c1.set('phrase', { audio, samples: 3, synthMs: 12.5 });
    const hit = await c2.get('phrase');
    assert.ok(hit);
    assert.deepEqual([...hit.audio], [...audio]);
    assert.equal(hit.samples, 3);
    assert.equal(hit.synthMs, 12.5);
  });

  test('a lexicon PUT on one replica is used by the other within a second, and a DELETE too', async () => {
    const put = await fetch(`${a.url}/v1/audio/lexicon`, { method: 'PUT', headers: json, body: JSON.stringify({ language: 'en', word: 'Mynah', replacement: 'my nah' }) });
    assert.equal(put.status, 200);
    const list = async (url: string) => (await (await fetch(`${url}/v1/audio/lexicon?language=en`)).json()).data as { word: string }[];
    await waitUntil(async () => (await list(b.url)).some((e) => e.word === 'mynah'), 'propagation to B', 1000);
    // The other way round, and removal.
    await fetch(`${b.url}/v1/audio/lexicon`, { method: 'PUT', headers: json, body: JSON.stringify({ language: 'en', word: 'SQL', replacement: 'sequel' }) });
    await waitUntil(async () => (await list(a.url)).some((e) => e.word === 'sql'), 'propagation to A', 1000);
    assert.equal((await fetch(`${a.url}/v1/audio/lexicon?language=en&word=mynah`, { method: 'DELETE' })).status, 200);
    await waitUntil(async () => !(await list(b.url)).some((e) => e.word === 'mynah'), 'deletion on B', 1000);
  });

  test('a replica that starts later gets the lexicon made before it', async () => {
    const s1 = redisLexiconSync(await connect(), 'test:lex');
    await s1.publish({ op: 'set', language: 'de', word: 'abc', replacement: 'a b c' });
    const s2 = redisLexiconSync(await connect(), 'test:lex');
    const heard: LexiconChange[] = [];
    s2.subscribe((c) => heard.push(c));
    assert.deepEqual(await s2.snapshot(), [{ op: 'set', language: 'de', word: 'abc', replacement: 'a b c' }]);
    await s1.publish({ op: 'delete', language: 'de', word: 'abc' });
    await waitUntil(async () => heard.length === 1, 'pub/sub', 1000);
    assert.equal(heard[0].op, 'delete');
    await s1.close();
    await s2.close();
  });
});

describe('the synthesis result cache in shared mode', () => {
  test('a phrase made on one replica is a hit on another: no synthesis job there, the same bytes', async () => {
    // Two servers on one Redis, cache on; no rate limit, so the other tests' counts are untouched.
    const opts = { redisUrl: redis.url, cacheMb: 8, rateLimitRequests: 0, rateLimitChars: 0, workers: 1 };
    const one = await startServer(opts);
    const two = await startServer(opts);
    try {
      const body = JSON.stringify({ model: 'tts-1', voice: 'nova', input: `Made once, heard twice, ${process.pid}.`, response_format: 'mp3' });
      const speak = async (t: TestServer) => {
        const res = await fetch(`${t.url}/v1/audio/speech`, { method: 'POST', headers: json, body });
        assert.equal(res.status, 200);
        return Buffer.from(await res.arrayBuffer());
      };
      const [ranOne, ranTwo] = [one.server.services.pool.jobsRun, two.server.services.pool.jobsRun];
      const first = await speak(one);
      assert.equal(one.server.services.pool.jobsRun, ranOne + 1, 'the first replica synthesized it');
      const second = await speak(two);
      assert.equal(two.server.services.pool.jobsRun, ranTwo, 'the second replica ran no synthesis job');
      assert.ok(first.length > 1000);
      assert.ok(first.equals(second), 'identical bytes');
      assert.equal(two.server.services.pool.cache.stats().entries, 0, 'served from Redis, not a local cache');
    } finally {
      await two.close();
      await one.close();
    }
  });
});

describe('jobs across replicas', () => {
  test('a replica killed with SIGKILL mid-job (100,000 characters): the job completes with every piece once, in order', async () => {
    const started = Date.now();
    // 25 paragraphs of ~4,000 characters: 25 pieces, 100,600 characters in all. The cheapest
    // voice (echo) and raw PCM keep it to about a minute here.
    const text = Array.from({ length: 25 }, (_, i) => longText(4000 + i * 2)).join('\n\n');
    assert.ok([...text].length >= 100_000);
    const pieces = splitPieces(text);
    assert.equal(pieces.length, 25);
    const voice = 'echo';
    const res = await fetch(`${b.url}/v1/audio/jobs`, { method: 'POST', headers: json, body: JSON.stringify({ model: 'tts-1', voice, input: text, response_format: 'pcm' }) });
    assert.equal(res.status, 202);
    const { id, progress } = await res.json();
    const total = progress.pieces_total;
    // Wait until B is speaking a piece of it, then kill B outright.
    const queue = new Queue('mynah-pieces', { connection: await connect() });
    const bName = `${hostname()}:${b.pid}`;
    let holders: string[] = [];
    await waitUntil(async () => {
      holders = (await queue.getActive()).filter((j) => j.data.id === id).map((j) => j.processedBy ?? '?');
      return holders.includes(bName);
    }, `B (${bName}) to take a piece`, 20_000).catch(async (err) => {
      throw new Error(`${err.message}: ${JSON.stringify(await queue.getJobCounts())} ${await (await fetch(`${b.url}/v1/audio/jobs/${id}`)).text()}`);
    });
    await b.kill('SIGKILL');
    // The job is seen, and finished, through the surviving replica.
    let view;
    await waitUntil(async () => {
      view = await (await fetch(`${a.url}/v1/audio/jobs/${id}`)).json();
      return view.status !== 'queued' && view.status !== 'running';
    }, 'the job to finish on A', 120_000);
    assert.equal(view!.status, 'completed');
    assert.equal(view!.progress.pieces_done, total);
    const jobDone = Date.now();
    // No piece left in Redis: none queued, held, delayed or failed, each counted done once.
    for (let i = 0; i < total; i++) assert.equal(await queue.getJob(`${id}-${i}`), undefined, `piece ${i} is still in the queue`);
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
    assert.deepEqual(Object.values(counts).filter((n) => n > 0), [], JSON.stringify(counts));
    assert.equal(await (await connect()).scard(`mynah:job:${id}:done`), total);
    await queue.close();
    const got = Buffer.from(await (await fetch(`${a.url}/v1/audio/jobs/${id}/content`)).arrayBuffer());
    // A single process speaking the same pieces in order, through the same pipeline: piece by
    // piece, so that a piece missing, doubled or out of place is named.
    let at = 0;
    for (const [i, input] of pieces.entries()) {
      if (i) {
        assert.ok(got.subarray(at, at + GAP_SAMPLES * 2).equals(Buffer.alloc(GAP_SAMPLES * 2)), `no gap before piece ${i}`);
        at += GAP_SAMPLES * 2;
      }
      const pcm = await renderPiece(a.server.services, { model: 'tts-1', voice, speed: 1 }, input);
      const want = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
      assert.ok(got.subarray(at, at + want.length).equals(want), `piece ${i} differs from a single-process render`);
      at += want.length;
    }
    assert.equal(got.length, at, 'audio length differs from a single-process run');
    console.log(`# 100k SIGKILL: job done ${((jobDone - started) / 1000).toFixed(1)} s after submission, test ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});

describe('Redis going away', () => {
  test('fail-open keeps serving, fail-closed leaves /ready and refuses with 503; both recover, nothing crashes', async () => {
    const closed = await startServer({ redisUrl: redis.url, redisFailMode: 'closed', rateLimitRequests: 100, workers: 1 });
    const open = await startServer({ redisUrl: redis.url, redisFailMode: 'open', rateLimitRequests: 100, workers: 1 });
    try {
      const speak = (url: string) => fetch(`${url}/v1/audio/speech`, { method: 'POST', headers: { ...json, 'x-forwarded-for': '10.0.0.9' }, body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input: 'Still here.', response_format: 'pcm' }) });
      assert.equal((await fetch(`${closed.url}/ready`)).status, 200);
      await redis.stop();
      // Open: ready (saying Redis is down), speech served with per-replica limits.
      await waitUntil(async () => (await (await fetch(`${open.url}/ready`)).json()).redis === 'down', 'open replica to see Redis down', 10_000);
      const openReady = await fetch(`${open.url}/ready`);
      assert.equal(openReady.status, 200);
      const served = await speak(open.url);
      assert.equal(served.status, 200);
      assert.ok((await served.arrayBuffer()).byteLength > 1000);
      // Closed: out of rotation, speech refused in OpenAI's envelope.
      const closedReady = await fetch(`${closed.url}/ready`);
      assert.equal(closedReady.status, 503);
      assert.equal((await closedReady.json()).redis, 'down');
      const refused = await speak(closed.url);
      assert.equal(refused.status, 503);
      assert.equal((await refused.json()).error.code, 'shared_state_unavailable');
      // Jobs need Redis in either mode.
      const job = await fetch(`${open.url}/v1/audio/jobs`, { method: 'POST', headers: json, body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input: 'A short book.' }) });
      assert.equal(job.status, 503);
      assert.equal((await job.json()).error.code, 'shared_state_unavailable');

      await redis.start();
      await waitUntil(async () => (await fetch(`${closed.url}/ready`)).status === 200, 'closed replica back in rotation', 15_000);
      assert.equal((await speak(closed.url)).status, 200);
      // The job queue works again on the same connections.
      await waitUntil(async () => (await fetch(`${open.url}/v1/audio/jobs`, { method: 'POST', headers: json, body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input: 'ping' }) })).status === 202, 'jobs back', 15_000);
      const { id } = await (await fetch(`${open.url}/v1/audio/jobs`, { method: 'POST', headers: json, body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input: 'After the storm, the lamp was lit again.' }) })).json();
      await waitUntil(async () => (await (await fetch(`${open.url}/v1/audio/jobs/${id}`)).json()).status === 'completed', 'a job after the restart', 30_000);
    } finally {
      await closed.close();
      await open.close();
    }
  });
});
