// SIGTERM on the real CLI: /ready turns 503 and new speech gets a 503 while a stream in flight
// finishes; then the process exits 0,
// and the API key never reaches the logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { longText } from './helpers.js';

test('SIGTERM during a stream lets it finish, then exits 0', { timeout: 60_000 }, async () => {
  const key = 'sk-shutdown-secret-4242';
  const child = spawn(process.execPath, ['dist/src/cli.js', 'serve', '--host', '127.0.0.1', '--port', '0'], {
    env: { ...process.env, MYNAH_WORKERS: '1', MYNAH_LOG_LEVEL: 'info', MYNAH_API_KEYS: key, MYNAH_SHUTDOWN_GRACE_MS: '20000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  child.stdout.on('data', (d) => (logs += d));
  child.stderr.on('data', (d) => (logs += d));
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => { const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(logs); if (m) resolve(m[1]); };
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${logs}`)));
  });
  const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const res = await fetch(`${url}/v1/audio/speech`, { method: 'POST', headers: auth, body: JSON.stringify({ model: 'espeak', voice: 'en-us', input: longText(2500), response_format: 'pcm' }) });
  assert.equal(res.status, 200);
  const reader = res.body!.getReader();
  let bytes = (await reader.read()).value!.byteLength;
  assert.equal((await fetch(`${url}/ready`)).status, 200);
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  // Draining: /ready says so with a 503, and new speech is turned away in OpenAI's envelope.
  let ready: Response;
  for (;;) {
    ready = await fetch(`${url}/ready`);
    if (ready.status !== 200) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(ready.status, 503);
  assert.equal((await ready.json()).status, 'draining');
  const late = await fetch(`${url}/v1/audio/speech`, { method: 'POST', headers: auth, body: JSON.stringify({ model: 'espeak', voice: 'en-us', input: 'Too late.' }) });
  assert.equal(late.status, 503);
  assert.deepEqual(Object.keys((await late.json()).error), ['message', 'type', 'param', 'code']);
  for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.byteLength;
  // 2,500 characters of speech is well over a minute of audio at 24 kHz 16-bit.
  assert.ok(bytes > 24000 * 2 * 60, `the stream finished (${bytes} bytes)`);
  const [code] = await exited;
  assert.equal(code, 0);
  assert.match(logs, /SIGTERM: draining/);
  assert.match(logs, /"event":"speech","outcome":"ok"/);
  assert.ok(!logs.includes(key), 'the API key is never logged');
  assert.ok(!logs.includes('lighthouse keeper'), 'the input text is not logged');
});
