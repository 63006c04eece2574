// Configuration: defaults, then a JSON file (MYNAH_CONFIG or ./mynah.config.json), then the
// environment. Each setting is documented in README.md under "Configuration".
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { defaultModelsDir } from '../models/store.js';
import { defaultWorkers } from '../models/footprint.js';
import { FALLBACK_ENGINE, MODEL_ALIASES, OPENAI_VOICE_MAP } from './defaults.js';
import { parseGatewayConfig, type GatewayFileConfig } from './gateway.js';
import type { GatewayConfig } from '../gateway/types.js';
import { ConfigError, checkConfigFile, parseJson, type LOG_FORMATS } from './schema.js';

export interface Config {
  host: string;
  port: number;
  /** Accepted API keys; empty means no authentication. */
  apiKeys: string[];
  /** Synthesis worker threads (default: from cores, memory and installed models; see models/footprint.ts). */
  workers: number;
  /** How the worker count was chosen, for the start-up log. */
  workersReason: string;
  /** Megabytes of encoded audio kept for repeated requests; 0 turns the cache off. */
  cacheMb: number;
  /** Split a multi-chunk job across two workers when one is idle (pipelining). */
  splitJobs: boolean;
  /** Allowed CORS origins, comma-separated; '*' for any; empty (the default) for none. */
  corsOrigin: string;
  /** Detect the input's language and switch to a voice that speaks it. */
  detectLanguage: boolean;
  logLevel: string;
  /** Log lines: 'pretty' (pino-pretty), 'json', or 'auto' (pretty on a terminal). */
  logFormat: (typeof LOG_FORMATS)[number];
  modelAliases: Record<string, string[]>;
  voiceMap: Record<string, Record<string, string>>;
  fallbackEngine: string;
  /** The model store: sherpa-onnx models, one folder each (see models/store.ts). */
  modelsDir: string;
  /** `models pull`: milliseconds without a byte before a download is retried. */
  pullStallMs: number;
  /** Blended Kokoro voices kept loaded per worker, each a second session of the model; 0 turns blends off. */
  blendSessions: number;
  /** onnxruntime threads per neural model, per worker. */
  sherpaThreads: number;
  /** Largest request body in bytes. */
  bodyLimit: number;
  /** Longest `input` (and `instructions`) in code points; OpenAI's limit is 4096. */
  maxInputChars: number;
  /** Synthesis jobs running at once (0: workers x 2). */
  maxConcurrent: number;
  /** Requests waiting for a synthesis slot before new ones get 429. */
  maxQueue: number;
  /** Milliseconds one request may spend in synthesis before it fails. */
  jobTimeoutMs: number;
  /** Milliseconds in-flight requests get to finish after SIGTERM. */
  shutdownGraceMs: number;
  /** Default per-key (or per-IP) limits per minute; 0 means unlimited. */
  rateLimitRequests: number;
  rateLimitChars: number;
  /** JSON file of keys with their own limits (see README). */
  keysFile?: string;
  /** Log the input text (off by default). */
  logInput: boolean;
  /** Honour `instructions` on tts-1 and tts-1-hd too (OpenAI ignores them there). */
  instructionsAnyModel: boolean;

  /** Upstream providers, routes, keys and usage (config file's `gateway` section; see README "Gateway"). */
  gateway?: GatewayConfig;


  // Request lifecycle and resource limits (see README "Limits and timeouts").
  /** The ffmpeg binary for aac (MYNAH_FFMPEG). */
  ffmpeg: string;
  /** Milliseconds a client may leave streamed audio unread before it is dropped and its slot freed. */
  writeStallMs: number;
  /** Milliseconds a client has to send its request headers (slowloris). */
  headersTimeoutMs: number;
  /** Milliseconds a client has to send its whole request, body included. */
  requestTimeoutMs: number;
  /** Milliseconds an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** Most audio a job may produce, in seconds per prepared character (at speed 1; plus 2 s). */
  maxAudioSecondsPerChar: number;
  /** Most characters text preparation may produce per input character (numbers expand). */
  maxExpansion: number;
  /** Heap limit of each synthesis worker in MB; a worker over it dies alone and is replaced. */
  workerHeapMb: number;

