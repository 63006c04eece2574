// Builds the HTTP server: Fastify with OpenAI's error envelope, request ids, CORS, API keys,
// and one plugin per group of routes.
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import type { Config } from '../config/index.js';
import { SynthPool } from '../synth/pool.js';
import { Catalog } from '../voices/catalog.js';
import { watchStore } from '../models/watch.js';
import type { Services } from '../speech.js';
import { ApiError } from './errors.js';
import { createKeyCheck, readKeysFile, type Identity, type KeyEntry } from './auth.js';
import { createRuntime, jsonTooDeep, type Runtime } from './runtime.js';
import speechRoutes from '../routes/speech.js';
import modelRoutes from '../routes/models.js';
import healthRoutes from '../routes/health.js';
import lexiconRoutes from '../routes/lexicon.js';
import debugRoutes from '../routes/debug.js';
import playgroundRoutes from '../routes/playground.js';
import scalePlugin from '../scale/plugin.js'; // issue 15: jobs API and shared state

declare module 'fastify' {
  interface FastifyRequest { identity: Identity | null }
}

/** Deeper JSON than this is refused before parsing; a speech request needs depth 2. */
const MAX_JSON_DEPTH = 32;

export interface Server {
  app: FastifyInstance;
  services: Services;
  runtime: Runtime;
  /** Stops accepting, lets in-flight requests finish for up to `graceMs`, then closes. */
  drain(graceMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the synthesis workers and learns what engines this machine has. */
export async function createServices(config: Config): Promise<Services> {
  const pool = new SynthPool(config.workers, {
    cacheBytes: config.cacheMb * 1024 * 1024,
    split: config.splitJobs,
    store: { modelsDir: config.modelsDir, sherpaThreads: config.sherpaThreads, blendSessions: config.blendSessions },
  });
  const { engines, failed } = await pool.catalog();
  for (const f of failed) process.emitWarning(`engine ${f.name} unavailable: ${f.error}`);
  const services: Services = { config, pool, catalog: new Catalog(engines, config) };
  // Neural models pulled or removed while running: rescan the store (models/watch.ts).
  const stopWatching = watchStore(services);
  const close = pool.close.bind(pool);
  pool.close = async () => { stopWatching(); await close(); };
  return services;
}

export async function buildServer(config: Config, services?: Services): Promise<Server> {
  services ??= await createServices(config);
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    genReqId: () => `req_${randomBytes(16).toString('hex')}`,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    bodyLimit: config.bodyLimit,
    // Keep-alive sockets get 503 once closing starts; in-flight responses finish.
    return503OnClosing: true,
  });
  const runtime = createRuntime(services);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id).header('openai-version', '2020-10-01');
  });
  await app.register(cors, {
    origin: config.corsOrigin === '*' ? true : config.corsOrigin.split(','),
    exposedHeaders: ['x-request-id', 'openai-processing-ms', 'x-mynah-engine', 'x-mynah-voice', 'x-mynah-language'],
    maxAge: 86400,
  });

  app.decorateRequest('identity', null);
  const keys: (string | KeyEntry)[] = [...config.apiKeys, ...(config.keysFile ? readKeysFile(config.keysFile) : [])];
  if (keys.length > 0) {
    const check = createKeyCheck(keys);
    app.addHook('onRequest', async (request) => {
      if (request.method !== 'OPTIONS' && request.url.startsWith('/v1/')) request.identity = check(request);
    });
  }
  app.addHook('onResponse', async (request, reply) => {
    runtime.metrics.requests.inc({ route: request.routeOptions.url ?? 'unmatched', code: String(reply.statusCode) });
  });

  // curl -d sends form encoding by default; a JSON body is what every client means.
  app.removeAllContentTypeParsers();
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
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
  app.setNotFoundHandler((request, reply) => {
    const err = new ApiError(404, `Invalid URL (${request.method} ${request.url.split('?')[0]})`);
    reply.code(404).send(err.toJSON());
  });

  await app.register(speechRoutes, { services, runtime });
  await app.register(modelRoutes, { services });
  await app.register(healthRoutes, { services, runtime });
  await app.register(lexiconRoutes, { services });
  if (process.env.MYNAH_DEBUG_STATS === '1') await app.register(debugRoutes, { services });
  await app.register(playgroundRoutes);
  await app.register(scalePlugin, { services }); // issue 15: jobs API, shared mode (src/scale/plugin.ts)
  runtime.state.ready = true;

  return {
    app,
    services,
    runtime,
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
  if (status >= 400 && status < 500) {
    const message = err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err instanceof SyntaxError
      ? `We could not parse the JSON body of your request. (${err.message})`
      : err.message;
    return new ApiError(status, message);
  }
  return new ApiError(500, 'The server had an error while processing your request. Sorry about that!');
}
