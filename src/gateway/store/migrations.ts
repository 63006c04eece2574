// Schema migrations, in order; each runs once per database (Kysely records them in
// kysely_migration). The same definitions create the same tables on SQLite and PostgreSQL.
import { Migrator, type Kysely, type Migration } from 'kysely';

const migrations = (dialect: 'sqlite' | 'postgres'): Record<string, Migration> => ({
  '0001_usage_and_keys': {
    async up(db: Kysely<any>) {
      const real = dialect === 'postgres' ? 'double precision' : 'real';
      await db.schema.createTable('gateway_usage')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('time', 'bigint', (c) => c.notNull())
        .addColumn('key_id', 'text')
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('characters', 'integer', (c) => c.notNull())
        .addColumn('audio_seconds', real)
        .addColumn('cost', real, (c) => c.notNull())
        .addColumn('ttfb_ms', real)
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('cached', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('gateway_usage_time').on('gateway_usage').column('time').execute();
      await db.schema.createIndex('gateway_usage_key_time').on('gateway_usage').columns(['key_id', 'time']).execute();
      await db.schema.createTable('gateway_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('chars_per_day', 'bigint')
        .addColumn('chars_per_month', 'bigint')
        .addColumn('money_per_month', real)
        .addColumn('allowed_models', 'text')
        .addColumn('local_only', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('gateway_keys').execute();
      await db.schema.dropTable('gateway_usage').execute();
    },
  },
});

export async function migrate(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const all = migrations(dialect);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => all } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${(error as Error).message ?? error}`);
  }
}
