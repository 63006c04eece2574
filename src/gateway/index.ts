// The gateway: one Mynah serving local voices and relaying to upstream providers, with failover,
// client keys with budgets, usage records and a result cache. Built once at start-up by
// attachGateway(); the speech route hands it requests through `gateway.serve()` (its one hook).
import { Readable } from 'node:stream';
import type { EncoderSettings } from '../encoders/types.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONTENT_TYPES, type SpeechRequest } from '../contract.js';
import { ApiError } from '../server/errors.js';
import type { Runtime } from '../server/runtime.js';
import type { Services } from '../speech.js';
import { checkBudget } from './budget.js';
import { cacheKey, memoryCache, type ResultCache } from './cache.js';
import { localSpeech } from './local.js';
import { relay, sseFrom, type LocalSpeech, type Relayed } from './relay.js';
import { Breaker, Router } from './router.js';
import { openStore } from './store/index.js';
import type { GatewayStore, Outcome } from './store/types.js';
import type { GatewayConfig } from './types.js';
import usageRoutes from './usage-api.js';

export interface Gateway {
  readonly store: GatewayStore;
  readonly router: Router;
  /** Serves one validated speech request (after the route's rate limit), start to finish. */
  serve(request: FastifyRequest, reply: FastifyReply, req: SpeechRequest): Promise<FastifyReply>;
  close(): Promise<void>;
}

export interface GatewayDeps {
  store: GatewayStore;
  /** Local synthesis for `local:` targets, for the client named. */
  local: (client: string) => LocalSpeech;
  cache?: ResultCache;
  /** Where Mynah's own encoders find ffmpeg (format conversion of relayed audio). */
  encoders: EncoderSettings;
  /** Called once per request when it ends (the server's metrics). */
  observe?: (e: { format: string; outcome: Outcome; characters: number; ttfbMs: number | null; audioSeconds: number | null; totalMs: number }) => void;
}

