// The result cache: off by default; when on, a repeat request returns the identical bytes without
// running synthesis again; anything that changes the audio misses; the byte bound holds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AudioCache } from '../src/synth/cache.js';
import type { SpeakJob } from '../src/synth/job.js';
import { longText, startServer, type TestServer } from './helpers.js';

const speak = async (t: TestServer, body: object) => {
  const res = await fetch(`${t.url}/v1/audio/speech`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input: 'Repeated phrases come back instantly.', response_format: 'mp3', ...body }),
  });
  assert.equal(res.status, 200);
  return Buffer.from(await res.arrayBuffer());
};

describe('cache on (MYNAH_CACHE_MB=8)', () => {
  let t: TestServer;
  before(async () => { t = await startServer({ cacheMb: 8 }); });
  after(async () => { await t.close(); });

  test('a repeat returns identical bytes and skips synthesis', async () => {
    const pool = t.server.services.pool;
    const first = await speak(t, {});
    const ran = pool.jobsRun;
    const second = await speak(t, {});
    assert.ok(second.equals(first), 'cached bytes differ');
    assert.equal(pool.jobsRun, ran, 'synthesis ran again');
    assert.equal(pool.cache.stats().hits, 1);
  });

  test('a long, split job is cached whole', async () => {
    const pool = t.server.services.pool;
    const first = await speak(t, { input: longText(1500), response_format: 'flac' });
    const ran = pool.jobsRun;
    assert.ok((await speak(t, { input: longText(1500), response_format: 'flac' })).equals(first));
    assert.equal(pool.jobsRun, ran);
  });

  test('voice, speed, format, model and input each change the key', async () => {
    const pool = t.server.services.pool;
    await speak(t, {});
    const ran = pool.jobsRun;
    for (const change of [{ voice: 'echo' }, { speed: 1.5 }, { response_format: 'wav' }, { model: 'espeak', voice: 'en-us' }, { input: 'Something else.' }]) {
      await speak(t, change);
    }
    assert.equal(pool.jobsRun, ran + 5);
  });

  test('SSE replays the same audio from the cache', async () => {
    const res = await fetch(`${t.url}/v1/audio/speech`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'Repeated phrases come back instantly.', response_format: 'mp3', stream_format: 'sse' }),
    });
    const text = await res.text();
    const audio = Buffer.concat(text.split('\r\n\r\n').filter((e) => e.includes('speech.audio.delta'))
      .map((e) => Buffer.from(JSON.parse(e.slice(6)).audio, 'base64')));
    assert.ok(audio.equals(await speak(t, { model: 'gpt-4o-mini-tts' })));
    assert.match(text, /"output_tokens":[1-9]/, 'usage comes from the cached stats');
  });
});

describe('cache off by default', () => {
  let t: TestServer;
  before(async () => { t = await startServer(); });
  after(async () => { await t.close(); });

  test('every request synthesizes', async () => {
    const pool = t.server.services.pool;
    await speak(t, {});
    const ran = pool.jobsRun;
    await speak(t, {});
    assert.equal(pool.jobsRun, ran + 1);
    assert.equal(pool.cache.stats().entries, 0);
  });
});

describe('AudioCache', () => {
  const job = (input: string): SpeakJob => ({ engine: 'flite', voice: 'slt', language: 'en', chunks: [input], speed: 1, format: 'mp3', maxSamples: 24000 * 60 });

  test('stays within its byte bound, evicting the least recently used', () => {
    const cache = new AudioCache(3000);
    const k = (s: string) => AudioCache.key(job(s));
    cache.put(k('a'), [new Uint8Array(1000)], { samples: 1, synthMs: 0 });
    cache.put(k('b'), [new Uint8Array(1000)], { samples: 1, synthMs: 0 });
    assert.ok(cache.lookup(k('a')));
    cache.put(k('c'), [new Uint8Array(1000)], { samples: 1, synthMs: 0 });
    assert.ok(cache.stats().usedBytes <= 3000);
    assert.equal(cache.lookup(k('b')), undefined, 'b was least recently used');
    assert.ok(cache.lookup(k('a')) && cache.lookup(k('c')));
    cache.put(k('huge'), [new Uint8Array(5000)], { samples: 1, synthMs: 0 });
    assert.equal(cache.lookup(k('huge')), undefined, 'larger than the whole cache');
  });

  test('is off at 0 bytes', () => {
    const cache = new AudioCache(0);
    cache.put('x', [new Uint8Array(1)], { samples: 1, synthMs: 0 });
    assert.equal(cache.lookup('x'), undefined);
  });
});
