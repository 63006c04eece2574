// Keys, budgets, usage and the cache of the gateway: budgets refused before any upstream call,
// local-only keys, the usage and costs APIs equal to what was served, admin-only, the cache
// across targets. Real sockets, the official SDK for speech.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeOpenAI, type FakeUpstream } from './gateway-fakes.js';
import { bytesOf, startGateway, upstream, type TestGateway } from './gateway-helpers.js';
import { join } from 'node:path';
import { meterFor } from '../src/gateway/duration.js';
import { openStore } from '../src/gateway/store/index.js';
import { probe, startServer } from './helpers.js';
import { startPostgres } from './postgres.js';

const KEYS = [
  { key: 'sk-admin-0000', name: 'admin' },
  { key: 'sk-alice-1111', name: 'alice' },
  { key: 'sk-bob-2222', name: 'bob' },
  { key: 'sk-carol-3333', name: 'carol' },
  { key: 'sk-dave-4444', name: 'dave' },
];
const env = { MYNAH_ADMIN_KEYS: 'sk-admin-0000' };
const PRICE = 10; // USD per million characters

type Err = { status: number; error: { type: string; code: string; message: string } };

describe('keys and budgets', () => {
  let a: FakeUpstream, g: TestGateway;
  before(async () => {
    a = await fakeOpenAI();
    g = await startGateway({
      upstreams: [upstream('a', a.url, { pricePerMillionChars: PRICE })],
      routes: { 'tts-1': ['a', 'local:flite'] },
      keys: [
        { id: 'alice', charsPerDay: 50 },
        { id: 'bob', moneyPerMonth: 0.0003 },
        { id: 'carol', localOnly: true },
        { id: 'dave', allowedModels: ['tts-1-hd'] },
      ],
    }, { keys: KEYS, env });
  });
  after(async () => { await g.close(); await a.close(); });

  test('characters per day: the request that would pass the budget is refused before any upstream call', async () => {
    const alice = g.as('sk-alice-1111');
    const thirty = 'x'.repeat(29) + '語'; // 30 code points (32 UTF-8 bytes)
    await (await alice.audio.speech.create({ model: 'tts-1', input: thirty, voice: 'alloy' })).arrayBuffer();
    const seen = a.requests.length;
    await assert.rejects(alice.audio.speech.create({ model: 'tts-1', input: thirty, voice: 'alloy' }), (err: Err) => {
      assert.equal(err.status, 429);
      assert.equal(err.error.type, 'insufficient_quota');
      assert.equal(err.error.code, 'insufficient_quota');
      return true;
    });
    assert.equal(a.requests.length, seen);
    // Twenty fit in what is left.
    await (await alice.audio.speech.create({ model: 'tts-1', input: 'y'.repeat(20), voice: 'alloy' })).arrayBuffer();
  });

  test('money per month, at the upstream\'s price per million characters', async () => {
    const bob = g.as('sk-bob-2222');
    await (await bob.audio.speech.create({ model: 'tts-1', input: 'z'.repeat(20), voice: 'alloy' })).arrayBuffer(); // $0.0002
    const seen = a.requests.length;
    await assert.rejects(bob.audio.speech.create({ model: 'tts-1', input: 'z'.repeat(20), voice: 'alloy' }), (err: Err) => err.status === 429 && err.error.code === 'insufficient_quota');
    assert.equal(a.requests.length, seen);
  });

  test('a local-only key never reaches an upstream, even when the route lists one first', async () => {
    const seen = a.requests.length;
    const res = await g.as('sk-carol-3333').audio.speech.create({ model: 'tts-1', input: 'Private words stay here.', voice: 'alloy' });
    assert.equal(res.headers.get('x-mynah-target'), 'local:flite');
    const p = await probe(await bytesOf(res), 'mp3');
    assert.equal(p.codec, 'mp3');
    assert.ok(p.duration > 0.5);
    assert.equal(a.requests.length, seen);
  });

  test('a key limited to some models is refused the others', async () => {
    await assert.rejects(g.as('sk-dave-4444').audio.speech.create({ model: 'tts-1', input: 'hi', voice: 'alloy' }), (err: Err) => err.status === 403 && err.error.code === 'model_not_allowed');
  });

  test('keys are managed through the admin API', async () => {
    const put = await fetch(`${g.url}/v1/organization/gateway/keys/dave`, { method: 'PUT', headers: { authorization: 'Bearer sk-admin-0000', 'content-type': 'application/json' }, body: JSON.stringify({ allowedModels: ['tts-1'] }) });
    assert.equal(put.status, 200);
    await (await g.as('sk-dave-4444').audio.speech.create({ model: 'tts-1', input: 'hi', voice: 'alloy' })).arrayBuffer();
    const denied = await fetch(`${g.url}/v1/organization/gateway/keys/dave`, { method: 'PUT', headers: { authorization: 'Bearer sk-dave-4444', 'content-type': 'application/json' }, body: '{}' });
    assert.equal(denied.status, 403, 'a client key is known but has no admin right');
  });
});

