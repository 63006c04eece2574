// Soak: N requests (default 10,000) against a spawned `mynah serve` on loopback, mixed formats
// and stream modes, some aborted mid-stream. Reports errors, RSS over time, and leaks (jobs,
// queue, ffmpeg children left at the end). Usage: node dist/bench/soak.js [N] [concurrency]
import { spawn, execFileSync } from 'node:child_process';

const N = Number(process.argv[2] ?? 10_000);
const CONCURRENCY = Number(process.argv[3] ?? 8);
const FORMATS = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const;
const TEXTS = ['Hello there.', 'The quick brown fox jumps over the lazy dog.', 'Soak testing finds the leaks that unit tests miss. It runs for a while.', 'Numbers: 1, 22, 333.'];
const VOICE = process.env.SOAK_MODEL === 'espeak' ? { model: 'espeak', voice: 'en-us' } : { model: 'gpt-4o-mini-tts', voice: 'alloy' };

const child = spawn(process.execPath, ['dist/src/cli.js', 'serve', '--host', '127.0.0.1', '--port', '0'], {
  env: { ...process.env, MYNAH_LOG_LEVEL: 'info', MYNAH_MAX_QUEUE: '1000' }, stdio: ['ignore', 'pipe', 'inherit'],
});
let out = '';
const url = await new Promise<string>((resolve) => child.stdout!.on('data', (d) => {
  out = (out + d).slice(-10_000);
  const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
  if (m) resolve(m[1]);
}));
child.stdout!.resume();

const metric = async (name: string) => {
  const text = await (await fetch(`${url}/metrics`)).text();
  return [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((a, m) => a + Number(m[1]), 0);
};
const ffmpegChildren = () => {
  try { return execFileSync('ps', ['-o', 'comm=', '--ppid', String(child.pid)], { encoding: 'utf8' }).split('\n').filter((c) => c.includes('ffmpeg')).length; } catch { return 0; }
};

const counts = { ok: 0, aborted: 0, status: {} as Record<number, number>, errors: 0 };
const rss: { s: number; mb: number }[] = [];
const t0 = performance.now();
const sampler = setInterval(async () => { rss.push({ s: Math.round((performance.now() - t0) / 1000), mb: Math.round((await metric('process_resident_memory_bytes')) / 2 ** 20) }); }, 2000);

let next = 0;
async function one(i: number) {
  const format = FORMATS[i % FORMATS.length];
  const sse = i % 7 === 0;
  const abort = i % 10 === 3;
  const controller = new AbortController();
  // The default voice (flite kal16); SOAK_MODEL=espeak soaks eSpeak NG instead.
  const body = { ...VOICE, input: TEXTS[i % TEXTS.length], response_format: format, ...(sse ? { stream_format: 'sse' } : {}) };
  try {
    const res = await fetch(`${url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: controller.signal });
    counts.status[res.status] = (counts.status[res.status] ?? 0) + 1;
    if (abort && res.body) {
      const reader = res.body.getReader();
      await reader.read();
      controller.abort();
      await reader.cancel().catch(() => {});
      counts.aborted++;
      return;
    }
    await res.arrayBuffer();
    if (res.status === 200) counts.ok++;
  } catch (err) {
    if (!abort) { counts.errors++; console.error(`request ${i}: ${(err as Error).message}`); }
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (next < N) await one(next++); }));
const seconds = (performance.now() - t0) / 1000;
clearInterval(sampler);
await new Promise((r) => setTimeout(r, 2000));
const leftJobs = await metric('mynah_worker_jobs');
const leftActive = await metric('mynah_active_jobs');
const leftQueue = await metric('mynah_queue_depth');
const ffmpeg = ffmpegChildren();
const finalRss = Math.round((await metric('process_resident_memory_bytes')) / 2 ** 20);
child.kill('SIGTERM');
const [code] = await new Promise<[number | null]>((r) => child.once('exit', (c) => r([c])));

const pick = rss.filter((_, i) => i % Math.max(1, Math.ceil(rss.length / 12)) === 0);
console.log(JSON.stringify({
  requests: N, concurrency: CONCURRENCY, seconds: +seconds.toFixed(1), rps: +(N / seconds).toFixed(1),
  ok: counts.ok, aborted: counts.aborted, status: counts.status, clientErrors: counts.errors,
  rssMB: { first: rss[0]?.mb, max: Math.max(...rss.map((r) => r.mb)), final: finalRss, samples: pick.map((r) => `${r.s}s:${r.mb}`) },
  leaks: { workerJobs: leftJobs, activeSlots: leftActive, queued: leftQueue, ffmpegChildren: ffmpeg }, exitCode: code,
}, null, 1));
