// `mynah doctor`: checks what `mynah serve` needs (Node, ffmpeg, bzip2/tar, the config file, the
// model store, memory for the workers, the port, the keys file, the lexicon) and prints one line per
// check with what to fix. Exit codes: 0 all good, 1 something is broken (the server will not start,
// or a model or lexicon will not load), 2 wrong command line, 3 it works, but something is missing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { freemem, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config/index.js';
import { checkConfigFile, ConfigError, parseJson } from '../config/schema.js';
import { aacStatus, keysFileCount, lexiconDir, lexiconProblems, mb, onPath, storeFacts, SUGGESTED_MODEL, WORKER_BASE_BYTES, workersMemory } from './checks.js';
import { EXIT, HELP, UsageError } from './common.js';
import { VERSION } from './summary.js';

export type Status = 'ok' | 'warn' | 'fail';
export interface Finding { check: string; status: Status; message: string }

/** Node's major version Mynah needs (package.json "engines"). */
const NODE_MAJOR = 20;

export async function doctor(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { host: { type: 'string' }, port: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return console.log(HELP.doctor), EXIT.ok;
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) throw new UsageError(`--port must be a port number, not '${values.port}'`);
  const findings = await examine(process.env, { ...(values.host ? { host: values.host } : {}), ...(port !== undefined ? { port } : {}) });
  if (values.json) console.log(JSON.stringify({ version: VERSION, findings }, null, 2));
  else print(findings);
  return findings.some((f) => f.status === 'fail') ? EXIT.failure : findings.some((f) => f.status === 'warn') ? DOCTOR_WARN : EXIT.ok;
}

/** Exit code when everything needed works but something optional is missing (ffmpeg, bzip2). */
export const DOCTOR_WARN = 3;

export async function examine(env: NodeJS.ProcessEnv, overrides: Partial<Config> = {}): Promise<Finding[]> {
  const out: Finding[] = [];
  const add = (check: string, status: Status, message: string) => out.push({ check, status, message });

  const major = Number(process.versions.node.split('.')[0]);
  add('node', major >= NODE_MAJOR ? 'ok' : 'fail', major >= NODE_MAJOR ? `Node ${process.versions.node}` : `Node ${process.versions.node} is too old: Mynah needs Node ${NODE_MAJOR} or newer`);

  const config = checkConfig(env, overrides, add);

  const aac = await aacStatus(config?.ffmpeg ?? env.MYNAH_FFMPEG ?? 'ffmpeg');
  add('ffmpeg', aac === true ? 'ok' : 'warn', aac === true ? 'ffmpeg with its AAC encoder (response_format aac)' : `${aac}; until then response_format aac is refused with a 400`);
  for (const bin of ['bzip2', 'tar']) {
    const path = onPath(bin, env);
    add(bin, path ? 'ok' : 'warn', path ? path : `${bin} not found on PATH: \`mynah models pull\` cannot unpack models; install it (apt-get install ${bin})`);
  }

  const { models, broken } = await storeFacts(config.modelsDir);
  if (!existsSync(config.modelsDir) || (models.length === 0 && broken.length === 0)) {
    add('models', 'ok', `no neural models in ${config.modelsDir}: built-in voices only; natural voices: mynah models pull ${SUGGESTED_MODEL}`);
  }
  for (const m of models) add('models', 'ok', `${m.id}: ${m.family}, ${m.voices} voice${m.voices === 1 ? '' : 's'} (${m.languages.join(', ')}), ~${mb(m.memoryBytes)} MB per worker`);
  for (const b of broken) add('models', 'fail', `${config.modelsDir}/${b.id} is not a usable model (${b.reason}); remove it (mynah models rm ${b.id}) and pull it again`);

  const need = workersMemory(config.workers, models);
  const perWorker = need / config.workers;
  const fits = Math.max(1, Math.floor((totalmem() * 0.5) / perWorker));
  const memory = `${config.workers} worker${config.workers === 1 ? '' : 's'} x ~${mb(perWorker)} MB = ~${mb(need)} MB`;
  if (need > totalmem()) add('memory', 'fail', `${memory}, more than this machine's ${mb(totalmem())} MB; set MYNAH_WORKERS=${fits}`);
  else if (need > freemem()) add('memory', 'warn', `${memory}, more than the ${mb(freemem())} MB free now; set MYNAH_WORKERS=${Math.max(1, Math.floor(freemem() / perWorker))} or free memory`);
  else add('memory', 'ok', `${memory} of ${mb(freemem())} MB free (${mb(totalmem())} MB total; a worker without models is ~${mb(WORKER_BASE_BYTES)} MB)`);

  const portIssue = await portProblem(config.host, config.port);
  add('port', portIssue ? 'fail' : 'ok', portIssue ?? (config.port === 0 ? `${config.host}: any free port` : `${config.host}:${config.port} is free`));

  try {
    const count = keysFileCount(config.keysFile);
    if (config.keysFile) add('keys', 'ok', `${count} key${count === 1 ? '' : 's'} in ${config.keysFile}`);
  } catch (err) {
    add('keys', 'fail', (err as Error).message);
  }

  const dir = config?.lexiconDir ?? lexiconDir(env);
  const lexicon = lexiconProblems(dir);
  for (const p of lexicon) add('lexicon', 'fail', `${p}; fix or remove the file`);
  if (lexicon.length === 0) {
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => /^[a-z]{2,3}\.json$/.test(f)) : [];
    add('lexicon', 'ok', files.length ? `${files.length} file${files.length === 1 ? '' : 's'} in ${dir}` : `none in ${dir}`);
  }
  return out;
}

