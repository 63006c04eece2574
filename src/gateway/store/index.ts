// Opens the gateway's database: PostgreSQL when MYNAH_DATABASE_URL is postgres://..., otherwise an
// embedded SQLite file. Both go through the same Kysely queries and migrations.
import { Kysely, PostgresDialect, sql, type Generated } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { migrate } from './migrations.js';
import { sqliteWasmDialect } from './sqlite-wasm.js';
import type { ClientKey, GatewayStore, Spent, UsageBucketRow, UsageQuery, UsageRecord } from './types.js';

interface Tables {
  gateway_usage: {
    id: Generated<number>; time: number; key_id: string | null; model: string; target: string | null; attempts: number;
    characters: number; audio_seconds: number | null; cost: number; ttfb_ms: number | null; outcome: string; cached: number;
  };
  gateway_keys: {
    id: string; chars_per_day: number | null; chars_per_month: number | null; money_per_month: number | null;
    allowed_models: string | null; local_only: number; updated_at: number;
  };
}

export interface StoreOptions {
  /** postgres://... to share one database between replicas. */
  databaseUrl?: string;
  /** The SQLite file used without a database URL (':memory:' for none). */
  sqlitePath: string;
}

export async function openStore(opts: StoreOptions): Promise<GatewayStore> {
  const postgres = !!opts.databaseUrl && /^postgres(ql)?:\/\//.test(opts.databaseUrl);
  if (opts.databaseUrl && !postgres) throw new Error('MYNAH_DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite file)');
  const dialect = postgres ? 'postgres' as const : 'sqlite' as const;
  if (!postgres && opts.sqlitePath !== ':memory:') mkdirSync(dirname(opts.sqlitePath), { recursive: true });
  const db = new Kysely<Tables>({
    dialect: postgres
      ? new PostgresDialect({ pool: new pg.Pool({ connectionString: opts.databaseUrl, max: 4 }) })
      : sqliteWasmDialect(opts.sqlitePath),
  });
  try {
    await migrate(db, dialect);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return kyselyStore(db, dialect);
}

const NOT_SERVED = ['rejected', 'failed'];

// pg hands bigint and numeric sums back as strings; SQLite as numbers.
const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const nOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function toKey(row: Tables['gateway_keys']): ClientKey {
  return {
    id: row.id,
    charsPerDay: nOrNull(row.chars_per_day),
    charsPerMonth: nOrNull(row.chars_per_month),
    moneyPerMonth: nOrNull(row.money_per_month),
    allowedModels: row.allowed_models ? JSON.parse(row.allowed_models) as string[] : null,
    localOnly: !!Number(row.local_only),
  };
}

function kyselyStore(db: Kysely<Tables>, dialect: 'sqlite' | 'postgres'): GatewayStore {
  // Usage records are written in batches: whatever arrived while the previous insert was under way
  // goes in one statement (one commit), so a busy server does not queue one fsync per request.
  // Records not yet committed still count for budgets.
  let pending: UsageRecord[] = [];
  let writing: UsageRecord[] = [];
  let flushing: Promise<void> | undefined;
  const flush = (): Promise<void> => {
    flushing ??= (async () => {
      try {
        while (pending.length > 0) {
          // 11 parameters a row stays well under SQLite's limit of 32,766.
          writing = pending.splice(0, 500);
          await db.insertInto('gateway_usage').values(writing.map((r) => ({
            time: r.time, key_id: r.keyId, model: r.model, target: r.target, attempts: r.attempts, characters: r.characters,
            audio_seconds: r.audioSeconds, cost: r.cost, ttfb_ms: r.ttfbMs, outcome: r.outcome, cached: r.cached ? 1 : 0,
          }))).execute();
          writing = [];
        }
      } finally {
        // A failed batch is put back for the next attempt.
        pending = [...writing, ...pending];
        writing = [];
        flushing = undefined;
      }
    })();
    return flushing;
  };
  const unwritten = (keyId: string, sinceMs: number): Spent => {
    const spent = { characters: 0, cost: 0 };
    for (const r of [...writing, ...pending]) {
      if (r.keyId !== keyId || r.time < sinceMs || NOT_SERVED.includes(r.outcome)) continue;
      spent.characters += r.characters;
      spent.cost += r.cost;
    }
    return spent;
  };

  return {
    dialect,
    async recordUsage(r: UsageRecord) {
      pending.push(r);
      // Callers that await get their record committed; a batch under way is waited for first.
      while (pending.includes(r) || writing.includes(r)) await flush();
    },
    async spentSince(keyId: string, sinceMs: number): Promise<Spent> {
      const extra = unwritten(keyId, sinceMs);
      const row = await db.selectFrom('gateway_usage')
        .select((eb) => [eb.fn.sum<number>('characters').as('characters'), eb.fn.sum<number>('cost').as('cost')])
        .where('key_id', '=', keyId).where('time', '>=', sinceMs).where('outcome', 'not in', NOT_SERVED)
        .executeTakeFirst();
      return { characters: n(row?.characters) + extra.characters, cost: n(row?.cost) + extra.cost };
    },
    async usage(q: UsageQuery): Promise<UsageBucketRow[]> {
      if (pending.length > 0 || flushing) await flush();
      const startMs = Math.floor(q.start) * 1000;
      const widthMs = Math.floor(q.bucketSeconds) * 1000;
      // Literals (validated integers), not parameters: PostgreSQL must see the same expression
      // in SELECT and GROUP BY.
      const bucket = sql<number>`(${sql.ref('time')} - ${sql.lit(startMs)}) / ${sql.lit(widthMs)}`;
      let query = db.selectFrom('gateway_usage')
        .select((eb) => [
          bucket.as('bucket'),
          eb.fn.sum<number>('characters').as('characters'),
          eb.fn.countAll<number>().as('requests'),
          eb.fn.sum<number>('audio_seconds').as('audio_seconds'),
          eb.fn.sum<number>('cost').as('cost'),
        ])
        .where('time', '>=', startMs).where('time', '<', Math.floor(q.end) * 1000)
        .where('outcome', 'not in', NOT_SERVED)
        .groupBy(bucket);
      const columns = { model: 'model', api_key_id: 'key_id', target: 'target' } as const;
      for (const g of q.groupBy) query = query.select(sql.ref(columns[g]).as(g) as never).groupBy(columns[g]);
      const rows = await query.orderBy(bucket).execute() as Record<string, unknown>[];
      return rows.map((r) => {
        const out: UsageBucketRow = { bucket: n(r.bucket), characters: n(r.characters), requests: n(r.requests), audioSeconds: n(r.audio_seconds), cost: n(r.cost) };
        for (const g of q.groupBy) (out as unknown as Record<string, unknown>)[g] = r[g] ?? null;
        return out;
      });
    },
    async getKey(id: string) {
      const row = await db.selectFrom('gateway_keys').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toKey(row) : undefined;
    },
    async putKey(k: ClientKey) {
      const values = {
        id: k.id, chars_per_day: k.charsPerDay, chars_per_month: k.charsPerMonth, money_per_month: k.moneyPerMonth,
        allowed_models: k.allowedModels ? JSON.stringify(k.allowedModels) : null, local_only: k.localOnly ? 1 : 0, updated_at: Date.now(),
      };
      const { id, ...rest } = values;
      await db.insertInto('gateway_keys').values(values).onConflict((oc) => oc.column('id').doUpdateSet(rest)).execute();
    },
    async deleteKey(id: string) {
      const res = await db.deleteFrom('gateway_keys').where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
    async listKeys() {
      return (await db.selectFrom('gateway_keys').selectAll().orderBy('id').execute()).map(toKey);
    },
    async close() {
      if (pending.length > 0 || flushing) await flush().catch(() => {});
      await db.destroy();
    },
  };
}

export type * from './types.js';