  /** Keys with the admin right (lexicon writes, /debug/stats); they are valid API keys too. */
  adminKeys: string[];
  /** The pronunciation lexicon's folder, one `xx.json` per language, loaded at start-up. */
  lexiconDir: string;
  /** Serve GET /debug/stats (admin only). */
  debugStats: boolean;

  // --- scaling out and book-length jobs (issue 15; README "Scaling out") ---
  /** Shared mode: rate limits, cache, lexicon and job pieces in this Redis (unset: all in-process). */
  redisUrl?: string;
  /** When Redis is unreachable: 'open' keeps serving with in-process state, 'closed' refuses (503) and leaves /ready. */
  redisFailMode: 'open' | 'closed';
  /** Where in-process jobs keep their pieces. */
  jobsDir: string;
  /** Seconds a finished job's audio is kept. */
  jobsTtlS: number;
  /** Longest job input in code points. */
  jobsMaxChars: number;
  /** Shared mode: milliseconds before a piece held by a silent (dead) replica is retried elsewhere. */
  jobsLockMs: number;
  /** Where finished job files are stored, encoded once (default: `results` in jobsDir). */
  jobsResultsDir: string;
  /** Shared mode: jobsResultsDir is one directory every replica mounts, so any replica serves any file. */
  jobsResultsShared: boolean;
  /** Shared mode: finished files up to this many MB are also copied into Redis for the other replicas (0: none). */
  jobsRedisFileMb: number;
}

type FileConfig = Partial<Omit<Config, 'gateway'>> & { gateway?: GatewayFileConfig };

function readFileConfig(env: NodeJS.ProcessEnv): FileConfig {
  const path = env.MYNAH_CONFIG ?? (existsSync('mynah.config.json') ? 'mynah.config.json' : undefined);
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  // Unknown keys and wrong types end start-up with the first problem (`mynah doctor` lists all).
  const file = parseJson(text, path);
  const problems = checkConfigFile(file, path);
  if (problems.length > 0) throw new ConfigError(problems[0]);
  return file as FileConfig;
}

