// A rolling restart with jobs: Debian's nginx and redis-server in front of / behind two real
// `mynah serve` processes. A replica that gets SIGTERM takes no new piece, hands back the pieces
// it holds (not counted as a failed attempt) and finishes what it is streaming within
// MYNAH_SHUTDOWN_GRACE_MS. Locks are long (120 s): a piece that is not handed back would hold
// its job for two minutes, past these tests' limits.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config/index.js';
import { createServices } from '../src/server/app.js';
import { GAP_SAMPLES, renderPiece } from '../src/jobs/assemble.js';
import { splitPieces } from '../src/cli/book.js';
import type { Services } from '../src/speech.js';
import { longText, probe } from './helpers.js';
import { startNginx, startRedis, startReplica, waitUntil, type Nginx, type RedisServer, type Replica } from './servers.js';

const json = { 'content-type': 'application/json' };
const LOCK_MS = 120_000;
let redis: RedisServer;
let services: Services;
let queue: Queue;
let conn: Redis;
const replicas: Replica[] = [];
const proxies: Nginx[] = [];

const replica = async (graceMs: number) => {
  const r = await startReplica({ MYNAH_REDIS_URL: redis.url, MYNAH_JOBS_LOCK_MS: String(LOCK_MS), MYNAH_SHUTDOWN_GRACE_MS: String(graceMs) });
  replicas.push(r);
  return r;
};
const port = (r: Replica) => new URL(r.url).host;
const exitOf = (r: Replica) => new Promise<number | null>((resolve) => {
  if (r.child.exitCode !== null || r.child.signalCode !== null) resolve(r.child.exitCode);
  else r.child.once('exit', (code) => resolve(code));
});

before(async () => {
  redis = await startRedis();
  conn = new Redis(redis.url, { maxRetriesPerRequest: null });
  conn.on('error', () => {});
  queue = new Queue('mynah-pieces', { connection: conn });
  // The single-process reference render, in this process.
  services = await createServices(loadConfig({}, { workers: 1, logLevel: 'silent' }));
});
after(async () => {
  for (const p of proxies) await p.close().catch(() => {});
  for (const r of replicas) await r.kill('SIGKILL');
  await queue?.close();
  conn?.disconnect();
  await services?.pool.close();
  await redis?.close();
});

