// Lexicon edits across replicas: each edit is written to a Redis hash per language (for replicas
// that start later) and published on a channel that every replica subscribes to, so a PUT on one
// replica is applied on all within milliseconds. Each replica ignores its own messages.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { LexiconChange, LexiconSync } from './types.js';

export function redisLexiconSync(redis: Redis, prefix = 'mynah:lexicon'): LexiconSync {
  const origin = randomBytes(8).toString('hex');
  const channel = `${prefix}:changes`;
  const listeners: ((change: LexiconChange) => void)[] = [];
  // A subscribed connection can do nothing else, so it is a second one.
  const sub = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
  sub.on('error', () => {}); // reconnects by itself; the main connection's errors are reported
  sub.on('message', (_channel: string, message: string) => {
    let parsed: LexiconChange & { origin?: string };
    try { parsed = JSON.parse(message); } catch { return; }
    if (parsed.origin === origin) return;
    const { op, language, word, replacement } = parsed;
    for (const l of listeners) l({ op, language, word, replacement });
  });
  const subscribed = sub.subscribe(channel).catch(() => {});
  return {
    kind: 'redis',
    async publish(change) {
      const key = `${prefix}:${change.language}`;
      const tx = redis.multi();
      if (change.op === 'set') tx.hset(key, change.word, change.replacement ?? '');
      else tx.hdel(key, change.word);
      tx.sadd(`${prefix}:languages`, change.language);
      tx.publish(channel, JSON.stringify({ ...change, origin }));
      await tx.exec();
    },
    subscribe(listener) {
      listeners.push(listener);
    },
    async snapshot() {
      await subscribed;
      const out: LexiconChange[] = [];
      for (const language of await redis.smembers(`${prefix}:languages`)) {
        for (const [word, replacement] of Object.entries(await redis.hgetall(`${prefix}:${language}`))) out.push({ op: 'set', language, word, replacement });
      }
      return out;
    },
    async close() {
      sub.disconnect();
    },
  };
}
