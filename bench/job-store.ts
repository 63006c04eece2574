// Stored job files (issue 15): a 100,000-character mp3 job in one process: time to `completed`,
// assembly (last piece done -> file stored, encoded in a thread), event-loop delay meanwhile, and
// downloads of the stored file; against the old download, which encoded the whole book on the
// main thread on every request (measured here by encoding the same audio that way).
// Run: npm run build && node dist/bench/job-store.js   (BENCH_JOB_CHARS, BENCH_WORKERS)
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { encodeInOrder } from '../src/jobs/assemble.js';
import { longText, startServer } from '../test/helpers.js';

const CHARS = Number(process.env.BENCH_JOB_CHARS ?? 100_000);
const load = () => loadavg().map((x) => +x.toFixed(2));
const ms = (h: IntervalHistogram) => ({ samples: h.count, mean: +(h.mean / 1e6).toFixed(1), p99: +(h.percentile(99) / 1e6).toFixed(1), max: +(h.max / 1e6).toFixed(1) });
const s = (a: number, b: number) => +((b - a) / 1000).toFixed(2);

const dir = await mkdtemp(join(tmpdir(), 'mynah-bench-store-'));
const t = await startServer({ jobsDir: dir, workers: Number(process.env.BENCH_WORKERS ?? 1) });
try {
  const loadBefore = load();
  const t0 = performance.now();
  const res = await fetch(`${t.url}/v1/audio/jobs?model=tts-1&voice=alloy&response_format=mp3`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: longText(CHARS) });
  const { id } = await res.json() as { id: string };
  const during = monitorEventLoopDelay({ resolution: 10 });
  let piecesDone = 0;
  let view: { status: string; progress: { pieces_done: number; pieces_total: number; audio_seconds: number } };
  for (;;) {
    view = await (await fetch(`${t.url}/v1/audio/jobs/${id}`)).json() as typeof view;
    if (!piecesDone && view.progress.pieces_done === view.progress.pieces_total) { piecesDone = performance.now(); during.enable(); }
    if (view.status !== 'queued' && view.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const completed = performance.now();
  during.disable();
  if (view.status !== 'completed') throw new Error(`job ${view.status}`);
  const downloads: number[] = [];
  let file = Buffer.alloc(0);
  for (let i = 0; i < 3; i++) {
    const d0 = performance.now();
    file = Buffer.from(await (await fetch(`${t.url}/v1/audio/jobs/${id}/content`)).arrayBuffer());
    downloads.push(s(d0, performance.now()));
  }
  const loadAfterJob = load();

  // The old download: the same audio encoded to mp3 on the main thread, piece by piece, each piece
  // read from its own file as the old route read them (so the loop turns between pieces).
  const pcm = (await promisify(execFile)('ffmpeg', ['-v', 'error', '-f', 'mp3', '-i', join(dir, 'results', id, 'book'), '-f', 's16le', '-ac', '1', '-ar', '24000', '-'], { encoding: 'buffer', maxBuffer: 1 << 30 })).stdout;
  const samples = new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length >> 1);
  const per = Math.ceil(samples.length / view.progress.pieces_total);
  await mkdir(join(dir, 'old'));
  let n = 0;
  for (let i = 0; i < samples.length; i += per) await writeFile(join(dir, 'old', String(n++)), samples.subarray(i, i + per));
  async function* pieces() {
    for (let i = 0; i < n; i++) {
      const b = await readFile(join(dir, 'old', String(i)));
      yield new Int16Array(b.buffer, b.byteOffset, b.length >> 1);
    }
  }
  const old = monitorEventLoopDelay({ resolution: 10 });
  old.enable();
  const tick = setInterval(() => {}, 10); // a served request's timers, as on a live server
  const o0 = performance.now();
  let oldBytes = 0;
  for await (const chunk of encodeInOrder('mp3', { ffmpeg: 'ffmpeg' }, pieces())) oldBytes += chunk.length;
  const oldS = s(o0, performance.now());
  clearInterval(tick);
  old.disable();

  console.log(JSON.stringify({
    chars: CHARS, pieces: view.progress.pieces_total, audioSeconds: view.progress.audio_seconds, mp3MB: +(file.length / 1e6).toFixed(1),
    totalS: s(t0, completed), assemblyS: s(piecesDone, completed), eventLoopDelayDuringAssemblyMs: ms(during),
    downloadStoredS: downloads, oldReencodeS: oldS, oldReencodeMB: +(oldBytes / 1e6).toFixed(1), eventLoopDelayOldEncodeMs: ms(old),
    load: { before: loadBefore, afterJob: loadAfterJob, end: load() },
  }, null, 1));
} finally {
  await t.close();
  await rm(dir, { recursive: true, force: true });
}
