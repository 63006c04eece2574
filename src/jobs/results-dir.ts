// Finished job files in a directory: this replica's disk by default, or a directory every
// replica mounts (MYNAH_JOBS_RESULTS_DIR with MYNAH_JOBS_DIR_SHARED=true), which any replica
// then serves. A file is written under a temporary name and renamed, so a reader never sees half.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { ResultStore } from './types.js';

export interface DirResultOptions {
  dir: string;
  shared: boolean;
  /** Job folders older than this are removed (a finished job's TTL). */
  ttlMs: number;
}

const SAFE = /^[A-Za-z0-9_-]+$/;
const check = (...parts: string[]) => { for (const p of parts) if (!SAFE.test(p)) throw new Error(`bad result name ${JSON.stringify(p)}`); };

export function dirResults(opts: DirResultOptions): ResultStore {
  const path = (id: string, name: string) => { check(id, name); return join(opts.dir, id, name); };
  // Old folders go; in a shared directory every replica sweeps, which is harmless.
  const sweep = setInterval(async () => {
    const now = Date.now();
    for (const id of await readdir(opts.dir).catch(() => [] as string[])) {
      const s = await stat(join(opts.dir, id)).catch(() => undefined);
      if (s && now - s.mtimeMs > opts.ttlMs) await rm(join(opts.dir, id), { recursive: true, force: true }).catch(() => {});
    }
  }, Math.min(60_000, Math.max(1000, opts.ttlMs / 4)));
  sweep.unref();
  return {
    kind: 'dir',
    shared: opts.shared,
    async put(id, name, bytes) {
      const file = path(id, name);
      await mkdir(join(opts.dir, id), { recursive: true });
      const tmp = `${file}.${process.pid}.part`;
      try {
        await pipeline(Readable.from(bytes, { objectMode: false }), createWriteStream(tmp));
        await rename(tmp, file);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      return (await stat(file)).size;
    },
    async size(id, name) {
      return (await stat(path(id, name)).catch(() => undefined))?.size;
    },
    read(id, name, start, end) {
      return createReadStream(path(id, name), { start, end });
    },
    async remove(id) {
      check(id);
      await rm(join(opts.dir, id), { recursive: true, force: true });
    },
    async close() {
      clearInterval(sweep);
    },
  };
}
