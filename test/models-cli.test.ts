// `mynah models pull|list|rm` against a local HTTP server serving a generated model archive:
// progress, checksum, unpack, and the ways a pull fails (404, truncated, bad archive, no server).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { piperOnnx, writePiperModel } from './fixtures/tiny-models.js';
import { readOnnxMetadata } from '../src/models/onnx-meta.js';
import { scanStore } from '../src/models/store.js';

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const NAME = 'vits-piper-en_US-lessac-medium';
let dir: string;
let archive: Buffer;
let server: Server;
let base: string;
/** Archives tests add at run time, by URL path. */
const extra = new Map<string, Buffer>();
/** The next /stall/ request sends half the archive and then nothing. */
let stallOnce = false;
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
    if (extra.has(req.url!)) return res.writeHead(200).end(extra.get(req.url!));
    if (req.url === `/stall/${NAME}.tar.bz2`) {
      res.writeHead(200, { 'content-length': archive.length });
      if (stallOnce) { stallOnce = false; res.write(archive.subarray(0, archive.length >> 1)); return; }
      return res.end(archive);
    }
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
  server.closeAllConnections();
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
    assert.deepEqual((await readdir(store)).filter((f) => f.startsWith('.')), ['.espeak-ng-data'], 'no partial files left, one shared espeak-ng-data');
    const list = await cli(['list'], { MYNAH_MODELS_DIR: store });
    assert.match(list.stdout, /\* vits-piper-en_US-lessac-medium/);
    assert.match(list.stdout, /piper, en, 22050 Hz\): en_US-lessac-medium/);
    const again = await cli(['pull', NAME], { MYNAH_MODELS_DIR: store, MYNAH_MODELS_URL: base });
    assert.match(again.stderr, /already installed/);
    assert.equal((await cli(['rm', NAME], { MYNAH_MODELS_DIR: store })).code, 0);
    assert.ok(!existsSync(join(store, NAME)));
    // A running server may be using espeak-ng's data (sherpa-onnx loads it once per process): it stays.
    assert.ok(existsSync(join(store, '.espeak-ng-data', 'phontab')));
    assert.equal((await cli(['rm', '.espeak-ng-data'], { MYNAH_MODELS_DIR: store })).code, 2);
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

