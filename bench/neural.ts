// Neural memory and first audio on a generated model of Kokoro v1.0's size (not a test: numbers
// depend on the machine). For 1, 2 and 4 workers: process RSS with the server idle, then with
// every worker holding the model (N requests at once, each loads it lazily in its worker), the
// cold and warm time to first audio byte, and whether the N jobs were in the workers at once.
// Run: npm run build && node dist/bench/neural.js [workers=1,2,4] [modelMB=310]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config/index.js';
import { buildServer } from '../src/server/app.js';
import { writeKokoroV1Model } from '../test/fixtures/tiny-models.js';

const [mode, a, b] = process.argv.slice(2);
const mb = (n: number) => Math.round(n / 2 ** 20);

async function child(workers: number, store: string) {
  const server = await buildServer(loadConfig({}, { host: '127.0.0.1', port: 0, logLevel: 'silent', workers, modelsDir: store }));
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(server.app.server.address() as { port: number }).port}`;
  const idle = process.memoryUsage().rss;
  const input = Array.from({ length: 12 }, (_, i) => `Sentence number ${i + 1} goes on for a while.`).join(' ');
  const speak = async () => {
    const t0 = performance.now();
    const res = await fetch(`${url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'tts-1-hd', voice: 'alloy', input, response_format: 'mp3', speed: 0.25 }) });
    const reader = res.body!.getReader();
    await reader.read();
    const first = performance.now() - t0;
    return { first, reader };
  };
  const cold = await Promise.all(Array.from({ length: workers }, speak));
  const together = ((await (await fetch(`${url}/health`)).json()) as { workers: number[] }).workers;
  for (const { reader } of cold) while (!(await reader.read()).done);
  const loaded = process.memoryUsage().rss;
  const warm = await speak();
  while (!(await warm.reader.read()).done);
  console.log(JSON.stringify({ workers, idleMB: mb(idle), loadedMB: mb(loaded), perWorkerMB: Math.round((mb(loaded) - mb(idle)) / workers),
    coldFirstAudioMs: Math.round(Math.max(...cold.map((c) => c.first))), warmFirstAudioMs: Math.round(warm.first), jobsPerWorkerAtOnce: together }));
  await server.close();
  process.exit(0);
}

if (mode === '--child') await child(Number(a), b);
else {
  const counts = (mode ?? '1,2,4').split(',').map(Number);
  const modelMB = Number(a ?? 310);
  const store = join(tmpdir(), `mynah-bench-neural-${modelMB}`);
  const dir = join(store, 'kokoro-multi-lang-v1_0');
  if (!existsSync(join(dir, 'model.onnx'))) await writeKokoroV1Model(dir, modelMB * 2 ** 20);
  console.log(`model.onnx ${modelMB} MB + voices.bin 26 MB, store ${store}`);
  for (const n of counts) {
    process.stdout.write(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', String(n), store], { env: { ...process.env, UV_THREADPOOL_SIZE: String(n * 2 + 4) } }));
  }
}
