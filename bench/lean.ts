// Issue 18's figures in one command: `npm run bench:lean` (options: --only=memory,path,scaling --reps=N
// --workers=1,2,4 --no-text-cost --launch=bin|node --before=DIR --rounds=N --warm-up=PAIRS
// --per-stream=N --client=wrk). --before names another
// build's root (its dist/src/cli.js serves): path and scaling then alternate between it and this
// build, round by round, so both see the same load.
// memory: RSS of `mynah serve`, every process of it summed, idle and after 20 mixed requests, per
//   worker count (1/2/4); the per-worker cost is the slope between counts, main + text worker the
//   rest. --launch=bin (default): started as installed, `bin/mynah serve` (one process);
//   --launch=node: `node dist/src/cli.js serve`, which starts itself again (two processes).
// path: Debian's native `flite` vs Mynah's full HTTP path (to the last byte) on the same
//   2,000-character text, pcm and mp3; wall time and the CPU time each side spent.
// scaling: 1/2/4 concurrent streams from this process (the server runs in its own), each sending
//   --per-stream requests one after another; throughput relative to one stream. --client=wrk:
//   Debian's wrk (apt install wrk) generates the load instead, N keep-alive connections.
// Timings on a shared 2-core machine are noisy: every figure is a median of repetitions, printed
// with the load average at the time. Results go to stdout as JSON (and a short table to stderr).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { machine, median, prose, round, sleep, speak, startServer, type Running } from './lib.js';

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const wanted = (name: string) => !only || only.includes(name);
const REPS = Number(args.find((a) => a.startsWith('--reps='))?.slice(7) ?? 7);
const log = (msg: string) => process.stderr.write(`${msg}\n`);
const WORKER_COUNTS = (args.find((a) => a.startsWith('--workers='))?.slice(10) ?? '1,2,4').split(',').map(Number);
const load1 = () => round(loadavg()[0], 2);
const BEFORE = args.find((a) => a.startsWith('--before='))?.slice(9);
const ROUNDS = Number(args.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 1);
const builds: [label: string, cli: string | undefined][] = BEFORE ? [['before', join(BEFORE, 'dist/src/cli.js')], ['after', undefined]] : [['this build', undefined]];
const LAUNCHER = (args.find((a) => a.startsWith('--launch='))?.slice(9) ?? 'bin') === 'bin';

export const TEXT_2000 = prose(2000);
const MiB = (bytes: number) => round(bytes / 2 ** 20, 1);

/** Resident set of a process, all its threads together (bytes). */
function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) * 1024;
}

/** Child processes of `pid`, started from any of its threads (`node dist/src/cli.js serve` relaunches itself once; see cli/threadpool.ts). */
function children(pid: number): number[] {
  let tasks: string[];
  try { tasks = readdirSync(`/proc/${pid}/task`); } catch { return []; }
  return tasks.flatMap((t) => { try { return readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number); } catch { return []; } });
}

/** `pid` and every process below it. */
function tree(pid: number): number[] {
  return [pid, ...children(pid).flatMap(tree)];
}

/**
 * RSS of `mynah serve` as `top` shows it, every process of it summed. "launcher" is the process
 * started when it started another that serves (the relaunch), else 0; "server" the rest.
 */
function rss(pid: number): { launcher: number; server: number; total: number; processes: number } {
  const all = tree(pid);
  const sizes = all.map((p) => { try { return rssOf(p); } catch { return 0; } });
  const total = sizes.reduce((a, b) => a + b, 0);
  const launcher = all.length > 1 ? sizes[0] : 0;
  return { launcher, server: total - launcher, total, processes: all.length };
}

/** CPU milliseconds a process has used so far, all threads (utime + stime from /proc/<pid>/stat). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks at USER_HZ = 100
}

/** 20 requests across formats, voices and engines (a German one goes to eSpeak NG). */
const MIXED: Record<string, unknown>[] = [];
for (let i = 0; i < 20; i++) {
  const formats = ['mp3', 'pcm', 'opus', 'wav', 'flac', 'aac'];
  const voices = ['alloy', 'nova', 'echo', 'shimmer', 'onyx'];
  const input = i % 5 === 4 ? 'Guten Morgen, wie geht es Ihnen heute? Das Wetter ist schön.' : prose(200 + (i % 4) * 300);
  MIXED.push({ input, voice: voices[i % voices.length], response_format: formats[i % formats.length] });
}

async function settle(s: Running): Promise<ReturnType<typeof rss>> {
  // RSS moves for a while after start-up and after requests (GC, freed wasm instances): take the
  // reading with the lowest total of a few a little apart.
  const readings: ReturnType<typeof rss>[] = [];
  for (let i = 0; i < 5; i++) { await sleep(400); readings.push(rss(s.child.pid!)); }
  return readings.sort((a, b) => a.total - b.total)[0];
}

/** The server process itself (the launcher's child, or the process itself when not relaunched). */
const serverPid = (s: Running) => (LAUNCHER ? undefined : children(s.child.pid!)[0]) ?? s.child.pid!;

