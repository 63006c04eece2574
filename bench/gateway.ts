// The gateway's relay overhead on loopback: time to first byte and throughput, asked directly of
// an upstream vs through a `mynah serve` gateway relaying to it. Upstreams: a test upstream that
// answers at once (the relay's own cost, nothing else) and a real Mynah synthesizing with flite.
// Run: npm run build && node dist/bench/gateway.js   (sequential requests; results as JSON)
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeOpenAI } from '../test/gateway-fakes.js';
import { machine, speak, startServer, TEXTS, type Timed } from './lib.js';

const N = Number(process.env.BENCH_N ?? 200);
const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const ms = (x: number) => Math.round(x * 100) / 100;

async function series(url: string, body: Record<string, unknown>, n: number): Promise<Timed[]> {
  const out: Timed[] = [];
  for (let i = 0; i < 5; i++) await speak(url, body); // warm-up
  for (let i = 0; i < n; i++) out.push(await speak(url, body));
  return out;
}

function summary(direct: Timed[], relayed: Timed[]) {
  const d = direct.map((t) => t.ttfb);
  const r = relayed.map((t) => t.ttfb);
  return {
    ttfbMedianMs: { direct: ms(quantile(d, 0.5)), relayed: ms(quantile(r, 0.5)), overhead: ms(quantile(r, 0.5) - quantile(d, 0.5)) },
    ttfbP95Ms: { direct: ms(quantile(d, 0.95)), relayed: ms(quantile(r, 0.95)), overhead: ms(quantile(r, 0.95) - quantile(d, 0.95)) },
  };
}

const throughput = (ts: Timed[]) => ms(ts.reduce((s, t) => s + t.bytes, 0) / 1e6 / (ts.reduce((s, t) => s + t.total, 0) / 1000));

const dir = await mkdtemp(join(tmpdir(), 'mynah-bench-gw-'));
const instant = await fakeOpenAI();
const bulk = await fakeOpenAI();
bulk.chunks = Array.from({ length: 160 }, () => Buffer.alloc(65536, 7)); // 10 MiB in 64 KiB writes
const mynah = await startServer({ MYNAH_WORKERS: '1' });
const config = join(dir, 'mynah.config.json');
const up = (name: string, url: string) => ({ name, kind: 'openai', baseUrl: `${url}/v1` });
await writeFile(config, JSON.stringify({
  gateway: {
    databasePath: join(dir, 'gateway.db'),
    cacheMb: 0,
    upstreams: [up('instant', instant.url), up('bulk', bulk.url), up('mynah', mynah.url)],
    routes: { instant: ['instant'], bulk: ['bulk'], 'gpt-4o-mini-tts': ['mynah'] },
  },
}));
const gateway = await startServer({ MYNAH_CONFIG: config, MYNAH_WORKERS: '1' });
try {
  const results = {
    machine: machine(),
    requests: N,
    instantUpstream: summary(await series(instant.url, { model: 'instant', input: 'hi' }, N), await series(gateway.url, { model: 'instant', input: 'hi' }, N)),
    mynahUpstreamShortText: summary(await series(mynah.url, { input: TEXTS.short }, Math.ceil(N / 4)), await series(gateway.url, { input: TEXTS.short }, Math.ceil(N / 4))),
    throughput10MiBMBps: { direct: throughput(await series(bulk.url, { model: 'bulk', input: 'x' }, 20)), relayed: throughput(await series(gateway.url, { model: 'bulk', input: 'x' }, 20)) },
  };
  console.log(JSON.stringify(results, null, 2));
} finally {
  await gateway.stop();
  await mynah.stop();
  await instant.close();
  await bulk.close();
  await rm(dir, { recursive: true, force: true });
}
