// The HTTP benchmark behind `npm run bench`: starts the server as a user would, drives it over
// HTTP and writes bench/results.json plus the tables in BENCHMARKS.md. Not a test: figures
// depend on the machine. Options: --quick (fewer repetitions), --only=ttfb,rtf,overhead,concurrency,memory
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { RESPONSE_FORMATS } from '../src/contract.js';
import { debugStats, idle, resets, machine, median, percentile, round, sleep, speak, startServer, TEXTS, type Running } from './lib.js';
import { writeReport, type Results } from './report.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const wanted = (name: string) => !only || only.includes(name);
const REPS = quick ? 3 : 8;
const log = (msg: string) => process.stderr.write(`${msg}\n`);

// Concurrent load runs on the default voice (gpt-4o-mini-tts + alloy = flite kal16);
// BENCH_LOAD_MODEL=espeak (voice en-us) measures eSpeak NG instead.
const LOAD_VOICE = process.env.BENCH_LOAD_MODEL === 'espeak'
  ? { model: 'espeak', voice: 'en-us' } : { model: process.env.BENCH_LOAD_MODEL ?? 'gpt-4o-mini-tts', voice: 'alloy' };
const ENGINE_VOICES = { flite: 'kal16', espeak: 'en-us' } as const;
/** Seconds of audio in a response, from its pcm length (the same in every format). */
async function audioSeconds(url: string, body: Record<string, unknown>): Promise<number> {
  return (await speak(url, { ...body, response_format: 'pcm' })).bytes / 2 / 24000;
}

async function ttfb(s: Running): Promise<Results['ttfb']> {
  const out: Results['ttfb'] = [];
  for (const [length, input] of Object.entries(TEXTS)) {
    for (const format of RESPONSE_FORMATS) {
      const times: number[] = [];
      for (let i = 0; i < REPS + 2; i++) {
        const t = await speak(s.url, { input, response_format: format }, true);
        if (i >= 2) times.push(t.ttfb);
        await idle(s.url); // a cancelled job stops at its next chunk boundary
      }
      out.push({ length, chars: input.length, format, medianMs: round(median(times)), p95Ms: round(percentile(times, 95)), n: times.length });
      log(`ttfb ${length} ${format}: ${round(median(times))} ms`);
    }
  }
  return out;
}

async function rtf(s: Running): Promise<Results['rtf']> {
  const out: Results['rtf'] = [];
  for (const [engine, voice] of Object.entries(ENGINE_VOICES)) {
    const base = { model: engine, voice, input: TEXTS.medium };
    const seconds = await audioSeconds(s.url, base);
    for (const format of RESPONSE_FORMATS) {
      const totals: number[] = [];
      for (let i = 0; i < (quick ? 1 : 3); i++) totals.push((await speak(s.url, { ...base, response_format: format })).total);
      const wall = median(totals) / 1000;
      out.push({ engine, voice, format, audioSeconds: round(seconds), wallSeconds: round(wall, 3), rtf: round(wall / seconds, 4), timesRealTime: round(seconds / wall, 0) });
      log(`rtf ${engine} ${format}: ${round(wall / seconds, 4)}`);
    }
  }
  return out;
}

/** The same text through the engine in this process (one call, no resampling or encoding). */
async function overhead(s: Running): Promise<Results['overhead']> {
  const out: Results['overhead'] = [];
  // Loaded only here: the engines' modules are heavy, and only this section needs them in-process.
  const { ENGINES } = await import('../src/engines/index.js');
  for (const [engineName, voice] of Object.entries(ENGINE_VOICES)) {
    const engine = await ENGINES[engineName]();
    for (const length of ['medium', 'long'] as const) {
      const text = TEXTS[length];
      const raw: number[] = [];
      for (let i = 0; i < (quick ? 2 : 4); i++) {
        const t0 = performance.now();
        for await (const pcm of engine.synthesize({ text, voice, language: 'en', speed: 1 })) void pcm;
        raw.push(performance.now() - t0);
      }
      for (const format of ['pcm', 'mp3'] as const) {
        const full: number[] = [];
        for (let i = 0; i < (quick ? 1 : 3); i++) full.push((await speak(s.url, { model: engineName, voice, input: text, response_format: format })).total);
        const rawMs = median(raw.slice(1));
        out.push({ engine: engineName, length, chars: text.length, format, rawMs: round(rawMs), fullMs: round(median(full)), ratio: round(median(full) / rawMs, 2) });
        log(`overhead ${engineName} ${length} ${format}: ${round(median(full) / rawMs, 2)}x`);
      }
    }
  }
  return out;
}

