// Scaling out (issue 15): throughput of 2 replicas x 1 worker vs 1 replica x 1 worker through
// Debian's nginx (deploy/nginx.conf.template, filled in as test/nginx.test.ts does), with the load
// from a separate process; and a book-length job (100,000 characters) on 1 vs 2 replicas in
// shared mode (redis-server on loopback). The machine is shared: the load average is recorded.
// Run: npm run build && node dist/bench/replicas.js   (BENCH_N requests, BENCH_C at once, BENCH_JOB_CHARS)
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { longText } from '../test/helpers.js';
import { freePort, startRedis, startReplica, waitUntil, type Replica } from '../test/servers.js';

const N = Number(process.env.BENCH_N ?? 60);
const C = Number(process.env.BENCH_C ?? 4);
const JOB_CHARS = Number(process.env.BENCH_JOB_CHARS ?? 100_000);
const TEMPLATE = fileURLToPath(new URL('../../deploy/nginx.conf.template', import.meta.url));
const json = { 'content-type': 'application/json' };
const load = () => loadavg().map((x) => +x.toFixed(2));

/** The load generator, run as its own process: N speech requests, C at a time, each a different sentence. */
async function generate(url: string) {
  let next = 0;
  let bytes = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: C }, async () => {
    for (let i = next++; i < N; i = next++) {
      const input = `${longText(300)} Request ${i}.`;
      const res = await fetch(`${url}/v1/audio/speech`, { method: 'POST', headers: json, body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input, response_format: 'mp3' }) });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status === 200) bytes += body.length; else failed++;
    }
  }));
  const s = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ requests: N, concurrency: C, failed, seconds: +s.toFixed(2), requestsPerS: +(N / s).toFixed(2), mb: +(bytes / 1e6).toFixed(2) }));
}

function loadFrom(url: string): Promise<Record<string, number>> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--load', url], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator exited ${code}`)))));
}

async function startNginx(ports: number[]) {
  const dir = await mkdtemp(join(tmpdir(), 'mynah-bench-nginx-'));
  await chmod(dir, 0o755);
  const listen = await freePort();
  const servers = ports.map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join('\n    ');
  const site = (await readFile(TEMPLATE, 'utf8')).replaceAll('${MYNAH_UPSTREAM_SERVERS}', servers).replaceAll('${NGINX_LISTEN}', `127.0.0.1:${listen}`);
  await writeFile(join(dir, 'site.conf'), site);
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) { await mkdir(join(dir, t)); await chmod(join(dir, t), 0o777); }
  await writeFile(join(dir, 'nginx.conf'), `worker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\nevents { worker_connections 256; }\nhttp {\n  access_log off;\n  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;\n  include ${dir}/site.conf;\n}\n`);
  const nginx: ChildProcess = spawn('/usr/sbin/nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${listen}`;
  await waitUntil(async () => (await fetch(`${url}/health`)).ok, 'nginx');
  return {
    url,
    async close() {
      const exited = new Promise((r) => nginx.once('exit', r));
      nginx.kill('SIGQUIT');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function withReplicas<T>(n: number, env: Record<string, string>, fn: (replicas: Replica[]) => Promise<T>): Promise<T> {
  const replicas: Replica[] = [];
  try {
    for (let i = 0; i < n; i++) replicas.push(await startReplica({ MYNAH_WORKERS: '1', MYNAH_RATE_LIMIT_RPM: '0', MYNAH_RATE_LIMIT_CPM: '0', MYNAH_CACHE_MB: '0', ...env }));
    return await fn(replicas);
  } finally {
    for (const r of replicas) await r.kill('SIGTERM').catch(() => {});
  }
}

async function throughput(n: number) {
  return withReplicas(n, {}, async (replicas) => {
    const nginx = await startNginx(replicas.map((r) => Number(new URL(r.url).port)));
    try {
      const before = load();
      const result = await loadFrom(nginx.url);
      return { replicas: n, workersEach: 1, ...result, loadavgBefore: before, loadavgAfter: load() };
    } finally {
      await nginx.close();
    }
  });
}

async function job(n: number, redisUrl: string) {
  return withReplicas(n, { MYNAH_REDIS_URL: redisUrl }, async (replicas) => {
    const before = load();
    const started = performance.now();
    const res = await fetch(`${replicas[0].url}/v1/audio/jobs?model=tts-1&voice=alloy&response_format=mp3`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: longText(JOB_CHARS) });
    if (res.status !== 202) throw new Error(`job not accepted: ${res.status} ${await res.text()}`);
    const { id } = await res.json() as { id: string };
    let view: { status: string; progress: { audio_seconds: number; pieces_total?: number } };
    for (;;) {
      view = await (await fetch(`${replicas[0].url}/v1/audio/jobs/${id}`)).json() as typeof view;
      if (view.status === 'completed') break;
      if (view.status === 'failed' || view.status === 'cancelled') throw new Error(`job ${view.status}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const spoken = (performance.now() - started) / 1000;
    const file = Buffer.from(await (await fetch(`${replicas[0].url}/v1/audio/jobs/${id}/content`)).arrayBuffer());
    const total = (performance.now() - started) / 1000;
    return { replicas: n, workersEach: 1, chars: JOB_CHARS, secondsToCompleted: +spoken.toFixed(1), secondsWithDownload: +total.toFixed(1), audioSeconds: +view.progress.audio_seconds.toFixed(1), mp3Mb: +(file.length / 1e6).toFixed(2), loadavgBefore: before, loadavgAfter: load() };
  });
}

async function main() {
  const results: Record<string, unknown> = { cpus: (await readFile('/proc/cpuinfo', 'utf8')).split('\nprocessor').length, throughput: [], job: [] };
  for (const n of [1, 2]) (results.throughput as unknown[]).push(await throughput(n));
  const redis = await startRedis();
  try {
    for (const n of [1, 2]) {
      (results.job as unknown[]).push(await job(n, redis.url));
    }
  } finally {
    await redis.close();
  }
  console.log(JSON.stringify(results, null, 2));
}

if (process.argv[2] === '--load') await generate(process.argv[3]);
else await main();