/** The config file's every problem (not just the first), then the environment's; a usable config either way. */
function checkConfig(env: NodeJS.ProcessEnv, overrides: Partial<Config>, add: (c: string, s: Status, m: string) => void): Config {
  const path = env.MYNAH_CONFIG ?? (existsSync('mynah.config.json') ? 'mynah.config.json' : undefined);
  let fileOk = true;
  if (path) {
    try {
      const problems = checkConfigFile(parseJson(readFileSync(path, 'utf8'), path), path);
      for (const p of problems) add('config', 'fail', p);
      fileOk = problems.length === 0;
    } catch (err) {
      add('config', 'fail', err instanceof ConfigError ? err.message : `cannot read config file ${path}: ${(err as Error).message}`);
      fileOk = false;
    }
  }
  // Without a usable file the rest is checked with the environment alone, then the defaults.
  const attempts = [env, { ...env, MYNAH_CONFIG: '' }, { MYNAH_CONFIG: '', MYNAH_MODELS_DIR: env.MYNAH_MODELS_DIR, XDG_DATA_HOME: env.XDG_DATA_HOME }];
  for (const [i, attempt] of (fileOk ? attempts : attempts.slice(1)).entries()) {
    try {
      const config = loadConfig(attempt, overrides);
      if (fileOk && i === 0) add('config', 'ok', path ? `${path} and the environment` : 'no config file; defaults and the environment');
      return config;
    } catch (err) {
      if (i === 0 || !fileOk) add('config', 'fail', (err as Error).message);
    }
  }
  return loadConfig({ MYNAH_CONFIG: '' }, overrides);
}

/** Why the server could not listen on host:port, or undefined when it can. */
function portProblem(host: string, port: number): Promise<string | undefined> {
  if (port === 0) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(
      err.code === 'EADDRINUSE' ? `port ${port} is already in use on ${host} (another Mynah?); stop it, or set PORT / --port`
        : err.code === 'EACCES' ? `no permission to listen on ${host}:${port}; ports below 1024 need root`
          : `cannot listen on ${host}:${port}: ${err.message}`));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(undefined)));
  });
}

const MARK: Record<Status, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' };

function print(findings: Finding[]): void {
  console.log(`Mynah ${VERSION} doctor`);
  for (const f of findings) console.log(`${MARK[f.status]}  ${f.check.padEnd(8)} ${f.message}`);
  const fails = findings.filter((f) => f.status === 'fail').length;
  const warns = findings.filter((f) => f.status === 'warn').length;
  console.log(fails ? `\n${fails} problem${fails === 1 ? '' : 's'} to fix (FAIL lines above) before mynah serve works as configured.`
    : warns ? `\nMynah works; the WARN lines above cost a feature each.` : '\nAll good: mynah serve is ready.');
}
