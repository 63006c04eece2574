// Reproduces the flite crash under concurrent requests (see BENCHMARKS.md): N clients loop
// 1,000-character requests for 25 s and report whether the server survived.
// Run: npm run build && node dist/bench/stress.js [clients=4] ['{"response_format":"pcm"}'] ['{"MYNAH_WORKERS":"1"}']
import { speak, startServer, TEXTS } from './lib.js';

const clients = Number(process.argv[2] ?? 4);
const body = JSON.parse(process.argv[3] ?? '{}') as Record<string, unknown>;
const env = JSON.parse(process.argv[4] ?? '{}') as Record<string, string>;
const server = await startServer(env);
let died: string | undefined;
server.child.on('exit', (code, signal) => { died = String(signal ?? code); });
const start = Date.now();
let requests = 0;
await Promise.all(Array.from({ length: clients }, async () => {
  while (!died && Date.now() - start < 25_000) {
    try { await speak(server.url, { input: TEXTS.medium, ...body }); requests++; } catch { /* counted by `died` */ }
  }
}));
console.log(JSON.stringify({ clients, body, env, requests, seconds: (Date.now() - start) / 1000, serverDied: died ?? false }));
await server.stop();
