// Upstream keys never leave the gateway: a real `mynah serve` process with a gateway config, its
// upstream secrets in the environment, debug logging on. An upstream that echoes the key it got in
// its error must not get it through to the client, and no log line or response carries it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { fakeOpenAI } from './gateway-fakes.js';

test('upstream keys are absent from every log line and response', { timeout: 60_000 }, async () => {
  const goodKey = 'sk-upstream-good-7f3a9c';
  const echoKey = 'sk-upstream-echo-51d0e2';
  const good = await fakeOpenAI({ key: goodKey });
  const echo = await fakeOpenAI();
  echo.fault = '401-echo';
  const dir = await mkdtemp(join(tmpdir(), 'mynah-gw-secrets-'));
  const config = join(dir, 'mynah.config.json');
  await writeFile(config, JSON.stringify({
    gateway: {
      databasePath: join(dir, 'gateway.db'),
      upstreams: [
        { name: 'good', kind: 'openai', baseUrl: `${good.url}/v1`, apiKeyEnv: 'GOOD_KEY', pricePerMillionChars: 15 },
        { name: 'echo', kind: 'openai', baseUrl: `${echo.url}/v1`, apiKeyEnv: 'ECHO_KEY' },
      ],
      routes: { 'tts-1': ['good'], 'tts-1-hd': ['echo'] },
    },
  }));
  const child = spawn(process.execPath, ['dist/src/cli.js', 'serve', '--host', '127.0.0.1', '--port', '0'], {
    env: { ...process.env, MYNAH_CONFIG: config, MYNAH_WORKERS: '1', MYNAH_LOG_LEVEL: 'debug', GOOD_KEY: goodKey, ECHO_KEY: echoKey, MYNAH_API_KEYS: 'sk-client-1,sk-admin-1', MYNAH_ADMIN_KEYS: 'sk-admin-1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  child.stdout.on('data', (d) => (logs += d));
  child.stderr.on('data', (d) => (logs += d));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const check = () => { const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(logs); if (m) resolve(m[1]); };
      child.stdout.on('data', check);
      child.once('exit', (code) => reject(new Error(`server exited ${code}: ${logs}`)));
    });
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'sk-client-1', maxRetries: 0 });
    const seen: string[] = [];

    const ok = await client.audio.speech.create({ model: 'tts-1', input: 'Relayed with a secret.', voice: 'alloy' });
    seen.push(JSON.stringify([...ok.headers]), (await ok.text()));
    assert.equal(good.requests.at(-1)!.headers.authorization, `Bearer ${goodKey}`, 'the upstream got its key');

    await assert.rejects(client.audio.speech.create({ model: 'tts-1-hd', input: 'Echo my key.', voice: 'alloy' }), (err: { status: number; error: unknown; headers: Headers }) => {
      assert.equal(err.status, 502);
      seen.push(JSON.stringify(err.error), JSON.stringify([...err.headers]));
      return true;
    });
    assert.ok(echo.requests.at(-1)!.headers.authorization?.includes(echoKey), 'the echoing upstream did get the key');

    for (const path of ['/v1/organization/usage/audio_speeches?start_time=0&group_by=model', '/v1/organization/costs?start_time=0&group_by=line_item', '/v1/organization/gateway/keys', '/v1/models', '/metrics', '/health']) {
      const res = await fetch(`${url}${path}`, { headers: { authorization: 'Bearer sk-admin-1' } });
      seen.push(await res.text(), JSON.stringify([...res.headers]));
    }
    child.kill('SIGTERM');
    await once(child, 'exit');
    assert.match(logs, /"event":"gateway"/, 'the gateway logged its requests');
    for (const secret of [goodKey, echoKey]) {
      assert.ok(!logs.includes(secret), 'no log line carries an upstream key');
      for (const s of seen) assert.ok(!s.includes(secret), `no response carries an upstream key: ${s.slice(0, 200)}`);
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await good.close();
    await echo.close();
    await rm(dir, { recursive: true, force: true });
  }
});
