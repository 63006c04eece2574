// Unpacks a model archive as untrusted input, even when `mynah models pull` runs as root:
// bzip2 decompresses, this module reads every tar header on the way to tar and stops the
// stream before tar sees anything but plain files and folders with sane names and modes, and
// before the unpacked bytes pass a cap (a 251-byte archive can expand to hundreds of MB).
// tar then writes without owners or stored permissions. Nothing that is not a plain file or
// folder (symlink, hard link, device, FIFO) is ever created.
import { spawn } from 'node:child_process';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Unpacked bytes allowed per archive byte (real model archives expand 1.1-4 times), plus a floor and a ceiling. */
export const EXPANSION = { ratio: 12, floor: 16 << 20, ceiling: 8 * 2 ** 30 };

export const expansionLimit = (archiveBytes: number) => Math.min(EXPANSION.ceiling, EXPANSION.floor + EXPANSION.ratio * archiveBytes);

class Refused extends Error {}

/** Checks tar headers as the stream passes; throws Refused on the first entry that is not allowed. */
class TarInspector {
  private at = 0;
  private next = 0;
  private header = Buffer.alloc(0);
  /** Contents of a pax or GNU long-name entry being collected. */
  private meta?: { type: string; left: number; data: Buffer[] };

  inspect(chunk: Buffer) {
    let i = 0;
    while (i < chunk.length) {
      if (this.meta) {
        const take = Math.min(this.meta.left, chunk.length - i);
        this.meta.data.push(chunk.subarray(i, i + take));
        this.meta.left -= take;
        this.at += take; i += take;
        if (this.meta.left === 0) { this.checkMeta(this.meta.type, Buffer.concat(this.meta.data)); this.meta = undefined; }
        continue;
      }
      if (this.at < this.next) { const skip = Math.min(this.next - this.at, chunk.length - i); this.at += skip; i += skip; continue; }
      const take = Math.min(512 - this.header.length, chunk.length - i);
      this.header = Buffer.concat([this.header, chunk.subarray(i, i + take)]);
      this.at += take; i += take;
      if (this.header.length === 512) { this.entry(this.header); this.header = Buffer.alloc(0); }
    }
  }

  private entry(h: Buffer) {
    if (h.every((b) => b === 0)) { this.next = this.at; return; }
    const type = String.fromCharCode(h[156] || 48);
    const size = octal(h.subarray(124, 136));
    const mode = octal(h.subarray(100, 108));
    const name = cstr(h.subarray(345, 500)) ? `${cstr(h.subarray(345, 500))}/${cstr(h.subarray(0, 100))}` : cstr(h.subarray(0, 100));
    const padded = Math.ceil(size / 512) * 512;
    if (type === 'x' || type === 'g' || type === 'L') {
      if (size > 1 << 16) throw new Refused(`a ${size}-byte tar extension header`);
      this.meta = { type, left: size, data: [] };
      this.next = this.at + padded;
      if (size === 0) this.meta = undefined;
      // Padding after the collected bytes is skipped by `next`.
      return;
    }
    if (type !== '0' && type !== '5' && type !== '7') throw new Refused(`'${name}' is a ${KINDS[type] ?? `type '${type}' entry`}; only plain files and folders are accepted`);
    if (mode & 0o7000) throw new Refused(`'${name}' has setuid, setgid or sticky bits`);
    checkName(name);
    this.next = this.at + (type === '5' ? 0 : padded);
  }

  private checkMeta(type: string, data: Buffer) {
    if (type === 'L') return checkName(cstr(data));
    for (const record of data.toString('utf8').split('\n')) {
      const [, key, value] = record.match(/^\d+ ([^=]+)=(.*)$/) ?? [];
      if (key === 'size' || key === 'linkpath' || key === 'GNU.sparse.size') throw new Refused(`a tar extension header sets '${key}'`);
      if (key === 'path') checkName(value);
    }
  }
}