describe('usage and costs APIs', () => {
  let a: FakeUpstream, g: TestGateway;
  const start = Math.floor(Date.now() / 1000) - 3 * 3600;
  before(async () => {
    a = await fakeOpenAI();
    g = await startGateway({ upstreams: [upstream('a', a.url, { pricePerMillionChars: PRICE })], routes: { 'tts-1': ['a'], 'tts-1-hd': ['local:flite'] } }, { keys: KEYS, env });
  });
  after(async () => { await g.close(); await a.close(); });

  const admin = (path: string, key = 'sk-admin-0000') => fetch(`${g.url}${path}`, { headers: { authorization: `Bearer ${key}` } });

  test('totals per model and key equal what was served; costs equal characters x price', async () => {
    const sent: Record<string, number> = {};
    const plan: [string, string, string][] = [
      ['sk-alice-1111', 'tts-1', 'Hello from Alice.'], ['sk-alice-1111', 'tts-1', '你好，世界'], ['sk-bob-2222', 'tts-1', 'Bob here.'],
      ['sk-bob-2222', 'tts-1-hd', 'Local words.'], ['sk-alice-1111', 'tts-1-hd', 'More local.'],
    ];
    for (const [key, model, input] of plan) {
      await (await g.as(key).audio.speech.create({ model, input, voice: 'alloy' })).arrayBuffer();
      const name = KEYS.find((k) => k.key === key)!.name;
      sent[`${model}/${name}`] = (sent[`${model}/${name}`] ?? 0) + [...input].length;
    }
    // A refused request is not usage.
    await assert.rejects(g.as('sk-alice-1111').audio.speech.create({ model: 'nope', input: 'x', voice: 'alloy' }));
    await new Promise((r) => setTimeout(r, 100)); // records are written as responses close

    const res = await admin(`/v1/organization/usage/audio_speeches?start_time=${start}&bucket_width=1d&group_by=model&group_by=api_key_id`);
    assert.equal(res.status, 200);
    const page = await res.json() as { object: string; data: { object: string; results: { object: string; model: string; api_key_id: string; characters: number; num_model_requests: number }[] }[]; has_more: boolean };
    assert.equal(page.object, 'page');
    const got: Record<string, number> = {};
    let requests = 0;
    for (const b of page.data) for (const r of b.results) {
      assert.equal(r.object, 'organization.usage.audio_speeches.result');
      got[`${r.model}/${r.api_key_id}`] = (got[`${r.model}/${r.api_key_id}`] ?? 0) + r.characters;
      requests += r.num_model_requests;
    }
    assert.deepEqual(got, sent);
    assert.equal(requests, plan.length);

    const costs = await (await admin(`/v1/organization/costs?start_time=${start}&group_by=line_item`)).json() as { data: { results: { amount: { value: number; currency: string }; line_item: string }[] }[] };
    const upstreamChars = Object.entries(sent).filter(([k]) => k.startsWith('tts-1/')).reduce((s, [, v]) => s + v, 0);
    const byItem: Record<string, number> = {};
    for (const b of costs.data) for (const r of b.results) byItem[r.line_item] = (byItem[r.line_item] ?? 0) + r.amount.value;
    assert.ok(Math.abs(byItem.a - (upstreamChars * PRICE) / 1e6) < 1e-9, JSON.stringify(byItem));
    assert.equal(byItem['local:flite'], 0);
  });

  test('hourly buckets page with a cursor', async () => {
    await (await g.as('sk-bob-2222').audio.speech.create({ model: 'tts-1', input: 'paging', voice: 'alloy' })).arrayBuffer();
    await new Promise((r) => setTimeout(r, 100));
    const end = Math.floor(Date.now() / 1000) + 1;
    const first = await (await admin(`/v1/organization/usage/audio_speeches?start_time=${start}&end_time=${end}&bucket_width=1h&limit=2`)).json() as { data: { start_time: number; results: { characters: number }[] }[]; has_more: boolean; next_page: string };
    assert.equal(first.data.length, 2);
    assert.equal(first.has_more, true);
    const second = await (await admin(`/v1/organization/usage/audio_speeches?start_time=${start}&end_time=${end}&bucket_width=1h&limit=2&page=${first.next_page}`)).json() as typeof first;
    assert.equal(second.data[0].start_time, start + 2 * 3600);
    assert.equal(second.has_more, false);
    const all = [...first.data, ...second.data].flatMap((b) => b.results).reduce((s, r) => s + r.characters, 0);
    const daily = await (await admin(`/v1/organization/usage/audio_speeches?start_time=${start}&end_time=${end}`)).json() as typeof first;
    assert.equal(all, daily.data.flatMap((b) => b.results).reduce((s, r) => s + r.characters, 0));
  });

  test('admin only, decided on the matched route: client keys and odd paths are refused', async () => {
    for (const path of ['/v1/organization/usage/audio_speeches', '/v1/organization/%75sage/audio_speeches', '/v1//organization/costs', '/v1/organization/costs/']) {
      const res = await admin(`${path}?start_time=${start}`, 'sk-alice-1111');
      assert.ok([403, 404].includes(res.status), `${path}: ${res.status}`);
      if (res.status === 404) continue;
      assert.equal(((await res.json()) as Err).error.code, 'insufficient_permissions');
    }
    assert.equal((await admin(`/v1/organization/%75sage/audio_speeches?start_time=${start}`)).status, 200);
    assert.equal((await admin('/v1/organization/usage/audio_speeches')).status, 400, 'start_time is required');
  });
});

