// A copy of each finished job file in Redis (shared mode), so any replica serves it, up to a cap
// (MYNAH_JOBS_REDIS_FILE_MB): a bigger file stays only where it was made, unless the results
// directory is shared. Ranges are read with GETRANGE, a megabyte at a time.
import type { Redis } from 'ioredis';
import type { ResultStore } from './types.js';

export interface RedisResultOptions {
  /** Largest file copied, in bytes (0: none). */
  maxBytes: number;
  ttlS: number;
  prefix?: string;
}

const CHUNK = 1 << 20;

export function redisResults(redis: Redis, opts: RedisResultOptions): ResultStore {
  const prefix = opts.prefix ?? 'mynah:result';
  const key = (id: string, name: string) => `${prefix}:${id}:${name}`;
  const names = (id: string) => `${prefix}:${id}`;
  return {
    kind: 'redis',
    shared: true,
    async put(id, name, bytes, size) {
      if (size !== undefined && size > opts.maxBytes) return undefined;
      const parts: Buffer[] = [];
      let n = 0;
      for await (const b of bytes) {
        n += b.length;
        if (n > opts.maxBytes) return undefined;
        parts.push(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
      }
      await redis.multi().set(key(id, name), Buffer.concat(parts), 'EX', opts.ttlS).sadd(names(id), name).expire(names(id), opts.ttlS).exec();
      return n;
    },
    async size(id, name) {
      const n = await redis.strlen(key(id, name));
      return n > 0 ? n : (await redis.exists(key(id, name))) ? 0 : undefined;
    },
    async *read(id, name, start, end) {
      for (let at = start; at <= end; at += CHUNK) {
        const part = await redis.getrangeBuffer(key(id, name), at, Math.min(end, at + CHUNK - 1));
        if (part.length === 0) throw new Error(`result ${id}/${name} has expired`);
        yield part;
      }
    },
    async remove(id) {
      const all = await redis.smembers(names(id));
      await redis.del(names(id), ...all.map((n) => key(id, n)));
    },
    async close() {},
  };
}