async function concurrency(s: Running, label: string): Promise<Results['concurrency']> {
  const out: Results['concurrency'] = [];
  const body = { ...LOAD_VOICE, input: TEXTS.medium, response_format: 'mp3' };
  const perRequest = await audioSeconds(s.url, body);
  const seconds = quick ? 3 : 6;
  for (const streams of [1, 2, 4, 8, 16]) {
    await speak(s.url, body);
    await debugStats(s.url, true);
    const ttfbs: number[] = [];
    let rssPeak = 0;
    const sampler = setInterval(() => void debugStats(s.url).then((d) => { rssPeak = Math.max(rssPeak, d.memory.rss); }), 250);
    const start = performance.now();
    const deadline = start + seconds * 1000;
    await Promise.all(Array.from({ length: streams }, async () => {
      while (performance.now() < deadline) ttfbs.push((await speak(s.url, body)).ttfb);
    }));
    const wall = (performance.now() - start) / 1000;
    clearInterval(sampler);
    const stats = await debugStats(s.url);
    const loop = stats.eventLoopDelayMs;
    out.push({
      mode: label, streams, requests: ttfbs.length, audioSecondsPerSecond: round((ttfbs.length * perRequest) / wall),
      ttfbP50Ms: round(median(ttfbs)), ttfbP95Ms: round(percentile(ttfbs, 95)), ttfbP99Ms: round(percentile(ttfbs, 99)),
      loopP99Ms: loop?.p99 ?? NaN, loopMaxMs: loop?.max ?? NaN, rssPeakMiB: round(Math.max(rssPeak, stats.memory.rss) / 2 ** 20),
    });
    log(`concurrency ${label} ${streams}: ${round((ttfbs.length * perRequest) / wall)} audio s/s, loop p99 ${loop?.p99} ms`);
  }
  return out;
}

async function memory(s: Running, idleRss: number, loadRss: number): Promise<Results['memory']> {
  const formats = ['mp3', 'opus', 'wav', 'flac', 'pcm'];
  let n = 0;
  const batch = async (count: number) => {
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (n < count) {
        const i = n++;
        await speak(s.url, { ...LOAD_VOICE, input: `${TEXTS.short} Request ${i}.`, response_format: formats[i % formats.length] });
      }
    }));
  };
  await batch(50);
  await sleep(1000);
  const before = (await debugStats(s.url)).memory.rss;
  n = 0;
  await batch(1000);
  await sleep(1000);
  const after = (await debugStats(s.url)).memory.rss;
  const mib = (b: number) => round(b / 2 ** 20);
  return { idleMiB: mib(idleRss), underLoadMiB: mib(loadRss), warmMiB: mib(before), after1000MiB: mib(after), growthPct: round(((after - before) / before) * 100) };
}

const results: Results = { machine: { ...machine(), workers: 0, date: new Date().toISOString() }, ttfb: [], rtf: [], overhead: [], concurrency: [], memory: null };
const server = await startServer();
try {
  const idle = await debugStats(server.url);
  results.machine.workers = idle.pool.workers;
  for (let i = 0; i < 3; i++) await speak(server.url, { input: TEXTS.medium }); // warm-up: JIT, caches
  if (wanted('ttfb')) results.ttfb = await ttfb(server);
  if (wanted('rtf')) results.rtf = await rtf(server);
  if (wanted('overhead')) results.overhead = await overhead(server);
  if (wanted('concurrency')) results.concurrency = await concurrency(server, `${LOAD_VOICE.model}, no split`);
  if (wanted('memory')) {
    const loadRss = Math.max(0, ...results.concurrency.map((c) => c.rssPeakMiB * 2 ** 20));
    results.memory = await memory(server, idle.memory.rss, loadRss || (await debugStats(server.url)).memory.rss);
  }
} finally {
  await server.stop();
}
if (wanted('concurrency')) {
  const split = await startServer({ MYNAH_SPLIT_JOBS: 'true' });
  try {
    results.concurrency.push(...(await concurrency(split, `${LOAD_VOICE.model}, split`)));
  } finally {
    await split.stop();
  }
}

results.machine.loadAverageAfter = machine().loadAverage;
results.machine.connectionResets = resets;
const jsonPath = fileURLToPath(new URL('../../bench/results.json', import.meta.url));
if (only) {
  // A partial run keeps the other sections of the last full run.
  const previous = JSON.parse(await readFile(jsonPath, 'utf8').catch(() => '{}')) as Partial<Results>;
  for (const key of ['ttfb', 'rtf', 'overhead', 'concurrency', 'memory'] as const) {
    if (!wanted(key) && previous[key]) (results as unknown as Record<string, unknown>)[key] = previous[key];
  }
}
await writeFile(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
await writeReport(results, fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url)));
log(`wrote ${jsonPath} and BENCHMARKS.md`);
