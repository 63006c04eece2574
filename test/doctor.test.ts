// `mynah doctor` as a user runs it: a real process on a real model store, config file, lexicon and
// port; each broken thing is one FAIL/WARN line and the documented exit code (0, 1 or 3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { writePiperModel } from './fixtures/tiny-models.js';
import { onPath } from '../src/cli/checks.js';
import { checkConfigFile, syntaxErrorAt } from '../src/config/schema.js';

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const MODEL = 'vits-piper-en_US-tiny-medium';

/** A healthy setup: one model, a valid config file and lexicon, all tools on PATH. */
async function setup(fn: (dir: string, env: NodeJS.ProcessEnv) => Promise<void>) {
  const dir = await mkdtemp(join(tmpdir(), 'mynah-doctor-'));
  try {
    await writePiperModel(join(dir, 'models', MODEL));
    await writeFile(join(dir, 'mynah.config.json'), JSON.stringify({ workers: 1, cacheMb: 8, voiceMap: { flite: { alloy: 'slt' } } }));
    await mkdir(join(dir, 'lexicon'));
    await writeFile(join(dir, 'lexicon', 'en.json'), '{ "nginx": "engine x" }\n');
    await fn(dir, { MYNAH_MODELS_DIR: join(dir, 'models'), MYNAH_CONFIG: join(dir, 'mynah.config.json'), MYNAH_LEXICON_DIR: join(dir, 'lexicon') });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function doctor(env: NodeJS.ProcessEnv, args: string[] = ['--host', '127.0.0.1', '--port', '0']) {
  const clean = { ...process.env };
  for (const k of Object.keys(clean)) if (k.startsWith('MYNAH_') || k === 'PORT' || k === 'HOST') delete clean[k];
  const child = spawn(process.execPath, [CLI, 'doctor', ...args], { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = await once(child, 'exit');
  const problems = stdout.split('\n').filter((l) => /^(FAIL|WARN) /.test(l));
  return { code: code as number, stdout, stderr, problems };
}

test('doctor on a healthy setup: every check ok, exit 0', { timeout: 30_000 }, async () => {
  await setup(async (dir, env) => {
    const r = await doctor(env);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(r.problems, []);
    for (const check of ['node', 'config', 'ffmpeg', 'bzip2', 'tar', 'models', 'memory', 'port', 'lexicon']) assert.match(r.stdout, new RegExp(`^ok +${check} `, 'm'));
    assert.match(r.stdout, new RegExp(`^ok +models +${MODEL}: piper, 1 voice \\(en\\), ~\\d+ MB per worker$`, 'm'));
    assert.match(r.stdout, /^ok +memory +1 worker x ~\d+ MB/m);
    assert.match(r.stdout, /All good/);
    const json = await doctor(env, ['--port', '0', '--json']);
    assert.equal(json.code, 0);
    assert.ok(JSON.parse(json.stdout).findings.every((f: { status: string }) => f.status === 'ok'));
  });
});

test('doctor with ffmpeg hidden from PATH: one WARN line about aac, exit 3', { timeout: 30_000 }, async () => {
  await setup(async (dir, env) => {
    const bin = join(dir, 'bin');
    await mkdir(bin);
    for (const t of ['tar', 'bzip2']) await symlink(onPath(t)!, join(bin, t));
    const r = await doctor({ ...env, PATH: bin });
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.equal(r.problems.length, 1, r.stdout);
    assert.match(r.problems[0], /^WARN +ffmpeg +aac needs ffmpeg, and none was found.*response_format aac is refused/);
  });
});

test('doctor with a malformed config file: one FAIL line with the line number, exit 1', { timeout: 30_000 }, async () => {
  await setup(async (dir, env) => {
    await writeFile(env.MYNAH_CONFIG!, '{\n  "workers": 1,\n  "cacheMb": 8,\n}\n');
    const r = await doctor(env);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(r.problems.length, 1, r.stdout);
    assert.match(r.problems[0], /^FAIL +config +.*mynah\.config\.json line 4, column 1: malformed JSON/);
    assert.equal(r.stderr, '', 'no stack trace');
  });
});

test('doctor with wrong types and an unknown key: one FAIL line each, naming the key', { timeout: 30_000 }, async () => {
  await setup(async (dir, env) => {
    await writeFile(env.MYNAH_CONFIG!, JSON.stringify({ workers: 0, apiKeys: 'sk-1', logLevl: 'debug', voiceMap: { flite: ['slt'] } }));
    const r = await doctor(env);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.deepEqual(r.problems.map((l) => l.replace(/^FAIL +config +\S+: /, '')), [
      "'workers' must be a whole number of at least 1, not 0",
      "'apiKeys' must be a list of strings, not \"sk-1\"",
      "unknown key 'logLevl' (did you mean 'logLevel'?)",
      "'voiceMap' must be an object of string maps ({ \"flite\": { \"alloy\": \"slt\" } }), not {\"flite\":[\"slt\"]}",
    ]);
  });
});

test('doctor with a broken model folder: one FAIL line naming it and the fix, exit 1', { timeout: 30_000 }, async () => {
  await setup(async (dir, env) => {
    await unlink(join(dir, 'models', MODEL, 'tokens.txt'));
    const r = await doctor(env);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(r.problems.length, 1, r.stdout);
    assert.match(r.problems[0], new RegExp(`^FAIL +models +.*/${MODEL} is not a usable model \\(no tokens\\.txt\\); remove it \\(mynah models rm ${MODEL}\\)`));
  });
});

test('doctor with the port taken: one FAIL line, exit 1', { timeout: 30_000 }, async () => {
  await setup(async (dir, env) => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await doctor({ ...env, PORT: String(port), HOST: '127.0.0.1' }, []);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.deepEqual(r.problems, [`FAIL  port     port ${port} is already in use on 127.0.0.1 (another Mynah?); stop it, or set PORT / --port`]);
    } finally {
      blocker.close();
    }
  });
});

test('doctor with a malformed lexicon file: one FAIL line with its line, exit 1', { timeout: 30_000 }, async () => {
  await setup(async (dir, env) => {
    await writeFile(join(dir, 'lexicon', 'de.json'), '{\n  "ssh": "es es ha",\n  "nginx": \n}\n');
    const r = await doctor(env);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(r.problems.length, 1, r.stdout);
    assert.match(r.problems[0], /^FAIL +lexicon +lexicon .*de\.json line 4, column 1: malformed JSON/);
  });
});

test('memory: more workers than the machine holds with the models loaded is a FAIL with a worker count that fits', { timeout: 30_000 }, async () => {
  await setup(async (dir, env) => {
    const r = await doctor({ ...env, MYNAH_WORKERS: '100000' });
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.problems.join('\n'), /^FAIL +memory +100000 workers x ~\d+ MB = ~\d+ MB, more than this machine's \d+ MB; set MYNAH_WORKERS=\d+$/);
  });
});

test('the JSON syntax scanner agrees with JSON.parse on valid and broken text', () => {
  const broken = fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', 'x', '\\', '\n', '{', '1.', 'tru'))
    .map(([text, at, insert]) => { const i = at % (text.length + 1); return text.slice(0, i) + insert + text.slice(i); });
  fc.assert(fc.property(fc.oneof(fc.json(), broken), (text) => {
    let valid = true;
    try { JSON.parse(text); } catch { valid = false; }
    const at = syntaxErrorAt(text);
    assert.equal(at === -1, valid, `${JSON.stringify(text)}: scanner says ${at}`);
  }), { numRuns: 3000 });
});

test('the config schema accepts every documented setting with its right type', () => {
  assert.deepEqual(checkConfigFile({
    host: '127.0.0.1', port: 8000, apiKeys: ['sk-1'], workers: 2, cacheMb: 0.5, splitJobs: true, corsOrigin: '*', detectLanguage: false,
    logLevel: 'warn', logFormat: 'json', modelAliases: { 'tts-1': ['flite'] }, voiceMap: { flite: { alloy: 'slt' } }, fallbackEngine: 'espeak',
    modelsDir: '/m', sherpaThreads: 1, bodyLimit: 1024, maxInputChars: 4096, maxConcurrent: 0, maxQueue: 8, jobTimeoutMs: 1000,
    shutdownGraceMs: 10, rateLimitRequests: 0, rateLimitChars: 0, keysFile: 'keys.json', logInput: false,
  }, 'f.json'), []);
  assert.deepEqual(checkConfigFile([1], 'f.json'), ['f.json: must be a JSON object ({ "port": 8000, ... })']);
  assert.deepEqual(checkConfigFile({ port: 70000 }, 'f.json'), ["f.json: 'port' must be a whole number from 0 to 65535, not 70000"]);
});
