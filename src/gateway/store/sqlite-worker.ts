// The SQLite database's own thread: node-sqlite3-wasm is synchronous and each statement touches the
// file (a commit waits for fsync), so it runs here, never on the event loop that streams audio.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { Database as WasmDatabase } from 'node-sqlite3-wasm';

// A CommonJS module whose exports Node's ESM loader cannot name.
const { Database } = createRequire(import.meta.url)('node-sqlite3-wasm') as { Database: typeof WasmDatabase };

type Param = string | number | bigint | Uint8Array | null;
export interface SqlMessage { id: number; sql: string; params: unknown[]; reader: boolean }

const db = new Database((workerData as { path: string }).path);
// Another process on the same file (a CLI, a second replica) may hold the lock for a moment; a
// truncated journal with NORMAL sync halves the cost of a commit against the default.
db.exec('PRAGMA busy_timeout = 5000');
db.all('PRAGMA journal_mode = TRUNCATE');
db.exec('PRAGMA synchronous = NORMAL');

const toParam = (v: unknown): Param => (typeof v === 'boolean' ? (v ? 1 : 0) : (v as Param));

parentPort!.on('message', (m: SqlMessage | 'close') => {
  if (m === 'close') {
    db.close();
    parentPort!.postMessage({ id: -1 });
    return;
  }
  try {
    const params = m.params.map(toParam);
    if (m.reader) {
      parentPort!.postMessage({ id: m.id, rows: db.all(m.sql, params) });
    } else {
      const info = db.run(m.sql, params);
      parentPort!.postMessage({ id: m.id, changes: Number(info.changes), lastInsertRowid: Number(info.lastInsertRowid) });
    }
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: (err as Error).message });
  }
});
parentPort!.postMessage({ id: 0, ready: true });
