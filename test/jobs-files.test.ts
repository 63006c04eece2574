// A finished job's files (issue 15): encoded once and stored, served with HTTP ranges, one file
// per chapter (and a zip of them), and, in shared mode, served by a replica that did not make them
// (from the copy in Redis or a shared folder), or refused with a clear 503 when neither holds it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { encodes, GAP_SAMPLES, renderPiece } from '../src/jobs/assemble.js';
import { encoderThreads } from '../src/encoders/thread.js';
import { crc32, zipSize, zipStream } from '../src/jobs/zip.js';
import { bookPieces, parseRange } from '../src/routes/jobs.js';
import { localJobs } from '../src/jobs/local.js';
import { dirResults } from '../src/jobs/results-dir.js';
import type { JobSpec } from '../src/jobs/types.js';
import type { Services } from '../src/speech.js';
import { longText, probe, startServer, type TestServer } from './helpers.js';
import { startRedis, startReplica, type RedisServer, type Replica } from './servers.js';

const run = promisify(execFile);
const voice = { model: 'tts-1', voice: 'alloy', speed: 1 };
/** Two chapters: the first of two pieces, the second of one (its heading would fit the first's last piece). */
const twoChapters = () => `# The Harbour\n\n${longText(3500)}\n\n${longText(3000).toUpperCase()}\n\n# The Storm\n\n${longText(2000).split('. ').reverse().join('. ')}`;
/** Three short chapters. */
const threeChapters = () => ['One', 'Two', 'Three'].map((n, i) => `Chapter ${n}\n\n${longText(600 + i * 200)}`).join('\n\n');

