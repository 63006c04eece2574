// Configuration: defaults, then a JSON file (MYNAH_CONFIG or ./mynah.config.json), then the
// environment. Each setting is documented in README.md under "Configuration".
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defaultModelsDir } from '../models/store.js';
import { FALLBACK_ENGINE, MODEL_ALIASES, OPENAI_VOICE_MAP } from './defaults.js';
import { ConfigError, checkConfigFile, parseJson, type LOG_FORMATS } from './schema.js';

export interface Config {
  host: string;
  port: number;
  /** Accepted API keys; empty means no authentication. */
  apiKeys: string[];
  /** Synthesis worker threads. */
  workers: number;
  /** Megabytes of encoded audio kept for repeated requests; 0 turns the cache off. */
  cacheMb: number;
  /** Split a multi-chunk job across two workers when one is idle (pipelining). */
  splitJobs: boolean;
  /** Allowed CORS origins ('*' for any). */
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
}

type FileConfig = Partial<Config>;

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
    workers: Number(env.MYNAH_WORKERS ?? file.workers ?? availableParallelism()),
    cacheMb: Number(env.MYNAH_CACHE_MB ?? file.cacheMb ?? 0),
    splitJobs: (env.MYNAH_SPLIT_JOBS ?? String(file.splitJobs ?? false)) === 'true',
    corsOrigin: env.MYNAH_CORS_ORIGIN ?? file.corsOrigin ?? '*',
    detectLanguage: (env.MYNAH_DETECT_LANGUAGE ?? String(file.detectLanguage ?? true)) !== 'false',
    logLevel: env.MYNAH_LOG_LEVEL ?? file.logLevel ?? 'info',
    logFormat: (env.MYNAH_LOG_FORMAT ?? file.logFormat ?? 'auto') as Config['logFormat'],
    modelAliases: { ...MODEL_ALIASES, ...file.modelAliases },
    voiceMap: mergeVoiceMap(OPENAI_VOICE_MAP, file.voiceMap ?? {}),
    fallbackEngine: file.fallbackEngine ?? FALLBACK_ENGINE,
    modelsDir: env.MYNAH_MODELS_DIR ?? file.modelsDir ?? defaultModelsDir(env),
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
    ...overrides,
  };
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) throw new ConfigError(`invalid PORT: ${config.port}`);
  if (!Number.isInteger(config.workers) || config.workers < 1) throw new ConfigError(`invalid MYNAH_WORKERS: ${config.workers}`);
  if (!Number.isInteger(config.sherpaThreads) || config.sherpaThreads < 1) throw new ConfigError(`invalid MYNAH_SHERPA_THREADS: ${config.sherpaThreads}`);
  if (!(config.cacheMb >= 0)) throw new ConfigError(`invalid MYNAH_CACHE_MB: ${config.cacheMb}`);
  for (const k of ['bodyLimit', 'maxInputChars', 'maxConcurrent', 'maxQueue', 'jobTimeoutMs', 'shutdownGraceMs', 'rateLimitRequests', 'rateLimitChars'] as const) {
    if (!Number.isFinite(config[k]) || config[k] < 0) throw new ConfigError(`invalid ${k}: ${config[k]}`);
  }
  if (!['auto', 'pretty', 'json'].includes(config.logFormat)) throw new ConfigError(`invalid MYNAH_LOG_FORMAT: ${config.logFormat} (pretty, json or auto)`);
  if (config.maxConcurrent === 0) config.maxConcurrent = config.workers * 2;
  return config;
}

const num = (env: string | undefined, file: number | undefined, fallback: number) => Number(env ?? file ?? fallback);

function mergeVoiceMap(base: Record<string, Record<string, string>>, extra: Record<string, Record<string, string>>) {
  const out: Record<string, Record<string, string>> = {};
  for (const engine of new Set([...Object.keys(base), ...Object.keys(extra)])) {
    out[engine] = { ...base[engine], ...extra[engine] };
  }
  return out;
}