test('result cache across targets: a repeated request costs nothing upstream and says so', async () => {
  const a = await fakeOpenAI();
  const g = await startGateway({ upstreams: [upstream('a', a.url)], routes: { 'tts-1': ['a'] }, cacheMb: 8 });
  try {
    const ask = (extra = {}) => g.client.audio.speech.create({ model: 'tts-1', input: 'Say it once.', voice: 'alloy', ...extra });
    const first = await ask();
    assert.equal(first.headers.get('x-mynah-cache'), 'miss');
    const bytes = await bytesOf(first);
    await new Promise((r) => setTimeout(r, 50));
    const second = await ask();
    assert.equal(second.headers.get('x-mynah-cache'), 'hit');
    assert.equal(second.headers.get('x-mynah-target'), 'a');
    assert.deepEqual(await bytesOf(second), bytes);
    assert.equal(a.requests.length, 1);
    const other = await ask({ speed: 1.25 });
    assert.equal(other.headers.get('x-mynah-cache'), 'miss', 'a different speed is a different result');
    assert.equal(a.requests.length, 2);
  } finally {
    await g.close(); await a.close();
  }
});

test('two replicas sharing one PostgreSQL database share budgets and usage', { timeout: 60_000 }, async () => {
  const pg = await startPostgres();
  const a = await fakeOpenAI();
  const section = { databaseUrl: pg.url, upstreams: [upstream('a', a.url, { pricePerMillionChars: PRICE })], routes: { 'tts-1': ['a'] }, keys: [{ id: 'alice', charsPerDay: 30 }] };
  const one = await startGateway(section, { keys: KEYS, env });
  const two = await startGateway(section, { keys: KEYS, env });
  try {
    await (await one.as('sk-alice-1111').audio.speech.create({ model: 'tts-1', input: 'x'.repeat(20), voice: 'alloy' })).arrayBuffer();
    await new Promise((r) => setTimeout(r, 200)); // the record is committed as the response closes
    const seen = a.requests.length;
    await assert.rejects(two.as('sk-alice-1111').audio.speech.create({ model: 'tts-1', input: 'x'.repeat(20), voice: 'alloy' }), (err: Err) => err.status === 429 && err.error.code === 'insufficient_quota');
    assert.equal(a.requests.length, seen, 'the other replica refused it before any upstream call');
    await (await two.as('sk-bob-2222').audio.speech.create({ model: 'tts-1', input: 'hello', voice: 'alloy' })).arrayBuffer();
    await new Promise((r) => setTimeout(r, 200));
    const start = Math.floor(Date.now() / 1000) - 60;
    const page = await (await fetch(`${one.url}/v1/organization/usage/audio_speeches?start_time=${start}&group_by=api_key_id`, { headers: { authorization: 'Bearer sk-admin-0000' } })).json() as { data: { results: { api_key_id: string; characters: number }[] }[] };
    const byKey = Object.fromEntries(page.data.flatMap((b) => b.results).map((r) => [r.api_key_id, r.characters]));
    assert.deepEqual(byKey, { alice: 20, bob: 5 });
  } finally {
    await one.close(); await two.close(); await a.close(); await pg.stop();
  }
});

