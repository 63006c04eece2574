// bin/mynah, the `mynah` command as installed (package.json "bin", `npm start`, the Docker CMD):
// `mynah serve` is one process (the sh script execs node, whose CommonJS entry sizes libuv's thread
// pool itself instead of starting the server again), with MALLOC_TRIM_THRESHOLD_ in its
// environment from the start, and SIGTERM reaches the server, which exits 0. Started the old way
// (`node dist/src/cli.js serve`), it still starts itself again with the pool sized.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/mynah', import.meta.url));
const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Launched { child: ChildProcess; pid: number; url: string; logs: () => string; exited: Promise<[number | null, NodeJS.Signals | null]> }

/**
 * Starts `command serve` on a free loopback port; resolves once start-up is over (the "ready" line:
 * its checks have run their tools, and the signal handlers are in place).
 */
async function launch(env: NodeJS.ProcessEnv, command: string[] = [BIN]): Promise<Launched> {
  const child = spawn(command[0], [...command.slice(1), 'serve', '--host', '127.0.0.1', '--port', '0'], {
    // node on PATH for the script: the one running these tests.
    env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, MYNAH_WORKERS: '1', MYNAH_LOG_LEVEL: 'info', MYNAH_LOG_FORMAT: 'json', ...env },
    // Its own process group: whatever the test sees, nothing it started outlives it (see stop()).
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  child.stdout!.on('data', (d) => (logs += d));
  child.stderr!.on('data', (d) => (logs += d));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after 30 s: ${logs}`)), 30_000);
    const check = () => { const m = /Mynah \S+ ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(logs); if (m) { clearTimeout(timer); resolve(m[1]); } };
    child.stdout!.on('data', check);
    void exited.then(([code, signal]) => { clearTimeout(timer); reject(new Error(`exited ${code ?? signal}: ${logs}`)); });
  });
  return { child, pid: child.pid!, url, logs: () => logs, exited };
}

/** SIGTERM to the started process alone (not its group: it must reach the server by itself). */
async function stop(s: Launched): Promise<[number | null, NodeJS.Signals | null]> {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
  const result = await s.exited;
  // A process left behind (a server under a shell that did not exec) would keep the test alive.
  try { process.kill(-s.pid, 'SIGKILL'); } catch { /* none left */ }
  return result;
}

/** Processes started by `pid`, from any of its threads. */
function childrenOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((t) => {
    try { return readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number); } catch { return []; }
  });
}

const environ = (pid: number) => new Map(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);

/**
 * The process's thread count once start-up has settled (the worker that describes eSpeak's voices
 * comes and goes): the same count 3 times 300 ms apart. libuv starts all its pool's threads at once.
 */
async function settledThreads(pid: number): Promise<number> {
  const seen: number[] = [];
  for (let i = 0; i < 100; i++) {
    seen.push(readdirSync(`/proc/${pid}/task`).length);
    if (seen.length >= 3 && seen.slice(-3).every((n) => n === seen[seen.length - 1])) return seen[seen.length - 1];
    await sleep(300);
  }
  throw new Error(`thread count never settled: ${seen.join(' ')}`);
}

test('bin/mynah serve is one node process: no launcher, no child', { timeout: 60_000 }, async () => {
  const s = await launch({});
  try {
    assert.equal((await fetch(`${s.url}/ready`)).status, 200);
    const argv = cmdline(s.pid);
    assert.match(argv[0], /node/, `the script's process became node (exec): ${argv.join(' ')}`);
    assert.ok(argv[1].endsWith('dist/src/cli.cjs'), argv.join(' '));
    assert.deepEqual(childrenOf(s.pid), [], 'no child process');
  } finally { await stop(s); }
});

test('MALLOC_TRIM_THRESHOLD_ is in the server\'s environment from its start; an operator\'s own value is kept', { timeout: 60_000 }, async () => {
  const plain = await launch({ MALLOC_TRIM_THRESHOLD_: undefined });
  try { assert.equal(environ(plain.pid).get('MALLOC_TRIM_THRESHOLD_'), '131072'); } finally { await stop(plain); }
  const own = await launch({ MALLOC_TRIM_THRESHOLD_: '65536' });
  try { assert.equal(environ(own.pid).get('MALLOC_TRIM_THRESHOLD_'), '65536'); } finally { await stop(own); }
});

test('libuv\'s thread pool has maxConcurrent + 4 threads, or the operator\'s UV_THREADPOOL_SIZE', { timeout: 120_000 }, async () => {
  // Same server, pools of 2 + 4 and 12 + 4 threads: the difference is the pool's alone.
  const threads = async (env: NodeJS.ProcessEnv) => {
    const s = await launch(env);
    try {
      assert.deepEqual(childrenOf(s.pid), []);
      return await settledThreads(s.pid);
    } finally { await stop(s); }
  };
  const small = await threads({ MYNAH_MAX_CONCURRENT: '2', UV_THREADPOOL_SIZE: undefined });
  const large = await threads({ MYNAH_MAX_CONCURRENT: '12', UV_THREADPOOL_SIZE: undefined });
  assert.equal(large - small, 10, `threads: ${small} with a pool of 6, ${large} with a pool of 16`);
  const own = await threads({ MYNAH_MAX_CONCURRENT: '12', UV_THREADPOOL_SIZE: '5' });
  assert.equal(small - own, 1, `threads: ${own} with the operator's pool of 5, ${small} with 6`);
});

test('SIGTERM reaches the server: it drains and exits 0', { timeout: 60_000 }, async () => {
  const s = await launch({});
  const [code, signal] = await stop(s);
  assert.equal(signal, null, s.logs());
  assert.equal(code, 0, s.logs());
  assert.match(s.logs(), /SIGTERM: draining/);
});

test('node dist/src/cli.js serve (no launcher) still starts itself again with the pool sized', { timeout: 60_000 }, async () => {
  const s = await launch({ UV_THREADPOOL_SIZE: undefined, MALLOC_TRIM_THRESHOLD_: undefined }, [process.execPath, CLI]);
  try {
    const [server] = childrenOf(s.pid);
    assert.ok(server, 'a child server process');
    const env = environ(server);
    assert.equal(env.get('UV_THREADPOOL_SIZE'), '6');
    assert.equal(env.get('MALLOC_TRIM_THRESHOLD_'), '131072');
    const [code] = await stop(s);
    assert.equal(code, 0, s.logs());
  } finally { await stop(s); }
});