/** PCM of the pieces spoken one by one, joined by the jobs' gaps. */
async function expectedPcm(t: TestServer, pieces: string[]) {
  const out: Buffer[] = [];
  for (const [i, text] of pieces.entries()) {
    if (i) out.push(Buffer.alloc(GAP_SAMPLES * 2));
    const pcm = await renderPiece(t.server.services, voice, text);
    out.push(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
  }
  return Buffer.concat(out);
}

const post = (url: string, headers: Record<string, string>, input: string, format: string) =>
  fetch(`${url}/v1/audio/jobs`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ ...voice, input, response_format: format }) });
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());
async function waitFor(url: string, headers: Record<string, string> = {}) {
  for (;;) {
    const body = await (await fetch(url, { headers })).json();
    if (body.status !== 'queued' && body.status !== 'running') return body;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('pieces of the zip and range code', () => {
  test('CRC-32 is zip\'s; sizes over 4 GiB are refused; ranges parse as RFC 9110 says', async () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32(Buffer.from('6789'), crc32(Buffer.from('12345'))), 0xcbf43926);
    const big = [{ name: 'a', size: 3 * 2 ** 30, crc: 0, data: async function* () {} }, { name: 'b', size: 2 * 2 ** 30, crc: 0, data: async function* () {} }];
    assert.equal(zipSize(big), undefined);
    await assert.rejects(async () => { for await (const _ of zipStream(big)) break; }, /too large/);
    assert.equal(zipSize([{ name: 'a', size: 10, crc: 0, data: async function* () {} }]), 30 + 1 + 10 + 46 + 1 + 22);
    assert.deepEqual(parseRange('bytes=0-99', 1000), { start: 0, end: 99 });
    assert.deepEqual(parseRange('bytes=-100', 1000), { start: 900, end: 999 });
    assert.deepEqual(parseRange('bytes=990-', 1000), { start: 990, end: 999 });
    assert.deepEqual(parseRange('bytes=990-5000', 1000), { start: 990, end: 999 });
    assert.equal(parseRange('bytes=1000-', 1000), 'unsatisfiable');
    assert.equal(parseRange('bytes=-0', 1000), 'unsatisfiable');
    assert.equal(parseRange('bytes=0-1,5-6', 1000), undefined);
    assert.equal(parseRange(undefined, 1000), undefined);
  });

  test('pieces never cross a chapter heading', () => {
    const { pieces, chapters } = bookPieces(twoChapters());
    assert.deepEqual(chapters.map((c) => [c.title, c.pieces]), [['The Harbour', 2], ['The Storm', 1]]);
    assert.ok(pieces[2].startsWith('The Storm.'), pieces[2].slice(0, 40));
    assert.ok(!pieces[1].includes('The Storm'));
  });

  test('a job cancelled before its folder exists stays cancelled, and leaves no folder', async () => {
    // create() starts the job, which first makes its folder (a round trip through libuv's pool);
    // a DELETE in that window used to be overwritten by the job turning `running` right after.
    const dir = await mkdtemp(join(tmpdir(), 'mynah-cancel-'));
    const results = dirResults({ dir: join(dir, 'results'), shared: false, ttlMs: 60_000 });
    // Nothing is synthesized: a cancelled job never asks for speech.
    const jobs = localJobs({} as Services, { dir, ttlMs: 60_000, concurrency: 1, timeoutMs: 10_000, results, encoder: { ffmpeg: 'ffmpeg' } });
    try {
      const record = await jobs.create({ model: 'tts-1', voice: 'alloy', response_format: 'pcm', pieces: ['One.', 'Two.'], owner: 'test', chapters: [] } as unknown as JobSpec);
      assert.equal(await jobs.cancel(record.id), true);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal((await jobs.get(record.id))?.state, 'cancelled');
      assert.ok(!(await readdir(dir)).includes(record.id), 'the job\'s folder is gone');
    } finally {
      await jobs.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('stored job files in one process', () => {
  let t: TestServer;
  let dir: string;
  const alice = { authorization: 'Bearer sk-alice' };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mynah-jobfiles-'));
    t = await startServer({ jobsDir: join(dir, 'jobs'), apiKeys: ['sk-alice', 'sk-bob'] }, 'sk-alice');
  });
  after(async () => { await t.close(); await rm(dir, { recursive: true, force: true }); });

  test('pcm: the stored file is the pieces in order, chapter files too; downloads encode nothing; ranges; pieces removed', async () => {
    const text = twoChapters();
    const { pieces } = bookPieces(text);
    const encodesBefore = encodes.started;
    const threadsBefore = encoderThreads.created;
    const res = await post(t.url, alice, text, 'pcm');
    assert.equal(res.status, 202);
    const { id } = await res.json();
    const done = await waitFor(`${t.url}/v1/audio/jobs/${id}`, alice);
    assert.equal(done.status, 'completed');
    // Encoded at completion: the whole book and its two chapters, three files, once.
    assert.equal(encodes.started - encodesBefore, 3);
    assert.equal(encoderThreads.created - threadsBefore, 3, 'each file encoded in a thread of its own');
    assert.ok(!(await readdir(join(dir, 'jobs'))).includes(id), 'the pieces folder is gone');
    assert.deepEqual((await readdir(join(dir, 'jobs', 'results', id))).sort(), ['book', 'chapter-1', 'chapter-2']);

    const first = await fetch(`${t.url}/v1/audio/jobs/${id}/content`, { headers: alice });
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('accept-ranges'), 'bytes');
    const whole = await bytes(first);
    const again = await bytes(await fetch(`${t.url}/v1/audio/jobs/${id}/content`, { headers: alice }));
    assert.equal(encodes.started - encodesBefore, 3, 'a download encoded nothing');
    assert.ok(whole.equals(again));
    assert.equal(first.headers.get('content-length'), String(whole.length));
    const expected = await expectedPcm(t, pieces);
    assert.equal(whole.length, expected.length);
    assert.ok(whole.equals(expected), 'the stored file is not the pieces in order');

    // Chapters: listed, and each file is its own pieces in order.
    const list = await (await fetch(`${t.url}/v1/audio/jobs/${id}/chapters`, { headers: alice })).json();
    assert.deepEqual(list.data.map((c: { index: number; title: string }) => [c.index, c.title]), [[1, 'The Harbour'], [2, 'The Storm']]);
    const chapter = async (n: number) => {
      const res = await fetch(`${t.url}/v1/audio/jobs/${id}/chapters/${n}/content`, { headers: alice });
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal(res.headers.get('content-type'), 'audio/pcm');
      return bytes(res);
    };
    const [one, two] = [await chapter(1), await chapter(2)];
    assert.ok(one.equals(await expectedPcm(t, pieces.slice(0, 2))));
    assert.ok(two.equals(await expectedPcm(t, pieces.slice(2))));
    assert.equal(list.data[1].bytes, two.length);
    assert.equal(list.data[1].audio_seconds, +(two.length / 2 / 24000).toFixed(3));
    assert.equal(one.length + GAP_SAMPLES * 2 + two.length, whole.length);
    assert.equal((await fetch(`${t.url}/v1/audio/jobs/${id}/chapters/3/content`, { headers: alice })).status, 404);
    assert.equal((await fetch(`${t.url}/v1/audio/jobs/${id}/chapters/0/content`, { headers: alice })).status, 400);

    // Ranges: first bytes, a suffix, open-ended, unsatisfiable.
    const range = (r: string, path = 'content') => fetch(`${t.url}/v1/audio/jobs/${id}/${path}`, { headers: { ...alice, range: r } });
    const head = await range('bytes=0-99');
    assert.equal(head.status, 206);
    assert.equal(head.headers.get('content-range'), `bytes 0-99/${whole.length}`);
    assert.ok((await bytes(head)).equals(whole.subarray(0, 100)));
    const tail = await range('bytes=-1000');
    assert.equal(tail.status, 206);
    assert.equal(tail.headers.get('content-range'), `bytes ${whole.length - 1000}-${whole.length - 1}/${whole.length}`);
    assert.ok((await bytes(tail)).equals(whole.subarray(whole.length - 1000)));
    const open = await range(`bytes=${whole.length - 4321}-`);
    assert.equal(open.status, 206);
    assert.ok((await bytes(open)).equals(whole.subarray(whole.length - 4321)));
    const mid = await range('bytes=10-19', 'chapters/2/content');
    assert.equal(mid.status, 206);
    assert.ok((await bytes(mid)).equals(two.subarray(10, 20)));
    const bad = await range(`bytes=${whole.length}-`);
    assert.equal(bad.status, 416);
    assert.equal(bad.headers.get('content-range'), `bytes */${whole.length}`);
    assert.equal((await bad.json()).error.code, 'range_not_satisfiable');
    assert.equal(encodes.started - encodesBefore, 3, 'ranges encoded nothing');

    // Another key sees none of it.
    const bob = { authorization: 'Bearer sk-bob' };
    for (const path of ['content', 'chapters', 'chapters/1/content', 'content?split=chapters']) {
      assert.equal((await fetch(`${t.url}/v1/audio/jobs/${id}/${path}`, { headers: bob })).status, 404, path);
    }
  });

  test('mp3: the chapter zip passes unzip -t, its chapters joined are the whole book\'s length; mynah say --server --chapters', async () => {
    const text = threeChapters();
    const { id } = await (await post(t.url, alice, text, 'mp3')).json();
    const early = await fetch(`${t.url}/v1/audio/jobs/${id}/chapters`, { headers: alice });
    if (early.status !== 200) assert.equal((await early.json()).error.code, 'job_not_completed');
    const done = await waitFor(`${t.url}/v1/audio/jobs/${id}`, alice);
    assert.equal(done.status, 'completed');
    const whole = await bytes(await fetch(`${t.url}/v1/audio/jobs/${id}/content`, { headers: alice }));
    const wholeSeconds = (await probe(whole, 'mp3')).duration;
    assert.ok(Math.abs(wholeSeconds - done.progress.audio_seconds) < 0.2, `${wholeSeconds} vs ${done.progress.audio_seconds}`);

    const zipRes = await fetch(`${t.url}/v1/audio/jobs/${id}/content?split=chapters`, { headers: alice });
    assert.equal(zipRes.status, 200);
    assert.equal(zipRes.headers.get('content-type'), 'application/zip');
    const zip = await bytes(zipRes);
    assert.equal(zipRes.headers.get('content-length'), String(zip.length));
    const work = await mkdtemp(join(dir, 'zip-'));
    await writeFile(join(work, 'c.zip'), zip);
    const tested = await run('unzip', ['-t', join(work, 'c.zip')]);
    assert.match(tested.stdout, /No errors detected/);
    await run('unzip', ['-q', join(work, 'c.zip'), '-d', join(work, 'out')]);
    const files = (await readdir(join(work, 'out'))).sort();
    assert.deepEqual(files.map((f) => f.replace(id, 'ID')), ['ID-01-Chapter-One.mp3', 'ID-02-Chapter-Two.mp3', 'ID-03-Chapter-Three.mp3']);
    // Each zipped chapter is the chapter file served on its own.
    for (const [i, f] of files.entries()) {
      const alone = await bytes(await fetch(`${t.url}/v1/audio/jobs/${id}/chapters/${i + 1}/content`, { headers: alice }));
      assert.ok(alone.equals(await readFile(join(work, 'out', f))), f);
    }
    // The chapters decoded and joined (ffmpeg's concat) are the whole book, less the two gaps between chapters.
    await writeFile(join(work, 'list.txt'), files.map((f) => `file '${join(work, 'out', f)}'`).join('\n'));
    const joined = await run('ffmpeg', ['-v', 'error', '-f', 'concat', '-safe', '0', '-i', join(work, 'list.txt'), '-f', 's16le', '-ac', '1', '-ar', '24000', '-'], { encoding: 'buffer', maxBuffer: 1 << 28 });
    const joinedSeconds = joined.stdout.length / 2 / 24000;
    const gaps = (2 * GAP_SAMPLES) / 24000;
    assert.ok(Math.abs(joinedSeconds + gaps - wholeSeconds) < 0.15, `chapters ${joinedSeconds} s + gaps ${gaps} s vs whole ${wholeSeconds} s`);

    // The CLI downloads the same chapter files.
    const input = join(work, 'book.txt');
    await writeFile(input, text);
    const cli = fileURLToPath(new URL('../src/cli.js', import.meta.url));
    const child = spawn(process.execPath, [cli, 'say', '--server', `${t.url}/v1`, '--chapters', '-i', input, '-o', join(work, 'book.mp3')], { env: { ...process.env, MYNAH_API_KEY: 'sk-alice' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((r) => child.on('close', r));
    assert.equal(code, 0, stderr);
    assert.match(stderr, /wrote book-01\.mp3 \.\. book-03\.mp3 \(3 chapters\)/);
    for (const n of [1, 2, 3]) {
      const got = await readFile(join(work, `book-0${n}.mp3`));
      assert.equal((await probe(got, 'mp3')).codec, 'mp3');
      assert.ok(Math.abs((await probe(got, 'mp3')).duration - (await probe(await readFile(join(work, 'out', files[n - 1])), 'mp3')).duration) < 0.2);
    }
  });
});

describe('stored job files across replicas', () => {
  const text = () => `${longText(1200)}\n\n${longText(900).toUpperCase()}`;
  let redis: RedisServer;
  let dir: string;
  before(async () => {
    redis = await startRedis();
    dir = await mkdtemp(join(tmpdir(), 'mynah-jobfiles-shared-'));
  });
  after(async () => { await redis?.close(); await rm(dir, { recursive: true, force: true }); });

  test('a file made on one replica is served by the other from the copy in Redis; pieces are removed', async () => {
    const a = await startServer({ redisUrl: redis.url, workers: 1, jobsResultsDir: join(dir, 'a') });
    let b: Replica | undefined;
    const r = new Redis(redis.url);
    try {
      b = await startReplica({ MYNAH_REDIS_URL: redis.url, MYNAH_JOBS_RESULTS_DIR: join(dir, 'b') });
      const { id } = await (await post(a.url, {}, text(), 'pcm')).json();
      const done = await waitFor(`${a.url}/v1/audio/jobs/${id}`);
      assert.equal(done.status, 'completed');
      assert.deepEqual(await r.keys(`mynah:job:${id}:pcm:*`), [], 'pieces removed from Redis');
      assert.ok(await r.exists(`mynah:job:result:${id}:book`), 'a copy in Redis');
      const [fromA, fromB] = [await fetch(`${a.url}/v1/audio/jobs/${id}/content`), await fetch(`${b.url}/v1/audio/jobs/${id}/content`)];
      assert.equal(fromA.status, 200);
      assert.equal(fromB.status, 200);
      const [x, y] = [await bytes(fromA), await bytes(fromB)];
      assert.ok(x.equals(y));
      assert.ok(x.equals(await expectedPcm(a, bookPieces(text()).pieces)));
      // Exactly one replica's folder holds it: the other served the Redis copy (with ranges).
      const held = [await readdir(join(dir, 'a')).catch(() => []), await readdir(join(dir, 'b')).catch(() => [])].map((l) => l.includes(id));
      assert.equal(held.filter(Boolean).length, 1, JSON.stringify(held));
      const other = held[0] ? b.url : a.url;
      const part = await fetch(`${other}/v1/audio/jobs/${id}/content`, { headers: { range: 'bytes=-300' } });
      assert.equal(part.status, 206);
      assert.ok((await bytes(part)).equals(x.subarray(x.length - 300)));
    } finally {
      r.disconnect();
      await b?.kill();
      await a.close();
    }
  });

  test('over MYNAH_JOBS_REDIS_FILE_MB: the replica that did not make it answers 503; a shared folder serves it everywhere', async () => {
    const r = new Redis(redis.url);
    await r.flushall();
    r.disconnect();
    for (const shared of [false, true]) {
      const dirs = shared ? [join(dir, 'shared'), join(dir, 'shared')] : [join(dir, 'c'), join(dir, 'd')];
      const servers = [
        // With a shared folder no copy goes to Redis, however small (the cap is left at 64 MB).
        await startServer({ redisUrl: redis.url, workers: 1, jobsRedisFileMb: shared ? 64 : 0, jobsResultsDir: dirs[0], jobsResultsShared: shared }),
        await startServer({ redisUrl: redis.url, workers: 1, jobsRedisFileMb: shared ? 64 : 0, jobsResultsDir: dirs[1], jobsResultsShared: shared }),
      ];
      try {
        const { id } = await (await post(servers[0].url, {}, text(), 'wav')).json();
        assert.equal((await waitFor(`${servers[0].url}/v1/audio/jobs/${id}`)).status, 'completed');
        const answers = await Promise.all(servers.map(async (s) => {
          const res = await fetch(`${s.url}/v1/audio/jobs/${id}/content`);
          return { status: res.status, body: await bytes(res) };
        }));
        if (shared) {
          const r2 = new Redis(redis.url);
          const copied = await r2.exists(`mynah:job:result:${id}:book`).finally(() => r2.disconnect());
          assert.equal(copied, 0, 'no copy in Redis');
          assert.deepEqual(answers.map((x) => x.status), [200, 200]);
          assert.ok(answers[0].body.equals(answers[1].body));
          assert.equal((await probe(answers[0].body, 'wav')).codec, 'pcm_s16le');
        } else {
          assert.deepEqual(answers.map((x) => x.status).sort(), [200, 503]);
          const refused = JSON.parse(answers.find((x) => x.status === 503)!.body.toString());
          assert.equal(refused.error.code, 'job_result_not_on_this_replica');
          assert.match(refused.error.message, /MYNAH_JOBS_REDIS_FILE_MB/);
        }
      } finally {
        for (const s of servers) await s.close();
      }
    }
  });
});
