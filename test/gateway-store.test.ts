// The gateway's storage on both backends: the embedded SQLite file and a real PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type GatewayStore, type UsageRecord } from '../src/gateway/store/index.js';
import { startPostgres, type TestPostgres } from './postgres.js';

const rec = (over: Partial<UsageRecord>): UsageRecord => ({
  time: 0, keyId: 'alice', model: 'tts-1', target: 'up-a', attempts: 1, characters: 10,
  audioSeconds: 1.5, cost: 0.00015, ttfbMs: 12, outcome: 'ok', ...over,
});

function storeSuite(name: string, open: () => Promise<GatewayStore>) {
  describe(`gateway store on ${name}`, () => {
    let store: GatewayStore;
    before(async () => { store = await open(); });
    after(async () => { await store.close(); });

    test('keys: put, update, get, list, delete', async () => {
      await store.putKey({ id: 'k1', charsPerDay: 1000, charsPerMonth: null, moneyPerMonth: 2.5, allowedModels: ['tts-1'], localOnly: true });
      await store.putKey({ id: 'k1', charsPerDay: 2000, charsPerMonth: 50_000_000_000, moneyPerMonth: 2.5, allowedModels: ['tts-1', 'tts-1-hd'], localOnly: false });
      await store.putKey({ id: 'k2', charsPerDay: null, charsPerMonth: null, moneyPerMonth: null, allowedModels: null, localOnly: true });
      assert.deepEqual(await store.getKey('k1'), { id: 'k1', charsPerDay: 2000, charsPerMonth: 50_000_000_000, moneyPerMonth: 2.5, allowedModels: ['tts-1', 'tts-1-hd'], localOnly: false });
      assert.deepEqual((await store.listKeys()).map((k) => [k.id, k.localOnly]), [['k1', false], ['k2', true]]);
      assert.equal(await store.deleteKey('k2'), true);
      assert.equal(await store.deleteKey('k2'), false);
      assert.equal(await store.getKey('k2'), undefined);
    });

    test('usage: spent since a time counts served requests only, per key', async () => {
      const base = 1_700_000_000_000;
      await store.recordUsage(rec({ time: base, keyId: 'bob', characters: 100, cost: 0.5 }));
      await store.recordUsage(rec({ time: base + 10, keyId: 'bob', characters: 50, cost: 0.25, outcome: 'aborted' }));
      await store.recordUsage(rec({ time: base + 20, keyId: 'bob', characters: 999, cost: 9, outcome: 'rejected' }));
      await store.recordUsage(rec({ time: base - 1, keyId: 'bob', characters: 7, cost: 7 }));
      await store.recordUsage(rec({ time: base + 30, keyId: 'bob', characters: 500, cost: 5, outcome: 'failed' }));
      await store.recordUsage(rec({ time: base + 5, keyId: 'carol', characters: 3, cost: 3 }));
      assert.deepEqual(await store.spentSince('bob', base), { characters: 150, cost: 0.75 });
      assert.deepEqual(await store.spentSince('nobody', base), { characters: 0, cost: 0 });
    });

    test('usage: buckets grouped by model and key, totals exact', async () => {
      const start = 1_800_000_000; // seconds
      const t = (s: number) => (start + s) * 1000;
      await store.recordUsage(rec({ time: t(0), keyId: 'x', model: 'tts-1', characters: 10, audioSeconds: 1, cost: 1 }));
      await store.recordUsage(rec({ time: t(59), keyId: 'x', model: 'tts-1', characters: 20, audioSeconds: null, cost: 2 }));
      await store.recordUsage(rec({ time: t(60), keyId: 'y', model: 'tts-1-hd', characters: 5, audioSeconds: 0.5, cost: 0 }));
      await store.recordUsage(rec({ time: t(150), keyId: null, model: 'tts-1', characters: 1, cost: 0, outcome: 'rejected' }));
      await store.recordUsage(rec({ time: t(180), keyId: 'x', model: 'tts-1', characters: 4, cost: 0 })); // past the end
      const plain = await store.usage({ start, end: start + 180, bucketSeconds: 60, groupBy: [] });
      assert.deepEqual(plain.map((r) => [r.bucket, r.characters, r.requests, r.audioSeconds, r.cost]), [[0, 30, 2, 1, 3], [1, 5, 1, 0.5, 0]]);
      const grouped = await store.usage({ start, end: start + 180, bucketSeconds: 60, groupBy: ['model', 'api_key_id'] });
      assert.deepEqual(grouped.map((r) => [r.bucket, r.model, r.api_key_id, r.characters]), [[0, 'tts-1', 'x', 30], [1, 'tts-1-hd', 'y', 5]]);
    });

    test('migrations run once: reopening keeps the data', async () => {
      const again = await open();
      try {
        assert.ok((await again.listKeys()).some((k) => k.id === 'k1'));
      } finally {
        await again.close();
      }
    });
  });
}

let dir: string;
let pg: TestPostgres;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mynah-store-'));
  pg = await startPostgres();
});
after(async () => {
  await pg?.stop();
  await rm(dir, { recursive: true, force: true });
});

storeSuite('SQLite (embedded file)', () => openStore({ sqlitePath: join(dir, 'gateway.db') }));
storeSuite('PostgreSQL', () => openStore({ databaseUrl: pg.url, sqlitePath: '' }));

test('a database URL that is not postgres:// is refused', async () => {
  await assert.rejects(openStore({ databaseUrl: 'mysql://x', sqlitePath: ':memory:' }), /postgres:\/\//);
});
