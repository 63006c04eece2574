// What `mynah serve` says once it listens: on a terminal a short table a person reads (version,
// address, voices, models, workers, keys, limits, what is missing and the one command that adds
// natural voices); otherwise the same facts as one JSON log line (`"event":"startup"`).
import { readFileSync } from 'node:fs';
import type { Config } from '../config/index.js';
import { CATALOGUE } from '../models/catalogue.js';
import type { Server } from '../server/app.js';
import { prettyLogs } from '../server/logger.js';
import { aacStatus, keysFileCount, mb, onPath, storeFacts, SUGGESTED_MODEL, workersMemory, type ModelFootprint } from './checks.js';
import { ListenError } from './common.js';

export const VERSION: string = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version;

/** Listens, or ends with one line saying why not (exit 4), after stopping the workers. */
export async function listen(server: Server, config: Config): Promise<void> {
  try {
    await server.app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await server.close().catch(() => {});
    const code = (err as NodeJS.ErrnoException).code;
    const where = `${config.host}:${config.port}`;
    if (code === 'EADDRINUSE') throw new ListenError(`port ${config.port} is already in use on ${config.host} (another Mynah?); stop it or choose another port with --port or PORT`);
    if (code === 'EACCES') throw new ListenError(`no permission to listen on ${where}; ports below 1024 need root, use --port 8000`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new ListenError(`cannot listen on ${where}: ${config.host} is not an address of this machine; use --host 127.0.0.1 or 0.0.0.0`);
    throw err;
  }
}

export interface Missing { what: string; cost: string; fix: string }

export interface StartupFacts {
  version: string;
  url: string;
  playground: string;
  engines: { name: string; voices: number }[];
  modelsDir: string;
  models: ModelFootprint[];
  brokenModels: { id: string; reason: string }[];
  workers: number;
  workersReason: string;
  workersMemoryMb: number;
  apiKeys: { on: boolean; count: number };
  cache: { on: boolean; mb: number };
  rateLimits: { on: boolean; requestsPerMinute: number; charsPerMinute: number };
  missing: Missing[];
  /** The command that adds natural voices, when none are installed. */
  naturalVoices?: string;
}

const urlHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

export async function collectFacts(server: Server, config: Config, env: NodeJS.ProcessEnv = process.env): Promise<StartupFacts> {
  const address = server.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${urlHost(config.host)}:${port}`;
  // A wildcard address is not one a browser can open.
  const browse = config.host === '0.0.0.0' || config.host === '::' ? `http://localhost:${port}` : url;
  const { catalog } = server.services;
  const engines = catalog.engineNames().map((name) => ({ name, voices: catalog.engine(name)?.voices.length ?? 0 }));
  const { models, broken } = await storeFacts(config.modelsDir);
  const missing: Missing[] = [];
  const aac = await aacStatus(config.ffmpeg);
  if (aac !== true) missing.push({ what: 'ffmpeg', cost: 'response_format aac is refused (400)', fix: 'apt-get install ffmpeg, or set MYNAH_FFMPEG' });
  for (const bin of ['bzip2', 'tar']) {
    if (!onPath(bin, env)) missing.push({ what: bin, cost: '`mynah models pull` fails', fix: `apt-get install ${bin}` });
  }
  const suggested = CATALOGUE.find((e) => e.name === SUGGESTED_MODEL);
  const keyCount = config.apiKeys.length + keysFileCount(config.keysFile);
  return {
    version: VERSION,
    url,
    playground: `${browse}/`,
    engines,
    modelsDir: config.modelsDir,
    models,
    brokenModels: broken,
    workers: config.workers,
    workersReason: config.workersReason,
    workersMemoryMb: mb(workersMemory(config.workers, models)),
    apiKeys: { on: keyCount > 0, count: keyCount },
    cache: { on: config.cacheMb > 0, mb: config.cacheMb },
    rateLimits: { on: config.rateLimitRequests > 0 || config.rateLimitChars > 0, requestsPerMinute: config.rateLimitRequests, charsPerMinute: config.rateLimitChars },
    missing,
    ...(models.length === 0 && suggested ? { naturalVoices: `mynah models pull ${suggested.name}` } : {}),
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function renderSummary(f: StartupFacts, color = false): string {
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const warn = (s: string) => (color ? `\x1b[33m${s}\x1b[39m` : s);
  const rows: [string, string][] = [
    ['Playground', `${f.playground}   (OpenAI base URL: ${f.playground}v1)`],
    ['Engines', f.engines.map((e) => `${e.name} (${plural(e.voices, 'voice')})`).join(', ')],
    ['Models', f.models.length === 0 ? `none installed in ${f.modelsDir}` : f.models.map((m) => `${m.id} (${m.family}, ${plural(m.voices, 'voice')}, ~${mb(m.memoryBytes)} MB per worker)`).join('\n')],
    ...f.brokenModels.map((b): [string, string] => ['', warn(`${b.id}: not loaded (${b.reason}); run mynah doctor`)]),
    ['Workers', `${f.workers} (${f.workersReason}; ~${f.workersMemoryMb} MB in all)`],
    ['API keys', f.apiKeys.on ? `on (${plural(f.apiKeys.count, 'key')})` : warn('off: anyone who reaches this port can use it (set MYNAH_API_KEYS)')],
    ['Cache', f.cache.on ? `on (${f.cache.mb} MB)` : 'off'],
    ['Rate limits', f.rateLimits.on ? `on (${f.rateLimits.requestsPerMinute || 'unlimited'} requests, ${f.rateLimits.charsPerMinute || 'unlimited'} characters per minute per key)` : 'off'],
    ...f.missing.map((m, i): [string, string] => [i === 0 ? 'Missing' : '', warn(`${m.what}: ${m.cost} (${m.fix})`)]),
  ];
  if (f.naturalVoices) rows.push(['Next', `natural voices: ${bold(f.naturalVoices)}, then restart`]);
  const lines = [bold(`Mynah ${f.version} listening on ${f.url}`)];
  for (const [label, value] of rows) {
    value.split('\n').forEach((v, i) => lines.push(`  ${(i === 0 ? label : '').padEnd(12)} ${v}`));
  }
  return `${lines.join('\n')}\n`;
}

/** Prints the summary on a terminal, or logs it as one JSON line. */
export async function announce(server: Server, config: Config): Promise<void> {
  if (config.logLevel === 'silent') return;
  const facts = await collectFacts(server, config);
  if (prettyLogs(config)) process.stdout.write(`\n${renderSummary(facts, process.stdout.isTTY === true && !process.env.NO_COLOR)}\n`);
  else server.app.log.info({ event: 'startup', ...facts }, `Mynah ${facts.version} ready at ${facts.url}`);
}