/** The single-process run: every piece in order, with the gaps between them. */
const reference = async (pieces: string[], voice: string) => {
  const out: Buffer[] = [];
  for (const [i, input] of pieces.entries()) {
    if (i) out.push(Buffer.alloc(GAP_SAMPLES * 2));
    const pcm = await renderPiece(services, { model: 'tts-1', voice, speed: 1 }, input);
    out.push(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
  }
  return Buffer.concat(out);
};
const holders = async (id: string) => (await queue.getActive()).filter((j) => j.data.id === id).map((j) => j.processedBy ?? '?');
const nameOf = (r: Replica) => `${hostname()}:${r.pid}`;

test('SIGTERM mid-job and mid-stream: new requests all 200, the stream whole, the job byte-identical', async () => {
  const a = await replica(30_000);
  const b = await replica(30_000);
  const nginx = await startNginx([port(a), port(b)]);
  proxies.push(nginx);
  const voice = 'echo';
  const text = Array.from({ length: 8 }, (_, i) => longText(2100 + i * 30)).join('\n\n');
  const pieces = splitPieces(text);
  assert.equal(pieces.length, 8);
  const res = await fetch(`${nginx.url}/v1/audio/jobs`, { method: 'POST', headers: json, body: JSON.stringify({ model: 'tts-1', voice, input: text, response_format: 'pcm' }) });
  assert.equal(res.status, 202);
  const { id } = await res.json();
  await waitUntil(async () => (await holders(id)).includes(nameOf(b)), 'B to take a piece', 30_000);

  // Two long streams through nginx (least_conn: one on each replica), read slowly.
  const streamText = longText(2500);
  const streams = await Promise.all([0, 1].map(async () => {
    const r = await fetch(`${nginx.url}/v1/audio/speech`, { method: 'POST', headers: json, body: JSON.stringify({ model: 'tts-1', voice, input: streamText, response_format: 'wav' }) });
    assert.equal(r.status, 200);
    const reader = r.body!.getReader();
    const first = await reader.read();
    return { reader, chunks: [Buffer.from(first.value!)] };
  }));
  const killedAt = Date.now();
  b.child.kill('SIGTERM');
  const bExit = exitOf(b);

  // New requests meanwhile: every one answered 200 through nginx (retried on A on a 503).
  const codes: number[] = [];
  const load = (async () => {
    for (let i = 0; i < 8; i++) {
      const r = await fetch(`${nginx.url}/v1/audio/speech`, { method: 'POST', headers: json, body: JSON.stringify({ model: 'tts-1', voice, input: `Request ${i} while B drains.`, response_format: 'wav' }) });
      await r.arrayBuffer();
      codes.push(r.status);
      await new Promise((r) => setTimeout(r, 150));
    }
  })();
  // The streams are read to the end: whole, the same length as a single-process render.
  const expected = await renderPiece(services, { model: 'tts-1', voice, speed: 1 }, streamText);
  for (const s of streams) {
    for (;;) { const { done, value } = await s.reader.read(); if (done) break; s.chunks.push(Buffer.from(value)); }
    const p = await probe(Buffer.concat(s.chunks), 'wav');
    assert.ok(Math.abs(p.duration - expected.length / 24000) < 0.01, `stream decoded to ${p.duration}s, expected ${expected.length / 24000}s`);
  }
  await load;
  assert.deepEqual(codes.filter((c) => c !== 200), [], `non-200 answers through nginx: ${codes.join(',')}`);
  assert.equal(await bExit, 0, 'B exits cleanly');

  let view;
  await waitUntil(async () => {
    view = await (await fetch(`${nginx.url}/v1/audio/jobs/${id}`)).json();
    return view.status !== 'queued' && view.status !== 'running';
  }, 'the job to finish on A', 90_000);
  assert.equal(view!.status, 'completed');
  const took = Date.now() - killedAt;
  assert.ok(took < LOCK_MS / 2, `job finished ${took} ms after SIGTERM`);
  const got = Buffer.from(await (await fetch(`${nginx.url}/v1/audio/jobs/${id}/content`)).arrayBuffer());
  const want = await reference(pieces, voice);
  assert.equal(got.length, want.length, 'audio length differs from a single-process run');
  assert.ok(got.equals(want), 'audio differs from a single-process run');
  // Handed back, not failed: no piece of the job used a second attempt.
  assert.deepEqual((await queue.getFailed()).filter((j) => j.data.id === id), []);
  console.log(`# rolling: job completed ${took} ms after B's SIGTERM`);
  await a.kill('SIGKILL');
});

test('a replica draining with no grace hands its pieces over at once (no wait for the 120 s lock)', async () => {
  const a = await replica(0);
  const b = await replica(0);
  // Pieces that take seconds each (a neural voice), so B is surely mid-piece when it stops.
  const voice = 'nova';
  const text = [longText(2100), longText(2100).toUpperCase()].join('\n\n');
  const pieces = splitPieces(text);
  assert.equal(pieces.length, 2);
  const res = await fetch(`${b.url}/v1/audio/jobs`, { method: 'POST', headers: json, body: JSON.stringify({ model: 'tts-1', voice, input: text, response_format: 'pcm' }) });
  assert.equal(res.status, 202);
  const { id } = await res.json();
  await waitUntil(async () => (await holders(id)).includes(nameOf(b)), 'B to take a piece', 30_000);
  const killedAt = Date.now();
  b.child.kill('SIGTERM');
  // Like an orchestrator with no grace period: what has not exited a second later is killed.
  const bExit = exitOf(b);
  await Promise.race([bExit, new Promise((r) => setTimeout(r, 1000))]);
  const exitedMs = Date.now() - killedAt;
  await b.kill('SIGKILL');
  let handedMs = 0;
  await waitUntil(async () => {
    const h = await holders(id);
    if (!handedMs && !h.includes(nameOf(b))) handedMs = Date.now() - killedAt;
    return (await (await fetch(`${a.url}/v1/audio/jobs/${id}`)).json()).status === 'completed';
  }, 'the job to complete on A', 60_000).catch(async (err) => {
    throw new Error(`${err.message}: ${JSON.stringify(await queue.getJobCounts())} ${JSON.stringify(await holders(id))} B=${nameOf(b)} B exited after ${exitedMs} ms (${b.child.exitCode} ${b.child.signalCode}) ${b.stderr().split('\n').filter((l) => !l.includes('request completed') && !l.includes('incoming request')).join('\n').slice(-3000)} ${await (await fetch(`${a.url}/v1/audio/jobs/${id}`)).text()}`);
  });
  const took = Date.now() - killedAt;
  assert.ok(took < LOCK_MS / 3, `job finished ${took} ms after SIGTERM`);
  const got = Buffer.from(await (await fetch(`${a.url}/v1/audio/jobs/${id}/content`)).arrayBuffer());
  assert.ok(got.equals(await reference(pieces, voice)), 'audio differs from a single-process run');
  console.log(`# no grace: B exited in ${exitedMs} ms, its piece left it ${handedMs} ms after SIGTERM, job done ${took} ms after`);
  await a.kill('SIGKILL');
});