describe('models pull treats an archive as untrusted (as root too)', () => {
  /** A model folder with one odd entry, packed as-is (no -h: links stay links). */
  async function oddArchive(kind: string, make: (model: string) => Promise<void>): Promise<string> {
    const src = join(dir, `odd-${kind}`, 'vits-piper-en_US-odd-medium');
    await writePiperModel(src, 'en_US-odd-medium');
    await rm(join(src, 'espeak-ng-data'));
    await make(src);
    const file = join(dir, `${kind}.tar.bz2`);
    await promisify(execFile)('tar', ['-cjf', file, '-C', join(dir, `odd-${kind}`), 'vits-piper-en_US-odd-medium']);
    extra.set(`/${kind}.tar.bz2`, await readFile(file));
    return kind;
  }
  const sh = async (cmd: string) => { await promisify(execFile)('sh', ['-c', cmd]); };
  const cases: [string, (m: string) => Promise<void>, RegExp][] = [
    ['symlink', (m) => sh(`ln -s /etc/shadow '${m}/shadow'`), /unsafe archive: .*symbolic link/],
    ['hardlink', (m) => sh(`ln '${m}/tokens.txt' '${m}/tokens2.txt'`), /unsafe archive: .*hard link/],
    ['fifo', (m) => sh(`rm '${m}/en_US-odd-medium.onnx' && mkfifo '${m}/en_US-odd-medium.onnx'`), /unsafe archive: .*FIFO/],
    ['setuid', (m) => sh(`chmod 4755 '${m}/tokens.txt'`), /unsafe archive: .*setuid/],
    ['bomb', (m) => sh(`head -c 200000000 /dev/zero > '${m}/zeros.bin'`), /expands to more than \d+ MB/],
  ];
  for (const [kind, make, message] of cases) {
    test(`a ${kind} entry is refused before it is written, leaving nothing behind`, { timeout: 60_000 }, async () => {
      await oddArchive(kind, make);
      const store = join(dir, `store-odd-${kind}`);
      const res = await cli(['pull', kind], { MYNAH_MODELS_DIR: store, MYNAH_MODELS_URL: base });
      assert.equal(res.code, 1, res.stdout);
      assert.match(res.stderr, message);
      assert.deepEqual(existsSync(store) ? await readdir(store) : [], []);
    });
  }

  test('without bzip2 the message says so', async () => {
    const bin = join(dir, 'bin-no-bzip2');
    await promisify(execFile)('sh', ['-c', `mkdir -p '${bin}' && ln -sf "$(command -v tar)" '${bin}/tar'`]);
    const res = await cli(['pull', NAME], { MYNAH_MODELS_DIR: join(dir, 'store-nobz'), MYNAH_MODELS_URL: base, PATH: bin });
    assert.equal(res.code, 1);
    assert.match(res.stderr, /bzip2 is not installed/);
  });

  test('a stalled download is dropped and tried again', async () => {
    stallOnce = true;
    const res = await cli(['pull', NAME], { MYNAH_MODELS_DIR: join(dir, 'store-stall'), MYNAH_MODELS_URL: `${base}/stall`, MYNAH_PULL_STALL_MS: '2000' });
    assert.equal(res.code, 0, res.stderr);
    // Half the archive then silence; on a busy machine even the headers may come late.
    assert.match(res.stderr, /(stalled: nothing for 2 s|no answer from .* in 2 s).*trying again \(2 of 3\)/);
  });

  test('a metadata length of 2^31 is an error, not an allocation', async () => {
    const file = join(dir, 'huge-meta.onnx');
    // ModelProto field 14 (metadata_props), length-delimited, claiming 2^31 bytes.
    await writeFile(file, Buffer.from([0x72, 0x80, 0x80, 0x80, 0x80, 0x08, 1, 2, 3]));
    await assert.rejects(readOnnxMetadata(file), /claims 2147483648 bytes/);
  });

  test('a FIFO named model.onnx in the store is skipped, not waited on', { timeout: 5000 }, async () => {
    const store = join(dir, 'store-fifo');
    await writePiperModel(join(store, 'vits-piper-en_US-fifo-medium'), 'en_US-fifo-medium');
    await promisify(execFile)('sh', ['-c', `cd '${store}/vits-piper-en_US-fifo-medium' && rm en_US-fifo-medium.onnx && mkfifo en_US-fifo-medium.onnx`]);
    const { models, skipped } = await scanStore(store);
    assert.equal(models.length, 0);
    assert.match(skipped[0].reason, /not a regular file/);
  });
});

describe('models pull from a mirror', () => {
  test('extra files (Matcha\'s vocoder) come from MYNAH_MODELS_URL too', async () => {
    const name = 'matcha-icefall-en_US-ljspeech';
    const src = join(dir, 'matcha-src', name);
    await writePiperModel(src, 'model-steps-3');
    await writeFile(join(src, 'model-steps-3.onnx'), piperOnnx({ language: 'English', voice: 'en-us' }));
    await promisify(execFile)('tar', ['-cjhf', join(dir, 'matcha.tar.bz2'), '-C', join(dir, 'matcha-src'), name]);
    extra.set(`/${name}.tar.bz2`, await readFile(join(dir, 'matcha.tar.bz2')));
    extra.set('/vocos-22khz-univ.onnx', Buffer.from(piperOnnx({ language: 'English', voice: 'en-us' })));
    const store = join(dir, 'store-matcha');
    const res = await cli(['pull', name], { MYNAH_MODELS_DIR: store, MYNAH_MODELS_URL: base });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /installed matcha-icefall-en_US-ljspeech \(matcha/);
    assert.ok(existsSync(join(store, name, 'vocos-22khz-univ.onnx')));
  });
});
