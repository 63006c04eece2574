// `mynah models pull`: download a sherpa-onnx model archive, check it, unpack it into the store.
// Unpacking uses the system's `tar` and `bzip2` (on every Debian/Ubuntu/macOS machine): they are
// faster than any JavaScript bzip2 and need no dependency; untar.ts keeps them to plain files
// and folders within a size cap. Work happens in a hidden `.partial` folder, so a failed pull
// never leaves a half-model that start-up would try to load.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CATALOGUE, extraUrl, modelsBaseUrl } from './catalogue.js';
import { detectModel, SHARED_ESPEAK_DATA, type InstalledModel } from './store.js';
import { unpack } from './untar.js';

/** A download that receives nothing for this long is dropped and started again. */
export const STALL_MS = 30_000;
const ATTEMPTS = 3;

export interface PullOptions {
  root: string;
  env?: NodeJS.ProcessEnv;
  sha256?: string;
  /** Milliseconds without a byte before a download is retried (default STALL_MS). */
  stallMs?: number;
  /** Called as bytes arrive; `total` is 0 when the server sends no length. */
  onProgress?: (received: number, total: number, label: string) => void;
}

export async function pullModel(name: string, { root, env = process.env, sha256, stallMs = STALL_MS, onProgress }: PullOptions): Promise<InstalledModel> {
  if (!/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('.')) throw new Error(`'${name}' is not a model name`);
  const entry = CATALOGUE.find((e) => e.name === name);
  const target = join(root, name);
  if (existsSync(target)) throw new Error(`${name} is already installed in ${root}; 'mynah models rm ${name}' first`);
  const work = join(root, `.${name}.partial`);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  try {
    const archive = join(work, `${name}.tar.bz2`);
    const digest = await download(`${modelsBaseUrl(env)}/${name}.tar.bz2`, archive, name, stallMs, onProgress);
    const expected = (sha256 ?? entry?.sha256)?.toLowerCase();
    if (expected && digest !== expected) throw new Error(`checksum mismatch for ${name}.tar.bz2: expected sha256 ${expected}, got ${digest}`);
    const unpacked = join(work, 'x');
    await mkdir(unpacked);
    await unpack(archive, unpacked, (await stat(archive)).size);
    // Archives hold one top folder named after the model; accept a flat archive too.
    const top = await readdir(unpacked, { withFileTypes: true });
    const dir = top.length === 1 && top[0].isDirectory() ? join(unpacked, top[0].name) : unpacked;
    for (const extra of entry?.extras ?? []) await download(extraUrl(extra, env), join(dir, extra.file), extra.file, stallMs, onProgress);
    await detectModel(dir).catch((err) => { throw new Error(`${name}.tar.bz2 does not hold a usable model: ${(err as Error).message}`); });
    await shareEspeakData(root, dir, work);
    await rename(dir, target);
    return await detectModel(target);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Downloads with a stall timeout; a stalled or broken download starts again from scratch (up to 3 tries). */
async function download(url: string, file: string, label: string, stallMs: number, onProgress?: PullOptions['onProgress']): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await downloadOnce(url, file, label, stallMs, onProgress);
    } catch (err) {
      if (!(err instanceof Retryable) || attempt >= ATTEMPTS) throw new Error((err as Error).message + (err instanceof Retryable ? ` (gave up after ${attempt} tries)` : ''));
      process.stderr.write(`${(err as Error).message}; trying again (${attempt + 1} of ${ATTEMPTS})\n`);
    }
  }
}

class Retryable extends Error {}

async function downloadOnce(url: string, file: string, label: string, stallMs: number, onProgress?: PullOptions['onProgress']): Promise<string> {
  const controller = new AbortController();
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => { clearTimeout(timer); timer = setTimeout(() => { stalled = true; controller.abort(); }, stallMs); };
  arm();
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'follow', signal: controller.signal });
  } catch (err) {
    clearTimeout(timer);
    if (stalled) throw new Retryable(`no answer from ${url} in ${stallMs / 1000} s`);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`cannot reach ${url}: ${cause?.code ?? cause?.message ?? (err as Error).message} (no network? set MYNAH_MODELS_URL to a mirror)`);
  }
  if (!res.ok || !res.body) {
    clearTimeout(timer);
    throw new Error(`download of ${url} failed: HTTP ${res.status}${res.status === 404 ? ' (no such model archive)' : ''}`);
  }
  const total = Number(res.headers.get('content-length') ?? 0);
  const hash = createHash('sha256');
  const out = await open(file, 'w');
  let received = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      arm();
      await out.write(chunk);
      hash.update(chunk);
      received += chunk.length;
      onProgress?.(received, total, label);
    }
  } catch (err) {
    throw new Retryable(stalled ? `download of ${url} stalled: nothing for ${stallMs / 1000} s after ${received} bytes`
      : `download of ${url} broke off after ${received} bytes: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
    await out.close();
  }
  if (total && received !== total) throw new Retryable(`download of ${url} is truncated: ${received} of ${total} bytes`);
  return hash.digest('hex');
}

/**
 * Keeps one copy of espeak-ng's data at the store's top level (see SHARED_ESPEAK_DATA), made from
 * the first pulled model that carries it; `models rm` never removes it.
 */
async function shareEspeakData(root: string, dir: string, work: string): Promise<void> {
  const shared = join(root, SHARED_ESPEAK_DATA);
  if (existsSync(join(shared, 'phontab')) || !existsSync(join(dir, 'espeak-ng-data', 'phontab'))) return;
  const copy = join(work, 'espeak-ng-data');
  await cp(join(dir, 'espeak-ng-data'), copy, { recursive: true });
  await rm(shared, { recursive: true, force: true });
  await rename(copy, shared).catch(() => { /* another pull got there first */ });
}

/** A one-line progress bar for a terminal (or a log: it only rewrites the line on a TTY). */
export function progressBar(stream: NodeJS.WriteStream) {
  let last = -1;
  return (received: number, total: number, label: string) => {
    const mb = (n: number) => (n / 1e6).toFixed(1);
    const pct = total ? Math.floor((received / total) * 100) : -1;
    if (pct === last && pct !== -1) return;
    last = pct;
    const bar = total ? `[${'#'.repeat(Math.round(pct / 5)).padEnd(20, '-')}] ${String(pct).padStart(3)}% ` : '';
    const line = `${label} ${bar}${mb(received)}${total ? `/${mb(total)}` : ''} MB`;
    if (stream.isTTY) stream.write(`\r${line}${pct === 100 ? '\n' : ''}`);
    else if (pct === 100 || pct % 25 === 0) stream.write(`${line}\n`);
  };
}
