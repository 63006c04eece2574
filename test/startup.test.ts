// What a person sees when `mynah serve` starts: a summary table in a terminal (a real pseudo-
// terminal from util-linux's `script`), one JSON line under a process manager, and one clear line
// with exit 3 or 4 when the config is wrong or the port is taken.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePiperModel } from './fixtures/tiny-models.js';
import { onPath } from '../src/cli/checks.js';

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const VERSION = '0.1.0';
/** util-linux's script, found before a test narrows PATH. */
const SCRIPT = onPath('script') ?? 'script';
const KEYS = ['sk-start-secret-1111', 'sk-start-secret-2222'];
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').replace(/\r/g, '');

/** A PATH holding only the named tools (symlinks to the real ones), to hide the others. */
async function pathWith(dir: string, tools: string[]): Promise<string> {
  const bin = join(dir, 'bin');
  await mkdir(bin, { recursive: true });
  for (const t of tools) await symlink(onPath(t)!, join(bin, t));
  return bin;
}

interface Started { output: () => string; stop: () => Promise<void>; exited: Promise<number | null> }

/** Starts the CLI, in a pseudo-terminal when `tty`, and waits until `ready` matches its output. */
async function start(env: NodeJS.ProcessEnv, ready: RegExp, tty: boolean, args = ['--host', '127.0.0.1', '--port', '0']): Promise<Started> {
  const command = [process.execPath, CLI, 'serve', ...args];
  // script -q (no banner) -f (flush) -e (child's exit code) -c: the server's stdout is a terminal.
  const child = tty
    ? spawn(SCRIPT, ['-qfec', command.map((a) => `'${a}'`).join(' '), '/dev/null'], { env: { ...process.env, ...env }, detached: true, stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn(command[0], command.slice(1), { env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const kill = () => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { kill(); reject(new Error(`no match for ${ready} in: ${out}`)); }, 20_000);
    const check = () => { if (ready.test(stripAnsi(out))) { clearTimeout(timer); resolve(); } };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    void exited.then(() => { clearTimeout(timer); check(); reject(new Error(`exited early: ${out}`)); });
  });
  return {
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(-child.pid!, 'SIGTERM');
        await exited;
      }
    },
  };
}