async function memory() {
  const out: { workers: number; processes: number; idleMiB: number; after20MiB: number; serverIdleMiB: number; serverAfter20MiB: number; launcherMiB: number; load: number }[] = [];
  for (const workers of WORKER_COUNTS) {
    const idles: ReturnType<typeof rss>[] = [];
    const afters: ReturnType<typeof rss>[] = [];
    for (let rep = 0; rep < 3; rep++) {
      const s = await startServer({ MYNAH_WORKERS: String(workers) }, [], { launcher: LAUNCHER });
      try {
        idles.push(await settle(s));
        for (const body of MIXED) await speak(s.url, body);
        afters.push(await settle(s));
      } finally { await s.stop(); }
    }
    const m = (list: ReturnType<typeof rss>[], key: 'launcher' | 'server' | 'total') => MiB(median(list.map((r) => r[key])));
    out.push({ workers, processes: Math.max(...idles.map((r) => r.processes)), idleMiB: m(idles, 'total'), after20MiB: m(afters, 'total'), serverIdleMiB: m(idles, 'server'), serverAfter20MiB: m(afters, 'server'), launcherMiB: m(idles, 'launcher'), load: load1() });
    log(`memory workers=${workers} (${LAUNCHER ? 'bin/mynah' : 'node dist/src/cli.js'}, ${Math.max(...idles.map((r) => r.processes))} processes): idle ${m(idles, 'total')} MiB (server ${m(idles, 'server')} + launcher ${m(idles, 'launcher')}), after 20 mixed ${m(afters, 'total')} MiB (server ${m(afters, 'server')}) (load ${load1()})`);
  }
  const [lo, hi] = [out[0], out[out.length - 1]];
  const span = Math.max(1, hi.workers - lo.workers);
  const perWorker = round((hi.serverIdleMiB - lo.serverIdleMiB) / span, 1);
  const perWorkerAfter = round((hi.serverAfter20MiB - lo.serverAfter20MiB) / span, 1);
  return { byWorkers: out, perWorkerIdleMiB: perWorker, perWorkerAfter20MiB: perWorkerAfter, serverWithoutWorkersIdleMiB: round(lo.serverIdleMiB - lo.workers * perWorker, 1), textWorkerMiB: args.includes('--no-text-cost') ? undefined : textWorkerCost() };
}

/** What the text worker alone adds: a process that starts it and prepares one sentence, vs one that does not. */
function textWorkerCost(): number {
  const script = (withWorker: boolean) => `
    import { Worker } from 'node:worker_threads';
    const url = new URL('../src/synth/text-worker.js', ${JSON.stringify(new URL('./lean.js', import.meta.url).href)});
    const read = () => Number(require_status().match(/VmRSS:\\s+(\\d+)/)[1]) * 1024;
    import { readFileSync } from 'node:fs';
    function require_status() { return readFileSync('/proc/self/status', 'utf8'); }
    ${withWorker ? `const w = new Worker(url, { execArgv: [] });
    await new Promise((r) => { w.once('message', r); w.postMessage({ type: 'prepare', id: 1, job: { input: 'Hello there, how are you today?', options: {} } }); });` : ''}
    await new Promise((r) => setTimeout(r, 1500));
    console.log(read());
    process.exit(0);`;
  const run = (w: boolean) => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script(w)], { encoding: 'utf8' }).trim());
  const diffs: number[] = [];
  for (let i = 0; i < 3; i++) diffs.push(run(true) - run(false));
  return MiB(median(diffs));
}

/**
 * Steady state before timing: WARM_UP pairs of concurrent requests. V8 keeps compiling the
 * server's JavaScript on its background threads for the first ~30 requests (~20 ms of CPU per
 * request after 5, ~3 ms after 30, measured per thread from /proc); a server runs for hours.
 */
const PER_STREAM = Number(args.find((a) => a.startsWith('--per-stream='))?.slice(13) ?? 4);
const WARM_UP = Number(args.find((a) => a.startsWith('--warm-up='))?.slice(10) ?? 15);
async function warmUp(url: string, body: Record<string, unknown>) {
  for (let i = 0; i < WARM_UP; i++) await Promise.all([speak(url, body), speak(url, body)]);
}