const KINDS: Record<string, string> = { '1': 'hard link', '2': 'symbolic link', '3': 'character device', '4': 'block device', '6': 'FIFO', K: 'long link name', S: 'sparse file' };

function checkName(name: string) {
  if (name.startsWith('/') || name.split('/').includes('..')) throw new Refused(`'${name}' points outside the model folder`);
}

const cstr = (b: Buffer) => { const end = b.indexOf(0); return b.toString('utf8', 0, end < 0 ? b.length : end); };

function octal(b: Buffer): number {
  if (b[0] & 0x80) throw new Refused('a tar entry larger than 8 GB');
  const text = cstr(b).trim();
  return text ? parseInt(text, 8) || 0 : 0;
}

/** Unpacks `archive` (.tar.bz2) into `dir`, refusing anything unsafe; throws a plain message. */
export async function unpack(archive: string, dir: string, archiveBytes: number): Promise<void> {
  const limit = expansionLimit(archiveBytes);
  const bzip2 = spawn('bzip2', ['-dc', archive], { stdio: ['ignore', 'pipe', 'pipe'] });
  const tar = spawn('tar', ['-x', '-f', '-', '-C', dir, '--no-same-owner', '--no-same-permissions'], { stdio: ['pipe', 'ignore', 'pipe'] });
  const inspector = new TarInspector();
  let bzErr = '', tarErr = '', total = 0;
  let refused: Error | undefined;
  bzip2.stderr.on('data', (d) => { bzErr += d; });
  tar.stderr.on('data', (d) => { tarErr += d; });
  tar.stdin.on('error', () => { /* tar exited early; its exit code tells why */ });
  const stop = (err: Error) => { refused ??= err; bzip2.kill('SIGKILL'); tar.kill('SIGKILL'); };
  const spawned = (child: typeof bzip2 | typeof tar, name: string) => new Promise<number>((resolve) => {
    child.on('error', (err: NodeJS.ErrnoException) => {
      stop(new Error(err.code === 'ENOENT'
        ? `${name} is not installed; models are .tar.bz2 archives and need it (Debian/Ubuntu: apt-get install ${name})`
        : `cannot run ${name}: ${err.message}`));
      resolve(-1);
    });
    child.on('close', (code) => resolve(code ?? -1));
  });
  const bzDone = spawned(bzip2, 'bzip2');
  const tarDone = spawned(tar, 'tar');
  bzip2.stdout.on('data', (chunk: Buffer) => {
    if (refused) return;
    total += chunk.length;
    if (total > limit) return stop(new Error(`the archive expands to more than ${Math.round(limit / 2 ** 20)} MB (${archiveBytes} bytes packed); refusing it`));
    try {
      inspector.inspect(chunk);
    } catch (err) {
      return stop(err instanceof Refused ? new Error(`unsafe archive: ${err.message}`) : err as Error);
    }
    if (!tar.stdin.write(chunk)) { bzip2.stdout.pause(); tar.stdin.once('drain', () => bzip2.stdout.resume()); }
  });
  bzip2.stdout.on('end', () => tar.stdin.end());
  const [bzCode, tarCode] = await Promise.all([bzDone, tarDone]);
  if (refused) throw refused;
  if (bzCode !== 0) throw new Error(`the archive is not a valid .tar.bz2 (bzip2: ${bzErr.trim().split('\n')[0] || `exit ${bzCode}`})`);
  if (tarCode !== 0) throw new Error(`the archive is not a valid .tar.bz2 (tar: ${tarErr.trim().split('\n')[0] || `exit ${tarCode}`})`);
  await checkTree(dir);
}

/** After unpacking: plain files (one link each) and folders only, whatever tar did. */
async function checkTree(dir: string): Promise<void> {
  for (const entry of await readdir(dir)) {
    const path = join(dir, entry);
    const st = await lstat(path);
    if (st.isDirectory()) await checkTree(path);
    else if (!st.isFile() || st.nlink !== 1 || st.mode & 0o7000) throw new Error(`unsafe archive: '${entry}' is not a plain file`);
  }
}
