// Scaling out (issue 15), as one plugin registered by server/app.ts: the jobs API on the backend
// the settings choose (in-process, or BullMQ on MYNAH_REDIS_URL), the shared-state stores
// (src/shared/), and the few hooks that tie them to routes other modules own, each marked HOOK.
// The hooks are global (skip-override) and decide on the route the router matched.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../speech.js';
import { localJobs } from '../jobs/local.js';
import { dirResults } from '../jobs/results-dir.js';
import type { JobBackend } from '../jobs/types.js';
import jobRoutes from '../routes/jobs.js';
import { ApiError } from '../server/errors.js';
import { createShared, type Shared } from '../shared/index.js';
import type { LexiconChange } from '../shared/types.js';

declare module 'fastify' {
  interface FastifyInstance { shared: Shared; jobs: JobBackend }
}

const matched = (request: FastifyRequest, method: string, url: string) => request.method === method && request.routeOptions.url === url;

async function scalePlugin(app: FastifyInstance, { services }: { services: Services }) {
  const { config } = services;
  const shared = await createShared(config, (msg) => app.log.warn(msg));
  // Finished files, encoded once (jobs/results-dir.ts; in shared mode a copy in Redis too).
  const results = dirResults({ dir: config.jobsResultsDir, shared: !!config.redisUrl && config.jobsResultsShared, ttlMs: config.jobsTtlS * 1000 });
  const encoder = { ffmpeg: config.ffmpeg };
  const jobs: JobBackend = config.redisUrl
    ? (await import('../jobs/redis.js')).redisJobs(services, { url: config.redisUrl, ttlS: config.jobsTtlS, concurrency: config.workers, lockMs: config.jobsLockMs, timeoutMs: config.jobTimeoutMs, results, encoder, redisFileBytes: config.jobsRedisFileMb * 1024 * 1024 })
    : localJobs(services, { dir: config.jobsDir, ttlMs: config.jobsTtlS * 1000, concurrency: config.workers, timeoutMs: config.jobTimeoutMs, results, encoder });
  app.decorate('shared', shared);
  app.decorate('jobs', jobs);
  app.addHook('onClose', async () => { await jobs.close(); await shared.close(); });
  await app.register(jobRoutes, { services, jobs: () => jobs });

  // HOOK /ready: with Redis, readiness says whether it answers; fail-closed replicas leave the
  // balancer's rotation (503) while it is away, fail-open ones stay in with per-replica state.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!matched(request, 'GET', '/ready') || !config.redisUrl || typeof payload !== 'string') return payload;
    const up = await shared.healthy();
    if (!up && config.redisFailMode === 'closed') reply.code(503);
    return JSON.stringify({ ...JSON.parse(payload), redis: up ? 'up' : 'down', redis_fail_mode: config.redisFailMode });
  });

  // HOOK /metrics: pieces waiting or being spoken, the signal to scale replicas on (deploy/k8s HPA).
  app.addHook('onSend', async (request, _reply, payload) => {
    if (!matched(request, 'GET', '/metrics') || typeof payload !== 'string') return payload;
    const depth = await jobs.depth().catch(() => 0);
    return `${payload}# HELP mynah_job_pieces_pending Book-job pieces queued or being spoken (all replicas in shared mode).\n# TYPE mynah_job_pieces_pending gauge\nmynah_job_pieces_pending ${depth}\n`;
  });

  if (!config.redisUrl) return;

  // HOOK result cache (shared mode, MYNAH_CACHE_MB > 0): the pool keeps results in Redis, so a
  // phrase made on one replica is a hit on every other. Redis errors are misses (cache-redis.ts).
  if (config.cacheMb > 0) {
    services.pool.useCache({
      async get(key) {
        const hit = await shared.cache.get(key);
        return hit && { parts: [hit.audio], stats: { samples: hit.samples, synthMs: hit.synthMs } };
      },
      set: (key, parts, stats) => shared.cache.set(key, { audio: Buffer.concat(parts), samples: stats.samples, synthMs: stats.synthMs }),
    });
    app.addHook('onClose', async () => { services.pool.useCache(undefined); });
  }

  // HOOK rate limits (shared mode only): each key's requests and characters per minute are
  // counted in Redis across replicas, before the route's own per-replica limiter (which allows
  // at least as much, so the shared count decides). To move into server/ratelimit.ts.
  app.addHook('preHandler', async (request, reply) => {
    if (!matched(request, 'POST', '/v1/audio/speech')) return;
    const who = request.identity;
    const client = who?.name ?? request.ip;
    const rpm = who?.rpm ?? config.rateLimitRequests;
    const cpm = who?.cpm ?? config.rateLimitChars;
    const input = (request.body as { input?: unknown } | undefined)?.input;
    const chars = typeof input === 'string' ? [...input].length : 0;
    for (const [limit, amount, kind] of [[rpm, 1, 'requests'], [cpm, chars, 'tokens']] as const) {
      if (!limit) continue;
      const d = await shared.rate.consume(`${kind}:${client}`, Math.min(amount, limit), limit);
      if (d.allowed) {
        reply.header(`x-ratelimit-limit-${kind}`, String(limit)).header(`x-ratelimit-remaining-${kind}`, String(d.remaining));
        continue;
      }
      const what = kind === 'requests' ? `requests per min (RPM): Limit ${limit}, Requested 1` : `characters per min: Limit ${limit}, Requested ${chars}`;
      throw new ApiError(429, `Rate limit reached on ${what}. Please try again in ${Math.ceil(d.resetMs / 1000)}s.`, {
        type: kind, code: 'rate_limit_exceeded',
        headers: { [`x-ratelimit-limit-${kind}`]: String(limit), [`x-ratelimit-remaining-${kind}`]: '0', 'retry-after': String(Math.max(1, Math.ceil(d.resetMs / 1000))), 'retry-after-ms': String(d.resetMs) },
      });
    }
  });

  // HOOK lexicon: a successful PUT/DELETE here is published; edits from other replicas (and
  // those made before this one started) are applied to this replica's lexicon.
  const { lexicon } = services;
  const apply = (c: LexiconChange) => {
    const applied = c.op === 'set' && c.replacement ? lexicon.set(c.language, c.word, c.replacement)
      : c.op === 'delete' ? lexicon.delete(c.language, c.word) : undefined;
    applied?.catch((err: Error) => app.log.warn({ err }, 'a shared lexicon edit could not be applied here'));
  };
  shared.lexicon.subscribe(apply);
  for (const change of await shared.lexicon.snapshot().catch(() => [])) apply(change);
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 300) return;
    if (matched(request, 'PUT', '/v1/audio/lexicon')) {
      const { language, word, replacement } = request.body as { language: string; word: string; replacement: string };
      await shared.lexicon.publish({ op: 'set', language, word: word.toLowerCase(), replacement: replacement.trim() }).catch((err) => request.log.warn({ err }, 'lexicon edit not shared'));
    } else if (matched(request, 'DELETE', '/v1/audio/lexicon')) {
      const { language, word } = request.query as { language: string; word: string };
      await shared.lexicon.publish({ op: 'delete', language, word: word.toLowerCase() }).catch((err) => request.log.warn({ err }, 'lexicon edit not shared'));
    }
  });
}

// Hooks added here apply to the whole server (like fastify-plugin's skip-override).
(scalePlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
export default scalePlugin;
