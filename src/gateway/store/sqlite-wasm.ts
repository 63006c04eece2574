// Kysely's SQLite dialect over node-sqlite3-wasm: SQLite compiled to WebAssembly, writing a real
// file through node:fs. Chosen over better-sqlite3 because it installs with plain `npm ci` and no
// toolchain: better-sqlite3 downloads a prebuilt binary from GitHub at install, and without it
// builds with node-gyp, which needs node's headers (downloaded too, unless npm's nodedir is set).
import { SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { createRequire } from 'node:module';
import type { Database as WasmDatabase } from 'node-sqlite3-wasm';

// A CommonJS module whose exports Node's ESM loader cannot name.
const { Database } = createRequire(import.meta.url)('node-sqlite3-wasm') as { Database: typeof WasmDatabase };

type Param = string | number | bigint | Uint8Array | null;
const toParam = (v: unknown): Param => (typeof v === 'boolean' ? (v ? 1 : 0) : (v as Param));

/** Statements that hand back rows; the rest report changes. */
const READER = /^\s*(select|with|pragma|values)\b|\breturning\b/i;

export function sqliteWasmDialect(path: string): SqliteDialect {
  const database: SqliteDatabase = {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      return {
        reader: READER.test(sql),
        all: (params: readonly unknown[]) => db.all(sql, params.map(toParam)) as unknown[],
        run(params: readonly unknown[]) {
          const info = db.run(sql, params.map(toParam));
          return { changes: info.changes, lastInsertRowid: info.lastInsertRowid };
        },
        *iterate(params: readonly unknown[]) { yield* db.all(sql, params.map(toParam)) as unknown[]; },
      } as SqliteStatement;
    },
  };
  const db = new Database(path);
  // Another process on the same file (a CLI, a second replica) may hold the lock for a moment.
  db.exec('PRAGMA busy_timeout = 5000');
  return new SqliteDialect({ database });
}
