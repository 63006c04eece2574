// Fairness between jobs in shared mode: pieces are prioritized by their place in their book, so
// a short job submitted after a 20-piece book is spoken after one or two of the book's pieces,
// not after all twenty (one replica, one synthesis worker, a real Debian redis-server).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { splitPieces } from '../src/cli/book.js';
import { longText, startServer, type TestServer } from './helpers.js';
import { startRedis, waitUntil, type RedisServer } from './servers.js';

const json = { 'content-type': 'application/json' };
let redis: RedisServer;
let t: TestServer;

before(async () => {
  redis = await startRedis();
  t = await startServer({ redisUrl: redis.url, workers: 1, rateLimitRequests: 0, rateLimitChars: 0 });
});
after(async () => {
  await t?.close();
  await redis?.close();
});

const submit = async (input: string) => {
  const res = await fetch(`${t.url}/v1/audio/jobs`, { method: 'POST', headers: json, body: JSON.stringify({ model: 'tts-1', voice: 'echo', input, response_format: 'pcm' }) });
  assert.equal(res.status, 202);
  return (await res.json()).id as string;
};
const view = async (id: string) => (await fetch(`${t.url}/v1/audio/jobs/${id}`)).json();

test('a short job submitted after a 20-piece book finishes after at most a few of its pieces', async () => {
  // Paragraphs of ~2,100 characters: no two fit in one 4,096-character piece.
  const book = Array.from({ length: 20 }, (_, i) => longText(2100 + i * 10)).join('\n\n');
  assert.equal(splitPieces(book).length, 20);
  const bookId = await submit(book);
  await waitUntil(async () => (await view(bookId)).status === 'running', 'the book to start');
  // The autoscaling signal counts the book's pieces still queued or being spoken (all replicas).
  const metrics = await (await fetch(`${t.url}/metrics`)).text();
  const pending = Number(/^mynah_job_pieces_pending (\d+)$/m.exec(metrics)?.[1]);
  assert.ok(pending >= 15 && pending <= 20, `mynah_job_pieces_pending ${pending}`);
  const shortId = await submit('A short note, please read it soon.');
  let shortView;
  await waitUntil(async () => {
    shortView = await view(shortId);
    return shortView.status === 'completed';
  }, 'the short job', 120_000);
  const bookView = await view(bookId);
  assert.equal(shortView!.status, 'completed');
  assert.ok(bookView.progress.pieces_done <= 3, `the short job waited for ${bookView.progress.pieces_done} of the book's 20 pieces`);
  console.log(`# fairness: the short job finished after ${bookView.progress.pieces_done} of the book's 20 pieces`);
  await fetch(`${t.url}/v1/audio/jobs/${bookId}`, { method: 'DELETE' });
});