async function path(label: string, cli?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'mynah-lean-'));
  const textFile = join(dir, 'text.txt');
  writeFileSync(textFile, TEXT_2000);
  const native: { wall: number; cpu: number }[] = [];
  try {
    for (let i = 0; i < REPS; i++) {
      // /usr/bin/time reports the child's own CPU time, so the other engineers' load shows only in wall time.
      const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S', 'flite', '-voice', 'kal16', '-f', textFile, '-o', join(dir, 'out.wav')], { encoding: 'utf8' });
      const [e, u, sy] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
      native.push({ wall: e * 1000, cpu: (u + sy) * 1000 });
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
  const nativeWall = median(native.map((n) => n.wall));
  const nativeCpu = median(native.map((n) => n.cpu));
  log(`native flite kal16, ${TEXT_2000.length} chars: wall ${round(nativeWall)} ms, cpu ${round(nativeCpu)} ms (load ${load1()})`);
  const s = await startServer({ MYNAH_WORKERS: '2' }, [], { launcher: LAUNCHER, cli });
  const rows: Record<string, unknown>[] = [];
  try {
    for (const format of ['pcm', 'mp3']) {
      const body = { model: 'flite', voice: 'kal16', input: TEXT_2000, response_format: format };
      await warmUp(s.url, body);
      const walls: number[] = [];
      const cpus: number[] = [];
      const loads: number[] = [];
      for (let i = 0; i < REPS; i++) {
        const c0 = cpuMs(serverPid(s));
        walls.push((await speak(s.url, body)).total);
        cpus.push(cpuMs(serverPid(s)) - c0);
        loads.push(load1());
      }
      const row = { build: label, format, chars: TEXT_2000.length, nativeWallMs: round(nativeWall), nativeCpuMs: round(nativeCpu), mynahWallMs: round(median(walls)), mynahCpuMs: round(median(cpus)), wallRatio: round(median(walls) / nativeWall, 2), cpuRatio: round(median(cpus) / nativeCpu, 2), load: median(loads) };
      rows.push(row);
      log(`${label} path ${format}: wall ${row.mynahWallMs} ms (${row.wallRatio}x native), cpu ${row.mynahCpuMs} ms (${row.cpuRatio}x native) (load ${row.load})`);
    }
  } finally { await s.stop(); }
  return rows;
}

const WRK = args.includes('--client=wrk');

/** Requests per second `wrk` sustains with `connections` keep-alive connections posting `body`. */
function wrk(url: string, body: Record<string, unknown>, connections: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'mynah-wrk-'));
  try {
    writeFileSync(join(dir, 'body.json'), JSON.stringify(body));
    writeFileSync(join(dir, 'post.lua'), `local f = io.open("${join(dir, 'body.json')}", "rb")\nwrk.method = "POST"\nwrk.body = f:read("*a")\nf:close()\nwrk.headers["Content-Type"] = "application/json"\n`);
    const out = execFileSync('wrk', ['-t1', `-c${connections}`, '-d6s', '-s', join(dir, 'post.lua'), `${url}/v1/audio/speech`], { encoding: 'utf8' });
    if (/Non-2xx|Socket errors/.test(out)) throw new Error(`wrk saw errors:\n${out}`);
    return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1]);
  } finally { rmSync(dir, { recursive: true, force: true }); }
}

async function scaling(label: string, cli?: string) {
  const rows: Record<string, unknown>[] = [];
  const s = await startServer({ MYNAH_WORKERS: '2' }, [], { launcher: LAUNCHER, cli });
  try {
    const body = { input: TEXT_2000, response_format: 'pcm' };
    await warmUp(s.url, body);
    const runs: Record<number, number[]> = { 1: [], 2: [], 4: [] };
    // Each stream is a client of its own, sending its next request when the last one ends
    // (PER_STREAM of them), as independent clients do; a round of N requests that all wait for
    // the slowest one would leave cores idle at every round's end. Interleaved, so a burst of
    // load from elsewhere hits every stream count alike.
    const client = async () => {
      let bytes = 0;
      for (let i = 0; i < PER_STREAM; i++) bytes += (await speak(s.url, body)).bytes;
      return bytes;
    };
    // --client=wrk: Debian's wrk (C, epoll, keep-alive) as the load generator instead, N
    // connections for 6 s; requests per second times the audio one response carries.
    const audioSeconds = WRK ? (await speak(s.url, body)).bytes / 2 / 24000 : 0;
    for (let rep = 0; rep < REPS; rep++) {
      for (const streams of [1, 2, 4]) {
        if (WRK) {
          runs[streams].push(wrk(s.url, { model: 'gpt-4o-mini-tts', voice: 'alloy', ...body }, streams) * audioSeconds);
          continue;
        }
        const t0 = performance.now();
        const done = await Promise.all(Array.from({ length: streams }, client));
        const seconds = (performance.now() - t0) / 1000;
        runs[streams].push(done.reduce((n, b) => n + b, 0) / 2 / 24000 / seconds);
      }
    }
    for (const streams of [1, 2, 4]) {
      const rate = median(runs[streams]);
      rows.push({ build: label, streams, audioSecondsPerSecond: round(rate, 1), vsOne: round(rate / median(runs[1]), 2), load: load1() });
      log(`${label} scaling ${streams} streams: ${round(rate, 1)} s of audio per s, ${round(rate / median(runs[1]), 2)}x one (load ${load1()})`);
    }
  } finally { await s.stop(); }
  return rows;
}

const results: Record<string, unknown> = { machine: machine(), date: new Date().toISOString(), launch: LAUNCHER ? 'bin/mynah serve' : 'node dist/src/cli.js serve' };
if (wanted('memory')) results.memory = await memory();
const paths: unknown[] = [], scalings: unknown[] = [];
for (let r = 0; r < ROUNDS; r++) {
  for (const [label, cli] of builds) {
    if (wanted('path')) paths.push(...await path(label, cli));
    if (wanted('scaling')) scalings.push(...await scaling(label, cli));
  }
}
if (wanted('path')) results.path = paths;
if (wanted('scaling')) results.scaling = scalings;
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
