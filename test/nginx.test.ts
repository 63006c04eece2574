// Debian's nginx in front of two Mynah replicas, configured from deploy/nginx.conf.template (the
// file docker-compose.yml uses): audio streams through unbuffered, and new requests keep
// succeeding while one replica restarts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { longText, startServer, type TestServer } from './helpers.js';
import { startNginx, waitUntil, type Nginx } from './servers.js';

const json = { 'content-type': 'application/json' };

let nginx: Nginx;
let proxy: string;
const replicas: TestServer[] = [];
const ports: number[] = [];

before(async () => {
  for (let i = 0; i < 2; i++) {
    const t = await startServer({ workers: 1 });
    replicas.push(t);
    ports.push(Number(new URL(t.url).port));
  }
  nginx = await startNginx(ports.map((p) => `127.0.0.1:${p}`));
  proxy = nginx.url;
});

after(async () => {
  await nginx?.close();
  for (const t of replicas) await t.close().catch(() => {});
});

test('audio streams through nginx as it is made, not collected by nginx first', async () => {
  // About 40 MB of PCM: more than any socket buffer between here and the replica.
  const res = await fetch(`${proxy}/v1/audio/speech`, { method: 'POST', headers: json, body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input: longText(4000), response_format: 'pcm', speed: 0.25 }) });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'audio/pcm');
  const reader = res.body!.getReader();
  const first = await reader.read();
  assert.ok(first.value && first.value.length > 0);
  // The client stops reading. Unbuffered, the back-pressure reaches the replica, which is still
  // holding the request seconds later; a buffering proxy would have taken the whole response
  // into its own buffers and let the replica finish.
  await new Promise((r) => setTimeout(r, 4000));
  const active = await Promise.all(replicas.map(async (t) => (await (await fetch(`${t.url}/ready`)).json()).active as number));
  assert.ok(active.reduce((a, b) => a + b, 0) >= 1, `no replica still streaming while the client paused: ${active}`);
  let total = first.value.length;
  for (;;) { const { done, value } = await reader.read(); if (done) break; total += value.length; }
  assert.ok(total > 24000 * 2 * 600, `only ${total} bytes`);
});

test('new requests keep succeeding while one replica restarts', async () => {
  const codes: number[] = [];
  let stop = false;
  const load = (async () => {
    while (!stop) {
      const res = await fetch(`${proxy}/v1/audio/speech`, { method: 'POST', headers: json, body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input: 'Still speaking.', response_format: 'wav' }) });
      await res.arrayBuffer();
      codes.push(res.status);
    }
  })();
  await waitUntil(async () => codes.length >= 3, 'requests before the restart');
  // Replica 0 stops (SIGTERM-style drain) and comes back on the same port.
  await replicas[0].server.drain(2000);
  const during = codes.length;
  await new Promise((r) => setTimeout(r, 500));
  replicas[0] = await startServer({ workers: 1, port: ports[0] });
  await waitUntil(async () => codes.length >= during + 6, 'requests after the restart');
  stop = true;
  await load;
  assert.ok(codes.length >= 9);
  assert.deepEqual(codes.filter((c) => c !== 200), [], `non-200 answers: ${codes.join(',')}`);
});
