// Shared pieces of the HTTP benchmark: start the server as a user would, time requests, summarise.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));
/** bin/mynah, the command as installed: sh, exec'ing node on dist/src/cli.cjs (one process). */
export const BIN = fileURLToPath(new URL('../../bin/mynah', import.meta.url));

const PROSE = [
  'The lighthouse keeper climbed the spiral stairs every evening at dusk.',
  'Ships passing in the night relied on the steady beam to find the harbour.',
  'One winter the storms grew so fierce that the windows rattled in their frames.',
  'Still, the lamp was lit, and the light swept across the dark water.',
  'In the morning the sea was calm, and gulls circled over the rocks.',
  'Her brother brought bread, lamp oil and letters from the mainland on Sundays.',
];

/** English prose of about `chars` characters, cut at a sentence end. */
export function prose(chars: number): string {
  let out = '';
  for (let i = 0; out.length + PROSE[i % PROSE.length].length < chars; i++) out += (out ? ' ' : '') + PROSE[i % PROSE.length];
  return out;
}

export const TEXTS = { short: PROSE[0], medium: prose(1000), long: prose(4000) } as const;

export function machine() {
  const cpu = cpus();
  return { cpu: cpu[0]?.model.trim() ?? 'unknown', cores: cpu.length, loadAverage: loadavg().map((l) => Math.round(l * 10) / 10), memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform} ${process.arch}` };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface Running {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * `node dist/src/cli.js serve` on a free loopback port, with the debug stats endpoint on; with
 * `launcher: true`, `bin/mynah serve` instead (then nodeArgs cannot apply); `cli` names another
 * build's dist/src/cli.js (bench:lean --before), always started with node.
 */
export async function startServer(env: Record<string, string> = {}, nodeArgs: string[] = [], { launcher = false, cli = CLI }: { launcher?: boolean; cli?: string } = {}): Promise<Running> {
  const port = await freePort();
  const command = launcher && cli === CLI ? [BIN] : [process.execPath, ...nodeArgs, cli];
  const child = spawn(command[0], [...command.slice(1), 'serve', '--host', '127.0.0.1', '--port', String(port)], {
    env: { ...process.env, MYNAH_LOG_LEVEL: 'silent', MYNAH_DEBUG_STATS: '1', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  let stopping = false;
  child.on('exit', (code, signal) => { if (!stopping) writeSync(2, `server exited unexpectedly: ${code ?? signal}\n`); });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch { /* not up yet */ }
    if (i > 300) throw new Error('server did not start in 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    stop: () => new Promise<void>((resolve) => {
      stopping = true;
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

export interface Timed {
  /** Milliseconds to the first body byte. */
  ttfb: number;
  /** Milliseconds to the last body byte. */
  total: number;
  bytes: number;
}

/**
 * One POST /v1/audio/speech on a fresh connection (as most clients do for one request);
 * `firstOnly` hangs up after the first audio bytes.
 */
export async function speak(url: string, body: Record<string, unknown>, firstOnly = false): Promise<Timed> {
  try {
    return await speakOnce(url, body, firstOnly);
  } catch (err) {
    // A connection reset before any response (seen rarely on this loaded machine) is retried
    // once and counted; anything else, or a second failure, fails the run.
    if ((err as { code?: string }).code !== 'ECONNRESET') throw err;
    resets++;
    process.stderr.write(`connection reset (${(err as Error).message}); retrying\n`);
    await sleep(500);
    return speakOnce(url, body, firstOnly);
  }
}

/** Connections reset before a response, over the whole run (reported with the results). */
export let resets = 0;

function speakOnce(url: string, body: Record<string, unknown>, firstOnly: boolean): Promise<Timed> {
  const payload = JSON.stringify({ model: 'gpt-4o-mini-tts', voice: 'alloy', response_format: 'mp3', ...body });
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let res0 = false;
    const req = request(`${url}/v1/audio/speech`, {
      method: 'POST', agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (res) => {
      res0 = true;
      let ttfb = 0;
      let bytes = 0;
      const errorBody: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        if (res.statusCode !== 200) return void errorBody.push(chunk);
        if (bytes === 0) ttfb = performance.now() - start;
        bytes += chunk.length;
        if (firstOnly) { req.destroy(); resolve({ ttfb, total: performance.now() - start, bytes }); }
      });
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}: ${Buffer.concat(errorBody).toString()}`));
        else resolve({ ttfb, total: performance.now() - start, bytes });
      });
      res.on('error', (err) => { if (!firstOnly || bytes === 0) reject(err); });
    });
    req.on('error', (err) => { if (!firstOnly || !res0) reject(err); });
    req.end(payload);
  });
}

export interface DebugStats {
  eventLoopDelayMs: { p50: number; p95: number; p99: number; max: number; mean: number } | null;
  memory: { rss: number; heapUsed: number };
  pool: { workers: number; load: number[]; jobsRun: number };
}

export async function debugStats(url: string, reset = false): Promise<DebugStats> {
  return (await fetch(`${url}/debug/stats${reset ? '?reset=1' : ''}`)).json() as Promise<DebugStats>;
}

/** Waits until no worker has a job, so one measurement does not pay for the last. */
export async function idle(url: string): Promise<void> {
  while ((await debugStats(url)).pool.load.some((n) => n > 0)) await sleep(10);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const median = (values: number[]) => percentile(values, 50);
export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