export function createGateway(config: GatewayConfig, deps: GatewayDeps): Gateway {
  const { store } = deps;
  const router = new Router(config, new Breaker(config.breaker));
  const cacheBytes = config.cacheMb * 1024 * 1024;
  const cache = deps.cache ?? (cacheBytes > 0 ? memoryCache(cacheBytes) : undefined);
  // One response is kept for the cache only up to a quarter of it (memoryCache's own limit).
  const keepBytes = cache ? Math.max(1, Math.floor(cacheBytes / 4)) : 0;

  async function serve(request: FastifyRequest, reply: FastifyReply, req: SpeechRequest): Promise<FastifyReply> {
    const started = performance.now();
    const time = Date.now();
    const keyId = request.identity?.name ?? null;
    const characters = [...req.input].length;
    const record = (r: { target: string | null; attempts: number; outcome: Outcome; cost?: number; audioSeconds?: number | null; ttfbMs?: number | null; cached?: boolean }) => {
      deps.observe?.({ format: req.response_format, outcome: r.outcome, characters, ttfbMs: r.ttfbMs ?? null, audioSeconds: r.audioSeconds ?? null, totalMs: performance.now() - started });
      return store.recordUsage({ time, keyId, model: req.model, characters, cost: 0, audioSeconds: null, ttfbMs: null, ...r })
        .catch((err) => request.log.error({ err }, 'gateway: usage not recorded'));
    };
    const log = (fields: object) => request.log.info({ event: 'gateway', model: req.model, client: keyId, chars: characters, totalMs: Math.round(performance.now() - started), ...fields }, 'gateway');

    // Policy and budget come first: nothing is sent upstream for a request that will be refused.
    const key = keyId ? await store.getKey(keyId) : undefined;
    let targets = router.order(req.model);
    try {
      if (key?.allowedModels && !key.allowedModels.includes(req.model)) {
        throw new ApiError(403, `This key may not use the model '${req.model}'.`, { type: 'permission_error', param: 'model', code: 'model_not_allowed' });
      }
      if (key?.localOnly) {
        targets = targets.filter((t) => t.kind === 'local');
        if (targets.length === 0) throw new ApiError(403, `This key is local-only and the model '${req.model}' has no local target.`, { type: 'permission_error', param: 'model', code: 'local_only' });
      }
      if (key) {
        const maxPrice = Math.max(0, ...targets.map((t) => (t.kind === 'upstream' ? t.upstream.pricePerMillionChars : 0)));
        await checkBudget(store, key, characters, (characters * maxPrice) / 1e6);
      }
    } catch (err) {
      void record({ target: null, attempts: 0, outcome: 'rejected' });
      log({ outcome: 'rejected', reason: (err as Error).message });
      throw err;
    }

    const ckey = cache ? cacheKey(req) : '';
    const hit = cache && await cache.get(ckey);
    if (hit) {
      reply.header('x-mynah-cache', 'hit').header('x-mynah-target', hit.target).header('x-mynah-attempts', '0');
      const one = (async function* () { yield hit.audio; })();
      const served = req.stream_format === 'sse' ? sseFrom(one, req.input, () => hit.audioSeconds) : one;
      reply.header('content-type', req.stream_format === 'sse' ? 'text/event-stream; charset=utf-8' : CONTENT_TYPES[req.response_format]);
      void record({ target: hit.target, attempts: 0, outcome: 'ok', audioSeconds: hit.audioSeconds, ttfbMs: performance.now() - started, cached: true });
      log({ outcome: 'ok', target: hit.target, cache: 'hit' });
      return reply.send(Readable.from(served, { objectMode: false }));
    }

    const gone = new AbortController();
    reply.raw.once('close', () => { if (!reply.raw.writableFinished) gone.abort(new ApiError(499, 'Client closed the request.')); });
    let relayed: Relayed;
    try {
      relayed = await relay(req, request.body as Record<string, unknown>, targets, { breaker: router.breaker, local: deps.local(keyId ?? request.ip), signal: gone.signal, keepBytes, encoders: deps.encoders });
    } catch (err) {
      const attempts = Number((err as ApiError).headers?.['x-mynah-attempts'] ?? 0);
      void record({ target: (err as ApiError).headers?.['x-mynah-target'] ?? null, attempts, outcome: 'failed' });
      log({ outcome: 'failed', attempts, error: (err as Error).message });
      throw err;
    }
    const ttfbMs = performance.now() - started;
    if (gone.signal.aborted) {
      // Gone while the target was found: its upstream request and engine slot were freed on abort.
      void record({ target: relayed.target, attempts: relayed.attempts, outcome: 'aborted', ttfbMs });
      log({ outcome: 'aborted', target: relayed.target, attempts: relayed.attempts });
      return reply;
    }
    const cost = relayed.upstream ? (characters * relayed.upstream.pricePerMillionChars) / 1e6 : 0;
    let failed = false;
    reply.raw.once('close', () => {
      const outcome: Outcome = failed ? 'error' : reply.raw.writableFinished ? 'ok' : 'aborted';
      const audioSeconds = relayed.audioSeconds();
      void record({ target: relayed.target, attempts: relayed.attempts, outcome, cost, audioSeconds, ttfbMs });
      log({ outcome, target: relayed.target, attempts: relayed.attempts, ttfbMs: Math.round(ttfbMs), audioSeconds });
      if (outcome === 'ok' && cache && relayed.audio) {
        void cache.set(ckey, { target: relayed.target, audio: Buffer.concat(relayed.audio), audioSeconds });
      }
    });
    async function* watched() {
      try {
        yield* relayed.body;
      } catch (err) {
        if (gone.signal.aborted) return;
        failed = true;
        request.log.error({ target: relayed.target, error: (err as Error).message }, 'gateway: stream failed after the first bytes; response truncated');
        throw err;
      }
    }
    reply
      .header('content-type', relayed.contentType)
      .header('x-mynah-target', relayed.target)
      .header('x-mynah-attempts', String(relayed.attempts))
      .header('openai-processing-ms', String(Math.round(ttfbMs)));
    if (relayed.engine) reply.header('x-mynah-engine', relayed.engine);
    if (cache) reply.header('x-mynah-cache', 'miss');
    if (req.stream_format === 'sse') reply.header('cache-control', 'no-store');
    return reply.send(Readable.from(watched(), { objectMode: false }));
  }

  return { store, router, serve, close: () => store.close() };
}

/**
 * Opens the database, loads the config file's key policies, registers the organization API and
 * returns the gateway for the speech route; undefined when the config has no `gateway` section.
 */
export async function attachGateway(app: FastifyInstance, services: Services, runtime: Runtime): Promise<Gateway | undefined> {
  const config = services.config.gateway;
  if (!config) return undefined;
  const store = await openStore({ databaseUrl: config.databaseUrl, sqlitePath: config.databasePath });
  for (const k of config.keys) {
    await store.putKey({ id: k.id, charsPerDay: k.charsPerDay ?? null, charsPerMonth: k.charsPerMonth ?? null, moneyPerMonth: k.moneyPerMonth ?? null, allowedModels: k.allowedModels ?? null, localOnly: k.localOnly ?? false });
  }
  const { metrics } = runtime;
  const gateway = createGateway(config, {
    store,
    local: (client) => localSpeech(services, runtime, client),
    encoders: { ffmpeg: services.config.ffmpeg },
    observe: (e) => {
      metrics.speech.inc({ format: e.format, outcome: e.outcome === 'failed' ? 'error' : e.outcome });
      if (e.outcome === 'rejected' || e.outcome === 'failed') return;
      metrics.characters.inc({}, e.characters);
      if (e.ttfbMs !== null) metrics.ttfb.observe(e.ttfbMs / 1000);
      if (e.audioSeconds) metrics.audioSeconds.inc({}, e.audioSeconds);
      if (e.outcome === 'ok') metrics.duration.observe(e.totalMs / 1000);
    },
  });
  await app.register(usageRoutes, { store });
  app.addHook('onClose', async () => gateway.close());
  return gateway;
}
