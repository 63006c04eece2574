// `mynah models pull`: download a sherpa-onnx model archive, check it, unpack it into the store.
// Unpacking uses the system's `tar` and `bzip2` (on every Debian/Ubuntu/macOS machine): they are
// faster than any JavaScript bzip2 and need no dependency. Work happens in a hidden `.partial`
// folder, so a failed pull never leaves a half-model that start-up would try to load.
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CATALOGUE, modelsBaseUrl } from './catalogue.js';
import { detectModel, type InstalledModel } from './store.js';

export interface PullOptions {
  root: string;
  env?: NodeJS.ProcessEnv;
  sha256?: string;
  /** Called as bytes arrive; `total` is 0 when the server sends no length. */
  onProgress?: (received: number, total: number, label: string) => void;
}

export async function pullModel(name: string, { root, env = process.env, sha256, onProgress }: PullOptions): Promise<InstalledModel> {
  if (!/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('.')) throw new Error(`'${name}' is not a model name`);
  const entry = CATALOGUE.find((e) => e.name === name);
  const target = join(root, name);
  if (existsSync(target)) throw new Error(`${name} is already installed in ${root}; 'mynah models rm ${name}' first`);
  const work = join(root, `.${name}.partial`);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  try {
    const archive = join(work, `${name}.tar.bz2`);
    const digest = await download(`${modelsBaseUrl(env)}/${name}.tar.bz2`, archive, name, onProgress);
    const expected = (sha256 ?? entry?.sha256)?.toLowerCase();
    if (expected && digest !== expected) throw new Error(`checksum mismatch for ${name}.tar.bz2: expected sha256 ${expected}, got ${digest}`);
    const unpacked = join(work, 'x');
    await mkdir(unpacked);
    await untar(archive, unpacked);
    // Archives hold one top folder named after the model; accept a flat archive too.
    const top = await readdir(unpacked, { withFileTypes: true });
    const dir = top.length === 1 && top[0].isDirectory() ? join(unpacked, top[0].name) : unpacked;
    for (const extra of entry?.extras ?? []) await download(extra.url, join(dir, extra.file), extra.file, onProgress);
    await detectModel(dir).catch((err) => { throw new Error(`${name}.tar.bz2 does not hold a usable model: ${(err as Error).message}`); });
    await rename(dir, target);
    return await detectModel(target);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function download(url: string, file: string, label: string, onProgress?: PullOptions['onProgress']): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'follow' });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`cannot reach ${url}: ${cause?.code ?? cause?.message ?? (err as Error).message} (no network? set MYNAH_MODELS_URL to a mirror)`);
  }
  if (!res.ok || !res.body) throw new Error(`download of ${url} failed: HTTP ${res.status}${res.status === 404 ? ' (no such model archive)' : ''}`);
  const total = Number(res.headers.get('content-length') ?? 0);
  const hash = createHash('sha256');
  const out = await open(file, 'w');
  let received = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      await out.write(chunk);
      hash.update(chunk);
      received += chunk.length;
      onProgress?.(received, total, label);
    }
  } catch (err) {
    throw new Error(`download of ${url} broke off after ${received} bytes: ${(err as Error).message}`);
  } finally {
    await out.close();
  }
  if (total && received !== total) throw new Error(`download of ${url} is truncated: ${received} of ${total} bytes`);
  return hash.digest('hex');
}

function untar(archive: string, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const tar = spawn('tar', ['-xjf', archive, '-C', dir, '--no-same-owner'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    tar.stderr.on('data', (d) => { stderr += d; });
    tar.on('error', (err) => reject(new Error(`cannot run tar to unpack the archive: ${err.message}`)));
    tar.on('close', (code) => code === 0 ? resolve() : reject(new Error(`the archive is not a valid .tar.bz2 (tar: ${stderr.trim().split('\n')[0] || `exit ${code}`})`)));
  });
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
