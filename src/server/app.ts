// Builds the HTTP server: Fastify with OpenAI's error envelope, request ids, CORS, API keys,
// and one plugin per group of routes.
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type RouteOptions } from 'fastify';
import cors from '@fastify/cors';
import type { Config } from '../config/index.js';
import { SynthPool } from '../synth/pool.js';
import { Catalog } from '../voices/catalog.js';
import { watchStore } from '../models/watch.js';
import { loadLexicon } from '../text/lexicon.js';
import type { Services } from '../speech.js';
import { ApiError } from './errors.js';
import { createGuard, readKeysFile, type Identity } from './auth.js';
import { createRuntime, jsonTooDeep, type Runtime } from './runtime.js';
import { loggerOptions } from './logger.js';
import speechRoutes from '../routes/speech.js';
import modelRoutes from '../routes/models.js';
import healthRoutes from '../routes/health.js';
import lexiconRoutes from '../routes/lexicon.js';
import debugRoutes from '../routes/debug.js';
import playgroundRoutes from '../routes/playground.js';
import jobRoutes from '../routes/jobs.js';
import { createJobs, type JobBackend } from '../jobs/index.js';
import { createShared, type Shared } from '../shared/index.js';
import { sharedResultCache } from '../synth/cache.js';
import { attachOpenApi } from '../routes/openapi.js';

declare module 'fastify' {
  interface FastifyRequest { identity: Identity | null }
  interface FastifyInstance { shared: Shared; jobs: JobBackend }
}

/** Deeper JSON than this is refused before parsing; a speech request needs depth 2. */
const MAX_JSON_DEPTH = 32;

export interface Server {
  app: FastifyInstance;
  services: Services;
  runtime: Runtime;
  /** Every route the server registered (HEAD twins included), as Fastify's onRoute saw them. */
  routes: readonly RouteOptions[];
  /** Stops accepting, lets in-flight requests finish for up to `graceMs`, then closes. */
  drain(graceMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the synthesis workers and learns what engines this machine has. */
export async function createServices(config: Config): Promise<Services> {
  // First, so that a malformed lexicon stops start-up before any worker is spawned.
  const lexicon = loadLexicon(config.lexiconDir);
  const pool = new SynthPool(config.workers, {
    cacheBytes: config.cacheMb * 1024 * 1024,
    split: config.splitJobs,
    store: { modelsDir: config.modelsDir, sherpaThreads: config.sherpaThreads, blendSessions: config.blendSessions },
    encoders: { ffmpeg: config.ffmpeg },
    resourceLimits: { maxOldGenerationSizeMb: config.workerHeapMb },
  });
  const { engines, failed } = await pool.catalog();
  for (const f of failed) process.emitWarning(`engine ${f.name} unavailable: ${f.error}`);
  const services: Services = { config, pool, catalog: new Catalog(engines, config), lexicon };
  // Neural models pulled or removed while running: rescan the store (models/watch.ts).
  const stopWatching = watchStore(services);
  const close = pool.close.bind(pool);
  pool.close = async () => { stopWatching(); await close(); };
  return services;
}

export async function buildServer(config: Config, services?: Services): Promise<Server> {
  // Keys first: a bad keys file stops start-up before any worker is spawned.
  const apiKeys = [...config.apiKeys, ...(config.keysFile ? readKeysFile(config.keysFile) : [])];
  const guard = createGuard({ apiKeys, adminKeys: config.adminKeys });
  services ??= await createServices(config);
  const app = Fastify({
    logger: loggerOptions(config),
    genReqId: () => `req_${randomBytes(16).toString('hex')}`,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    bodyLimit: config.bodyLimit,
    // Keep-alive sockets get 503 once closing starts; in-flight responses finish.
    return503OnClosing: true,
    ...httpTimeouts(config),
  });
  // Shared state (issue 15): in-process without MYNAH_REDIS_URL, in Redis with it (src/shared/);
  // the rate limiter, result cache, lexicon routes and /ready use it.
  const shared = await createShared(config, (msg) => app.log.warn(msg));
  const runtime = createRuntime(services, config.redisUrl ? shared.rate : undefined);
  // Book-length jobs, in-process or on BullMQ across replicas (src/jobs/index.ts).
  const jobs = await createJobs(services);
  runtime.metrics.watchJobPieces(() => jobs.depth());
  app.decorate('shared', shared);
  app.decorate('jobs', jobs);
  const sharedCache = !!config.redisUrl && config.cacheMb > 0;
  if (sharedCache) services.pool.useCache(sharedResultCache(shared.cache));
  app.addHook('onClose', async () => {
    await jobs.close();
    if (sharedCache) services!.pool.useCache(undefined);
    await shared.close();
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id).header('openai-version', '2020-10-01');
  });
  // CORS is off unless MYNAH_CORS_ORIGIN names origins: a web page on another origin can then
  // neither read responses nor send the preflighted JSON requests the API takes.
  const origins = list(config.corsOrigin);
  if (origins.includes('*') && config.apiKeys.length === 0 && !config.keysFile) {
    process.emitWarning('MYNAH_CORS_ORIGIN=* with no API keys: any web page a visitor opens can use this server');
  }
  // Not registered at all when off, so that OPTIONS is not a route: it meets the guard like any other.
  if (origins.length > 0) {
    await app.register(cors, {
      origin: origins.includes('*') ? '*' : origins,
      exposedHeaders: ['x-request-id', 'openai-processing-ms', 'x-mynah-engine', 'x-mynah-voice', 'x-mynah-language', 'x-mynah-style', 'x-mynah-target', 'x-mynah-attempts', 'x-mynah-cache'],
      maxAge: 86400,
    });
  }

  app.decorateRequest('identity', null);
  app.addHook('onResponse', async (request, reply) => {
    runtime.metrics.requests.inc({ route: request.routeOptions.url ?? 'unmatched', code: String(reply.statusCode) });
  });

  // JSON only: a browser can send text/plain or a form to any origin without asking (no CORS
  // preflight), so accepting those as JSON would let any web page drive the server.
  app.removeAllContentTypeParsers();
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonTooDeep(body as string, MAX_JSON_DEPTH)) {
      return done(new ApiError(400, `We could not parse the JSON body of your request. (JSON nested deeper than ${MAX_JSON_DEPTH} levels)`), undefined);
    }
    parseJson(request, body as string, done);
  });

  app.setErrorHandler((err: FastifyError | ApiError, request, reply) => {
    const apiError = toApiError(err);
    if (apiError.status >= 500) request.log.error({ err }, 'request failed');
    if (reply.sent || reply.raw.headersSent) return;
    const retry = apiError.status >= 500 || apiError.status === 429;
    reply.code(apiError.status).headers(apiError.headers).header('x-should-retry', retry ? 'true' : 'false').send(apiError.toJSON());
  });
  // Every route lives in one encapsulated context whose onRequest guard decides on the route that
  // matched (see auth.ts); its not-found handler runs the same guard, so without a key an unknown
  // URL is a 401 like a known one.
  // Default-deny holds only if no route is added beside the guarded context: start-up fails if one is.
  const all: RouteOptions[] = [];
  const guarded = new Set<RouteOptions>();
  app.addHook('onRoute', (route) => { all.push(route); });
  app.addHook('onReady', async () => {
    const loose = all.filter((r) => !guarded.has(r) && !(r.method === 'OPTIONS' && r.url === '*')); // the CORS preflight
    if (loose.length > 0) throw new Error(`routes outside the access guard: ${loose.map((r) => `${r.method} ${r.url}`).join(', ')}`);
  });
  await app.register(async (api) => {
    api.addHook('onRoute', (route) => { guarded.add(route); });
    api.addHook('onRequest', guard);
    api.setNotFoundHandler((request, reply) => {
      const err = new ApiError(404, `Invalid URL (${request.method} ${truncate(request.url.split('?')[0], 200)})`);
      reply.code(404).send(err.toJSON());
    });
    // First, so that the document (GET /openapi.json, /docs) sees every route registered after it.
    await attachOpenApi(api);
    // Gateway (issue 12): upstream relay, keys with budgets, usage API; undefined without a `gateway` config section.
    // Loaded only when configured: the gateway and its storage cost ~27 MiB a local server does not need.
    const gateway = config.gateway ? await (await import('../gateway/index.js')).attachGateway(api, services, runtime) : undefined;
    await api.register(speechRoutes, { services, runtime, gateway });
    await api.register(modelRoutes, { services });
    await api.register(healthRoutes, { services, runtime, shared });
    await api.register(lexiconRoutes, { services, shared });
    if (config.debugStats) await api.register(debugRoutes, { services });
    await api.register(playgroundRoutes);
    await api.register(jobRoutes, { services, jobs: () => jobs });
  });
  runtime.state.ready = true;

  return {
    app,
    services,
    runtime,
    routes: all,
    async drain(graceMs: number) {
      runtime.state.draining = true;
      const closing = app.close();
      const timer = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([closing, timer]);
      // Whatever is still streaming after the grace period is cut off.
      app.server.closeAllConnections();
      await closing;
      await services!.pool.close();
    },
    async close() {
      runtime.state.draining = true;
      // A hard stop: open connections (keep-alive or streaming) are cut, not waited for.
      const closing = app.close();
      app.server.closeAllConnections();
      await closing;
      await services!.pool.close();
    },
  };
}