async function inTemp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'mynah-start-'));
  try { return await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

test('on a terminal: a summary with voices, models and their memory, workers, keys (counted, never shown), limits and what is missing', { timeout: 60_000 }, async () => {
  await inTemp(async (dir) => {
    await writePiperModel(join(dir, 'models', 'vits-piper-en_US-tiny-medium'));
    const bin = await pathWith(dir, ['tar', 'ffmpeg']); // no bzip2
    const server = await start({
      PATH: bin, MYNAH_MODELS_DIR: join(dir, 'models'), MYNAH_WORKERS: '1', MYNAH_API_KEYS: KEYS.join(','),
      MYNAH_CACHE_MB: '32', MYNAH_RATE_LIMIT_RPM: '60', MYNAH_LOG_FORMAT: undefined, MYNAH_LOG_LEVEL: 'info',
    }, /Missing.*\n/, true);
    try {
      const text = stripAnsi(server.output());
      const url = /Mynah 0\.1\.0 listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
      assert.ok(url, text);
      assert.match(text, new RegExp(`Playground +${url}/ `));
      assert.match(text, /Engines +flite \(5 voices\), espeak \(\d+ voices\), vits-piper-en_US-tiny-medium \(1 voice\)/);
      assert.match(text, /Models +vits-piper-en_US-tiny-medium \(piper, 1 voice, ~\d+ MB per worker\)/);
      assert.match(text, /Workers +1 \(set by MYNAH_WORKERS; ~\d+ MB in all\)/);
      assert.match(text, /API keys +on \(2 keys\)/);
      assert.match(text, /Cache +on \(32 MB\)/);
      assert.match(text, /Rate limits +on \(60 requests/);
      assert.match(text, /Missing +bzip2: `mynah models pull` fails/);
      assert.doesNotMatch(text, /ffmpeg:/, 'ffmpeg is there');
      assert.doesNotMatch(text, /Next +natural voices/, 'a model is installed');
      // The playground the summary names is served there; the request is logged as one readable line.
      assert.equal((await fetch(`${url}/`)).status, 200);
      const res = await fetch(`${url}/v1/audio/speech`, { method: 'POST', headers: { authorization: `Bearer ${KEYS[1]}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'flite', voice: 'slt', input: 'Hi.', response_format: 'wav' }) });
      assert.equal(res.status, 200);
      await res.arrayBuffer();
      await waitFor(() => /INFO: speech .*"outcome":"ok"/.test(stripAnsi(server.output())));
      const after = stripAnsi(server.output());
      assert.match(after, /^\[\d\d:\d\d:\d\d\] INFO: speech \{.*"outcome":"ok".*\}$/m, 'one line per log entry');
      assert.doesNotMatch(after, /^\{"level"/m, 'no JSON lines on a terminal');
      for (const k of KEYS) assert.ok(!after.includes(k), 'keys are counted, never shown');
    } finally {
      await server.stop();
    }
  });
});

test('on a terminal with no neural models: the one command that gets natural voices, and API keys off', { timeout: 60_000 }, async () => {
  await inTemp(async (dir) => {
    const server = await start({ MYNAH_MODELS_DIR: join(dir, 'none'), MYNAH_WORKERS: '1', MYNAH_API_KEYS: '', MYNAH_LOG_FORMAT: undefined, MYNAH_LOG_LEVEL: 'info' }, /Next.*\n/, true);
    try {
      const text = stripAnsi(server.output());
      assert.match(text, /Models +none installed in /);
      assert.match(text, /API keys +off/);
      assert.match(text, /Next +natural voices: mynah models pull vits-piper-en_US-lessac-medium\b/);
    } finally {
      await server.stop();
    }
  });
});

test('MYNAH_LOG_FORMAT=json on a terminal: JSON lines, no table', { timeout: 60_000 }, async () => {
  const server = await start({ MYNAH_WORKERS: '1', MYNAH_LOG_FORMAT: 'json', MYNAH_LOG_LEVEL: 'info' }, /"event":"startup".*\n/, true);
  try {
    const text = stripAnsi(server.output());
    assert.doesNotMatch(text, /Playground +http/);
    assert.match(text, /^\{"level":30,.*"msg":"Server listening at /m);
  } finally {
    await server.stop();
  }
});

test('without a terminal: the same facts as one JSON log line', { timeout: 60_000 }, async () => {
  await inTemp(async (dir) => {
    const bin = await pathWith(dir, ['tar', 'bzip2']); // no ffmpeg
    const server = await start({
      PATH: bin, MYNAH_MODELS_DIR: join(dir, 'none'), MYNAH_WORKERS: '1', MYNAH_API_KEYS: KEYS.join(','), MYNAH_FFMPEG: undefined,
      MYNAH_LOG_FORMAT: undefined, MYNAH_LOG_LEVEL: 'info',
    }, /"event":"startup".*\n/, false);
    try {
      const lines = server.output().split('\n').filter((l) => l.includes('"event":"startup"'));
      assert.equal(lines.length, 1);
      const facts = JSON.parse(lines[0]);
      assert.equal(facts.level, 30);
      assert.equal(facts.version, VERSION);
      assert.match(facts.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(facts.playground, `${facts.url}/`);
      assert.deepEqual(facts.engines.map((e: { name: string }) => e.name), ['flite', 'espeak']);
      assert.equal(facts.engines[0].voices, 5);
      assert.deepEqual(facts.models, []);
      assert.equal(facts.workers, 1);
      assert.equal(facts.workersReason, 'set by MYNAH_WORKERS');
      assert.deepEqual(facts.apiKeys, { on: true, count: 2 });
      assert.deepEqual(facts.cache, { on: false, mb: 0 });
      assert.deepEqual(facts.missing.map((m: { what: string }) => m.what), ['ffmpeg']);
      assert.match(facts.missing[0].cost, /aac/);
      assert.equal(facts.naturalVoices, 'mynah models pull vits-piper-en_US-lessac-medium');
      assert.doesNotMatch(server.output(), /Playground +http/);
      for (const k of KEYS) assert.ok(!server.output().includes(k));
    } finally {
      await server.stop();
    }
  });
});

/** Runs `mynah serve` expecting it to fail at start-up. */
async function failingStart(env: NodeJS.ProcessEnv, args: string[]) {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { env: { ...process.env, MYNAH_WORKERS: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const [code] = await once(child, 'exit');
  clearTimeout(timer);
  return { code, stdout, stderr };
}

test('a malformed config file, a wrong type, an unknown key or a malformed lexicon end start-up with one line and exit 3', { timeout: 60_000 }, async () => {
  await inTemp(async (dir) => {
    const cases: [string, RegExp][] = [
      ['{\n  "port": 8000,\n  "workers": 2\n  "host": "127.0.0.1"\n}\n', /^mynah: .*bad\.json line 4, column 3: malformed JSON/],
      ['{ "workers": "four" }', /^mynah: .*bad\.json: 'workers' must be a whole number of at least 1, not "four"$/],
      ['{ "wokers": 2 }', /^mynah: .*bad\.json: unknown key 'wokers' \(did you mean 'workers'\?\)$/],
    ];
    for (const [text, message] of cases) {
      await writeFile(join(dir, 'bad.json'), text);
      const r = await failingStart({ MYNAH_CONFIG: join(dir, 'bad.json') }, ['--port', '0']);
      assert.equal(r.code, 3, r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr.trim(), message);
    }
    await mkdir(join(dir, 'lexicon'));
    await writeFile(join(dir, 'lexicon', 'en.json'), '{\n  "nginx": "engine x",\n  "ssh": \n}\n');
    const lexicon = await failingStart({ MYNAH_LEXICON_DIR: join(dir, 'lexicon') }, ['--port', '0']);
    assert.equal(lexicon.code, 3, lexicon.stderr);
    assert.match(lexicon.stderr.trim(), /^mynah: lexicon .*en\.json line 4, column 1: malformed JSON \(Unexpected token '\}'\)$/);
    const env = await failingStart({ MYNAH_LOG_FORMAT: 'fancy' }, ['--port', '0']);
    assert.equal(env.code, 3);
    assert.match(env.stderr.trim(), /^mynah: invalid MYNAH_LOG_FORMAT: fancy/);
  });
});

test('a taken port ends start-up with one line and exit 4, workers stopped', { timeout: 60_000 }, async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    const r = await failingStart({}, ['--host', '127.0.0.1', '--port', String(port)]);
    assert.equal(r.code, 4, r.stderr);
    assert.equal(r.stderr.trim(), `mynah: port ${port} is already in use on 127.0.0.1 (another Mynah?); stop it or choose another port with --port or PORT`);
  } finally {
    blocker.close();
  }
});

async function waitFor(ok: () => boolean) {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 100));
}
