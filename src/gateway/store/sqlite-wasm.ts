// Kysely's SQLite dialect over node-sqlite3-wasm (SQLite compiled to WebAssembly, writing a real
// file through node:fs), driven in a worker thread (sqlite-worker.ts) so no query blocks the event
// loop. Chosen over better-sqlite3, which downloads a prebuilt binary from GitHub at install and
// otherwise compiles with node-gyp: that took 2 min 42 s here, and works offline only because this
// machine's npm config points node-gyp at local node headers (nodedir); elsewhere node-gyp
// downloads them. node-sqlite3-wasm is plain files: `npm ci` needs nothing else.
import { Worker } from 'node:worker_threads';
import {
  CompiledQuery, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler,
  type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryResult,
} from 'kysely';

/** Statements that hand back rows; the rest report changes. */
const READER = /^\s*(select|with|pragma|values)\b|\breturning\b/i;

interface Reply { id: number; rows?: unknown[]; changes?: number; lastInsertRowid?: number; error?: string; ready?: boolean }

class WorkerConnection implements DatabaseConnection {
  private next = 1;
  private waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  constructor(private worker: Worker) {
    worker.on('message', (r: Reply) => {
      const w = this.waiting.get(r.id);
      if (!w) return;
      this.waiting.delete(r.id);
      if (this.waiting.size === 0) worker.unref();
      if (r.error !== undefined) w.reject(new Error(r.error));
      else w.resolve(r);
    });
    worker.on('error', (err) => { for (const w of this.waiting.values()) w.reject(err); this.waiting.clear(); });
  }

  send(id: number, message: unknown): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // Held open while a query is under way, so an awaited query keeps the process alive.
      this.worker.ref();
      this.worker.postMessage(message);
    });
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const id = this.next++;
    const reader = READER.test(query.sql);
    const r = await this.send(id, { id, sql: query.sql, params: [...query.parameters], reader });
    if (reader) return { rows: r.rows as R[] };
    return { rows: [], numAffectedRows: BigInt(r.changes ?? 0), insertId: BigInt(r.lastInsertRowid ?? 0) };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported by the SQLite worker');
  }
}

class WorkerDriver implements Driver {
  private worker?: Worker;
  private connection?: WorkerConnection;
  private lock: Promise<void> = Promise.resolve();
  private unlock?: () => void;
  constructor(private path: string) {}

  async init() {
    const worker = new Worker(new URL('./sqlite-worker.js', import.meta.url), { workerData: { path: this.path } });
    this.worker = worker;
    this.connection = new WorkerConnection(worker);
    await new Promise<void>((resolve, reject) => {
      const onMessage = (r: Reply) => { if (r.ready) { worker.off('message', onMessage); resolve(); } };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`SQLite worker exited (${code})`)));
    });
    // An open store must not keep a process alive on its own.
    worker.unref();
  }

  // One connection, one statement or transaction at a time.
  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.lock;
    let release!: () => void;
    this.lock = new Promise<void>((r) => { release = r; });
    await previous;
    this.unlock = release;
    return this.connection!;
  }

  async releaseConnection(): Promise<void> { this.unlock?.(); }
  async beginTransaction(c: DatabaseConnection) { await c.executeQuery(CompiledQuery.raw('begin')); }
  async commitTransaction(c: DatabaseConnection) { await c.executeQuery(CompiledQuery.raw('commit')); }
  async rollbackTransaction(c: DatabaseConnection) { await c.executeQuery(CompiledQuery.raw('rollback')); }

  async destroy() {
    if (!this.worker) return;
    await this.connection!.send(-1, 'close').catch(() => {});
    await this.worker.terminate();
    this.worker = undefined;
  }
}

export function sqliteWasmDialect(path: string): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new WorkerDriver(path),
    createIntrospector: (db: Kysely<any>) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}