function toApiError(err: FastifyError | ApiError): ApiError {
  if (err instanceof ApiError) return err;
  if (err.validation && err.validation.length > 0) {
    const v = err.validation[0];
    const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const missing = (v.params as { missingProperty?: string }).missingProperty;
    const param = missing ?? (path || null);
    const message = missing
      ? `Missing required parameter: '${missing}'.`
      : `Invalid value for '${param ?? err.validationContext}': ${v.message}.`;
    return new ApiError(400, message, { param, code: missing ? 'missing_required_parameter' : 'invalid_value' });
  }
  const status = err.statusCode ?? 500;
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new ApiError(415, "Unsupported content type. Send the request body as JSON with 'Content-Type: application/json'.", { code: 'unsupported_media_type' });
  }
  if (status >= 400 && status < 500) {
    const message = err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err instanceof SyntaxError
      ? `We could not parse the JSON body of your request. (${err.message})`
      : err.message;
    return new ApiError(status, message);
  }
  return new ApiError(500, 'The server had an error while processing your request. Sorry about that!');
}

/**
 * Slow clients cannot hold connections: headers and the whole request must arrive in time, and
 * idle keep-alive connections close. Node checks these every `connectionsCheckingInterval`.
 * (A client too slow to read its audio is dropped by the request lifecycle: writeStallMs.)
 */
function httpTimeouts(config: Config) {
  return {
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    http: { headersTimeout: config.headersTimeoutMs, connectionsCheckingInterval: Math.min(1000, config.headersTimeoutMs) },
  };
}

const list = (value: string) => value.split(',').map((s) => s.trim()).filter(Boolean);
const truncate = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}...` : s);