const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const file = readFileConfig(env);
  const config: Config = {
    host: env.HOST ?? file.host ?? '0.0.0.0',
    port: Number(env.PORT ?? file.port ?? 8000),
    apiKeys: env.MYNAH_API_KEYS !== undefined ? list(env.MYNAH_API_KEYS) : (file.apiKeys ?? []),
    workers: Number(env.MYNAH_WORKERS ?? file.workers ?? 0),
    workersReason: env.MYNAH_WORKERS !== undefined ? 'set by MYNAH_WORKERS' : file.workers !== undefined ? 'set in the config file' : '',
    cacheMb: Number(env.MYNAH_CACHE_MB ?? file.cacheMb ?? 0),
    splitJobs: (env.MYNAH_SPLIT_JOBS ?? String(file.splitJobs ?? false)) === 'true',
    corsOrigin: env.MYNAH_CORS_ORIGIN ?? file.corsOrigin ?? '',
    detectLanguage: (env.MYNAH_DETECT_LANGUAGE ?? String(file.detectLanguage ?? true)) !== 'false',
    logLevel: env.MYNAH_LOG_LEVEL ?? file.logLevel ?? 'info',
    logFormat: (env.MYNAH_LOG_FORMAT ?? file.logFormat ?? 'auto') as Config['logFormat'],
    modelAliases: { ...MODEL_ALIASES, ...file.modelAliases },
    voiceMap: mergeVoiceMap(OPENAI_VOICE_MAP, file.voiceMap ?? {}),
    fallbackEngine: file.fallbackEngine ?? FALLBACK_ENGINE,
    modelsDir: env.MYNAH_MODELS_DIR ?? file.modelsDir ?? defaultModelsDir(env),
    blendSessions: num(env.MYNAH_BLEND_SESSIONS, file.blendSessions, 2),
    pullStallMs: num(env.MYNAH_PULL_STALL_MS, file.pullStallMs, 30_000),
    sherpaThreads: Number(env.MYNAH_SHERPA_THREADS ?? file.sherpaThreads ?? 1),
    bodyLimit: num(env.MYNAH_BODY_LIMIT, file.bodyLimit, 1024 * 1024),
    maxInputChars: num(env.MYNAH_MAX_INPUT_CHARS, file.maxInputChars, 4096),
    maxConcurrent: num(env.MYNAH_MAX_CONCURRENT, file.maxConcurrent, 0),
    maxQueue: num(env.MYNAH_MAX_QUEUE, file.maxQueue, 64),
    jobTimeoutMs: num(env.MYNAH_JOB_TIMEOUT_MS, file.jobTimeoutMs, 120_000),
    shutdownGraceMs: num(env.MYNAH_SHUTDOWN_GRACE_MS, file.shutdownGraceMs, 30_000),
    rateLimitRequests: num(env.MYNAH_RATE_LIMIT_RPM, file.rateLimitRequests, 0),
    rateLimitChars: num(env.MYNAH_RATE_LIMIT_CPM, file.rateLimitChars, 0),
    keysFile: env.MYNAH_KEYS_FILE ?? file.keysFile,
    logInput: (env.MYNAH_LOG_INPUT ?? String(file.logInput ?? false)) === '1' || env.MYNAH_LOG_INPUT === 'true' || file.logInput === true,
    instructionsAnyModel: (env.MYNAH_INSTRUCTIONS_ANY_MODEL ?? String(file.instructionsAnyModel ?? false)) === 'true',

    gateway: parseGatewayConfig(file.gateway, env, join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'mynah')),

    ffmpeg: env.MYNAH_FFMPEG || file.ffmpeg || 'ffmpeg',
    writeStallMs: num(env.MYNAH_WRITE_STALL_MS, file.writeStallMs, 30_000),
    headersTimeoutMs: num(env.MYNAH_HEADERS_TIMEOUT_MS, file.headersTimeoutMs, 10_000),
    requestTimeoutMs: num(env.MYNAH_REQUEST_TIMEOUT_MS, file.requestTimeoutMs, 30_000),
    keepAliveTimeoutMs: num(env.MYNAH_KEEPALIVE_TIMEOUT_MS, file.keepAliveTimeoutMs, 5_000),
    maxAudioSecondsPerChar: num(env.MYNAH_MAX_AUDIO_SECONDS_PER_CHAR, file.maxAudioSecondsPerChar, 0.5),
    maxExpansion: num(env.MYNAH_MAX_EXPANSION, file.maxExpansion, 6),
    workerHeapMb: num(env.MYNAH_WORKER_HEAP_MB, file.workerHeapMb, 1024),

    adminKeys: env.MYNAH_ADMIN_KEYS !== undefined ? list(env.MYNAH_ADMIN_KEYS) : (file.adminKeys ?? []),
    lexiconDir: env.MYNAH_LEXICON_DIR ?? file.lexiconDir ?? './data/lexicon',
    debugStats: (env.MYNAH_DEBUG_STATS ?? String(file.debugStats ?? false)) === '1' || env.MYNAH_DEBUG_STATS === 'true' || file.debugStats === true,

    redisUrl: env.MYNAH_REDIS_URL || file.redisUrl || undefined,
    redisFailMode: (env.MYNAH_REDIS_FAIL ?? file.redisFailMode ?? 'open') as Config['redisFailMode'],
    jobsDir: env.MYNAH_JOBS_DIR ?? file.jobsDir ?? './data/jobs',
    jobsTtlS: num(env.MYNAH_JOBS_TTL_S, file.jobsTtlS, 86_400),
    jobsMaxChars: num(env.MYNAH_JOBS_MAX_CHARS, file.jobsMaxChars, 2_000_000),
    jobsLockMs: num(env.MYNAH_JOBS_LOCK_MS, file.jobsLockMs, 30_000),
    jobsResultsDir: env.MYNAH_JOBS_RESULTS_DIR ?? file.jobsResultsDir ?? '',
    jobsResultsShared: (env.MYNAH_JOBS_DIR_SHARED ?? String(file.jobsResultsShared ?? false)) === 'true',
    jobsRedisFileMb: num(env.MYNAH_JOBS_REDIS_FILE_MB, file.jobsRedisFileMb, 64),
    ...overrides,
  };
  if (!config.jobsResultsDir) config.jobsResultsDir = join(config.jobsDir, 'results');
  if (!(config.jobsRedisFileMb >= 0)) throw new ConfigError(`invalid MYNAH_JOBS_REDIS_FILE_MB: ${config.jobsRedisFileMb}`);
  if (config.redisFailMode !== 'open' && config.redisFailMode !== 'closed') throw new ConfigError(`invalid MYNAH_REDIS_FAIL: ${config.redisFailMode} (open or closed)`);
  for (const k of ['jobsTtlS', 'jobsMaxChars', 'jobsLockMs'] as const) {
    if (!Number.isFinite(config[k]) || config[k] <= 0) throw new ConfigError(`invalid ${k}: ${config[k]}`);
  }
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) throw new ConfigError(`invalid PORT: ${config.port}`);
  // Neural models decide the default worker count, so it waits for the model store's path.
  if (config.workers === 0 && !config.workersReason && overrides.workers === undefined) {
    const choice = defaultWorkers(config.modelsDir, undefined, undefined, config.blendSessions);
    config.workers = choice.workers;
    config.workersReason = choice.reason;
  }
  if (!config.workersReason) config.workersReason = 'set by the caller';
  if (!Number.isInteger(config.workers) || config.workers < 1) throw new ConfigError(`invalid MYNAH_WORKERS: ${config.workers}`);
  if (!Number.isInteger(config.sherpaThreads) || config.sherpaThreads < 1) throw new ConfigError(`invalid MYNAH_SHERPA_THREADS: ${config.sherpaThreads}`);
  if (!(config.cacheMb >= 0)) throw new ConfigError(`invalid MYNAH_CACHE_MB: ${config.cacheMb}`);
  if (!Number.isInteger(config.blendSessions) || config.blendSessions < 0) throw new ConfigError(`invalid MYNAH_BLEND_SESSIONS: ${config.blendSessions}`);
  for (const k of ['bodyLimit', 'maxInputChars', 'maxConcurrent', 'maxQueue', 'jobTimeoutMs', 'shutdownGraceMs', 'rateLimitRequests', 'rateLimitChars'] as const) {
    if (!Number.isFinite(config[k]) || config[k] < 0) throw new ConfigError(`invalid ${k}: ${config[k]}`);
  }
  for (const k of ['writeStallMs', 'headersTimeoutMs', 'requestTimeoutMs', 'keepAliveTimeoutMs', 'maxAudioSecondsPerChar', 'maxExpansion'] as const) {
    if (!Number.isFinite(config[k]) || config[k] <= 0) throw new ConfigError(`invalid ${k}: ${config[k]}`);
  }
  if (config.headersTimeoutMs > config.requestTimeoutMs) throw new ConfigError(`MYNAH_HEADERS_TIMEOUT_MS (${config.headersTimeoutMs}) must not exceed MYNAH_REQUEST_TIMEOUT_MS (${config.requestTimeoutMs})`);
  if (!Number.isInteger(config.workerHeapMb) || config.workerHeapMb < 64) throw new ConfigError(`invalid MYNAH_WORKER_HEAP_MB: ${config.workerHeapMb}`);
  if (!['auto', 'pretty', 'json'].includes(config.logFormat)) throw new ConfigError(`invalid MYNAH_LOG_FORMAT: ${config.logFormat} (pretty, json or auto)`);
  if (config.maxConcurrent === 0) config.maxConcurrent = config.workers * 2;
  return config;
}

const num = (env: string | undefined, file: number | undefined, fallback: number) => Number(env ?? file ?? fallback);

function mergeVoiceMap(base: Record<string, Record<string, string>>, extra: Record<string, Record<string, string>>) {
  // fromEntries defines own keys: an engine named `__proto__` in a config file cannot reach the prototype.
  const engines = [...new Set([...Object.keys(base), ...Object.keys(extra)])];
  return Object.fromEntries(engines.map((engine) => [engine, { ...base[engine], ...extra[engine] }]));
}
