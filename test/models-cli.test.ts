// `mynah models pull|list|rm` against a local HTTP server serving a generated model archive:
// progress, checksum, unpack, and the ways a pull fails (404, truncated, bad archive, no server).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writePiperModel } from './fixtures/tiny-models.js';

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const NAME = 'vits-piper-en_US-lessac-medium';
let dir: string;
let archive: Buffer;
let server: Server;
let base: string;
/** A port nothing listens on: taken, then freed. */
let closedPort: number;

function cli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [CLI, 'models', ...args], { env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? (err as { code?: number }).code ?? 1 : 0, stdout, stderr }));
  });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mynah-pull-'));
  await writePiperModel(join(dir, 'src', NAME), 'en_US-lessac-medium');
  // -h stores espeak-ng-data's files rather than the fixture's symlink, as real archives do.
  await promisify(execFile)('tar', ['-cjhf', join(dir, 'model.tar.bz2'), '-C', join(dir, 'src'), NAME]);
  archive = await readFile(join(dir, 'model.tar.bz2'));
  server = createServer((req, res) => {
    if (req.url === `/${NAME}.tar.bz2`) return res.writeHead(200, { 'content-length': archive.length }).end(archive);
    if (req.url === '/truncated.tar.bz2') {
      res.writeHead(200, { 'content-length': archive.length });
      res.write(archive.subarray(0, archive.length >> 1), () => res.destroy());
      return;
    }
    if (req.url === '/garbage.tar.bz2') return res.writeHead(200).end(Buffer.alloc(5000, 7));
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
});
after(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('mynah models', () => {
  test('pull downloads with progress, checks the sha256, unpacks into the store; list and rm', async () => {
    const store = join(dir, 'store-ok');
    const sha = createHash('sha256').update(archive).digest('hex');
    const pulled = await cli(['pull', NAME, '--sha256', sha], { MYNAH_MODELS_DIR: store, MYNAH_MODELS_URL: base });
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.match(pulled.stderr, /100% /);
    assert.match(pulled.stdout, /installed vits-piper-en_US-lessac-medium \(piper, 1 voice\)/);
    assert.ok(existsSync(join(store, NAME, 'en_US-lessac-medium.onnx')));
    assert.ok(existsSync(join(store, NAME, 'espeak-ng-data', 'phontab')));
    assert.deepEqual((await readdir(store)).filter((f) => f.startsWith('.')), [], 'no partial files left');
    const list = await cli(['list'], { MYNAH_MODELS_DIR: store });
    assert.match(list.stdout, /\* vits-piper-en_US-lessac-medium/);
    assert.match(list.stdout, /piper, en, 22050 Hz\): en_US-lessac-medium/);
    const again = await cli(['pull', NAME], { MYNAH_MODELS_DIR: store, MYNAH_MODELS_URL: base });
    assert.match(again.stderr, /already installed/);
    assert.equal((await cli(['rm', NAME], { MYNAH_MODELS_DIR: store })).code, 0);
    assert.ok(!existsSync(join(store, NAME)));
  });

  const failures: [string, string[], (base: string) => string, RegExp][] = [
    ['a wrong checksum', [NAME, '--sha256', '0'.repeat(64)], (b) => b, /checksum mismatch/],
    ['404', ['kokoro-en-v0_19'], (b) => b, /HTTP 404 \(no such model archive\)/],
    ['a truncated download', ['truncated'], (b) => b, /truncated|broke off/],
    ['a bad archive', ['garbage'], (b) => b, /not a valid \.tar\.bz2/],
    ['no server', [NAME], () => `http://127.0.0.1:${closedPort}`, /cannot reach .*ECONNREFUSED/],
  ];
  for (const [what, args, url, message] of failures) {
    test(`pull fails clearly on ${what}, leaving nothing behind`, async () => {
      const store = join(dir, `store-${what.replace(/\W/g, '')}`);
      const res = await cli(['pull', ...args], { MYNAH_MODELS_DIR: store, MYNAH_MODELS_URL: url(base) });
      assert.equal(res.code, 1);
      assert.match(res.stderr, message);
      assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace');
      assert.deepEqual(existsSync(store) ? await readdir(store) : [], []);
    });
  }
});