test('a response larger than the cache keeps is served whole and not cached', async () => {
  const a = await fakeOpenAI();
  // 64 bytes of cache: one response may take 16; this one is 24.
  const g = await startGateway({ upstreams: [upstream('a', a.url)], routes: { 'tts-1': ['a'] }, cacheMb: 64 / (1024 * 1024) });
  try {
    const ask = () => g.client.audio.speech.create({ model: 'tts-1', input: 'Too big to keep.', voice: 'alloy' });
    assert.equal((await bytesOf(await ask())).toString(), 'chunk-1;chunk-2;chunk-3;');
    await new Promise((r) => setTimeout(r, 50));
    const again = await ask();
    assert.equal(again.headers.get('x-mynah-cache'), 'miss');
    assert.equal((await bytesOf(again)).toString(), 'chunk-1;chunk-2;chunk-3;');
    assert.equal(a.requests.length, 2);
  } finally {
    await g.close(); await a.close();
  }
});

test('usage records carry the audio seconds read from the relayed stream (mp3, wav, pcm)', { timeout: 60_000 }, async () => {
  const mynah = await startServer();
  const g = await startGateway({ upstreams: [upstream('mynah', mynah.url)], routes: { 'tts-1': ['mynah'] } });
  try {
    let decoded = 0;
    const start = Math.floor(Date.now() / 1000) - 10;
    for (const format of ['mp3', 'wav', 'pcm'] as const) {
      const res = await g.client.audio.speech.create({ model: 'tts-1', input: `The length of this ${format} clip is read as it passes.`, voice: 'alloy', response_format: format });
      const bytes = await bytesOf(res);
      decoded += (await probe(bytes, format === 'pcm' ? 'raw' : format, format === 'pcm')).duration;
      if (format === 'mp3') {
        // The same stream in 7-byte pieces gives the same length.
        const whole = meterFor('mp3')!;
        whole.push(bytes);
        const pieces = meterFor('mp3')!;
        for (let i = 0; i < bytes.length; i += 7) pieces.push(bytes.subarray(i, i + 7));
        assert.equal(pieces.seconds(), whole.seconds());
      }
    }
    await new Promise((r) => setTimeout(r, 200));
    const store = await openStore({ sqlitePath: join(g.dir, 'gateway.db') });
    try {
      const [row] = await store.usage({ start, end: start + 3600, bucketSeconds: 3600, groupBy: [] });
      assert.equal(row.requests, 3);
      assert.ok(Math.abs(row.audioSeconds - decoded) < 0.15, `recorded ${row.audioSeconds} s, decoded ${decoded} s`);
    } finally {
      await store.close();
    }
  } finally {
    await g.close(); await mynah.close();
  }
});
