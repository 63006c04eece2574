// A minimal WASI preview1 host with an in-memory file system, just enough to run a command-line
// program compiled to WASI (flite) once. Node's own node:wasi crashed the whole process
// (SIGSEGV inside V8) every few hundred runs here; this keeps everything in plain JavaScript,
// and it also spares a round trip through the disk for each sentence.

import { ModuleReader, uleb, type Section } from '../wasm/module.js';

const ERRNO = { SUCCESS: 0, BADF: 8, INVAL: 28, NOENT: 44, NOSYS: 52 } as const;
const FILETYPE = { CHARACTER_DEVICE: 2, DIRECTORY: 3, REGULAR_FILE: 4 } as const;
const PREOPEN_FD = 3;
const O_CREAT = 1;
const O_TRUNC = 8;

class Exit {
  constructor(readonly code: number) {}
}

interface OpenFile {
  path: string;
  position: number;
}

/** A growable byte buffer standing in for one file. */
class MemFile {
  size = 0;
  /** `data`: room to start with (a buffer an earlier run's file grew, see run()). */
  constructor(public data: Uint8Array<ArrayBuffer> = new Uint8Array(0)) {}

  write(at: number, bytes: Uint8Array) {
    const end = at + bytes.length;
    if (end > this.data.length) {
      const grown = new Uint8Array(Math.max(end, this.data.length * 2, 4096));
      grown.set(this.data.subarray(0, this.size));
      this.data = grown;
    }
    this.data.set(bytes, at);
    this.size = Math.max(this.size, end);
  }

  bytes() {
    return this.data.subarray(0, this.size);
  }
}

export interface WasiProgram {
  /**
   * Runs the program once with `args`. `files` maps paths under the preopened directory `dir` to
   * their contents; the result holds them plus the files the program created, as views into
   * buffers the next run writes again (the largest file's buffer is kept for the next run's first
   * new file, so a 3.5 MB WAV is not grown from 4 KB by doubling on every run): copy what must
   * outlive the next run.
   */
  run(args: string[], dir: string, files: Map<string, Uint8Array>): { code: number; files: Map<string, Uint8Array> };
  /** The instance's memory (to see what runs leave behind). */
  readonly memory: WebAssembly.Memory;
}

/**
 * A WASI program prepared to run many times in one instance: the module (compiled once per
 * process and posted to workers as it is), its memory as instantiation leaves it (shared by
 * every thread), and the exported names of its mutable globals (the stack pointer). Restoring
 * both before a run copies only the writable part (~83 KB for flite, not its 17 MB of read-only
 * tables: 0.8 ms -> ~0.05 ms per sentence); a fresh instance of flite cost ~11 ms and left 16 MiB
 * of garbage per run (BENCHMARKS.md, "Full path").
 */
export interface WasiImage {
  module: WebAssembly.Module;
  memory: SharedArrayBuffer;
  globals: string[];
  /**
   * The byte ranges of `memory` a run may change: all of it but the read-only data (segments the
   * module's name section calls `.rodata`: flite's 17 MB of voice tables), which C never writes,
   * so it is laid out once, at the first run, and not again before every run.
   */
  writable: [start: number, end: number][];
}

/**
 * Reads a module's memory size, mutable globals and active data segments, and compiles it with
 * those globals exported (a module does not export its stack pointer; restoring it needs that).
 */
export function prepareImage(bytes: Uint8Array): WasiImage {
  const r = new ModuleReader(bytes);
  let pages = 0;
  const mutable: number[] = [];
  const segments: { offset: number; data: Uint8Array }[] = [];
  const segmentNames = new Map<number, string>();
  const sections: Section[] = [];
  for (const section of r.sections()) {
    sections.push(section);
    if (section.id === 5) {
      r.leb();
      const flags = r.leb();
      pages = r.leb();
      if (flags & 1) r.leb();
    } else if (section.id === 6) {
      for (let i = 0, n = r.leb(); i < n; i++) {
        r.at++; // value type
        if (bytes[r.at++]) mutable.push(i);
        // Constant init expression: i32/i64.const or global.get with one LEB immediate, then end.
        const op = bytes[r.at++];
        if (op !== 0x41 && op !== 0x42 && op !== 0x23) throw new Error('WASI image: unexpected global initializer');
        r.leb();
        if (bytes[r.at++] !== 0x0b) throw new Error('WASI image: unexpected global initializer');
      }
    } else if (section.id === 11) {
      for (let i = 0, n = r.leb(); i < n; i++) {
        const kind = r.leb();
        if (kind !== 0 || bytes[r.at++] !== 0x41) throw new Error('WASI image: only active segments at a constant offset are supported');
        // i32.const is a signed LEB; offsets here are below 2^31.
        const offset = r.leb();
        if (bytes[r.at++] !== 0x0b) throw new Error('WASI image: unexpected segment offset expression');
        const length = r.leb();
        segments.push({ offset, data: bytes.subarray(r.at, r.at + length) });
        r.at += length;
      }
    } else if (section.id === 8) {
      throw new Error('WASI image: a start function cannot be rerun');
    } else {
      // Subsection 9: data segment names (wasm-ld writes `.rodata`, `.data`, ...).
      for (const sub of r.nameSubsections(section)) {
        if (sub === 9) for (let i = 0, n = r.leb(); i < n; i++) { const index = r.leb(); segmentNames.set(index, r.name()); }
      }
    }
  }
  const exportSection = sections.find((x) => x.id === 7);
  if (!exportSection) throw new Error('WASI image: module has no exports');
  const memory = new SharedArrayBuffer(pages * 65536);
  const view = new Uint8Array(memory);
  for (const { offset, data } of segments) view.set(data, offset);
  const readOnly = segments.filter((_, i) => segmentNames.get(i)?.startsWith('.rodata')).map(({ offset, data }) => [offset, offset + data.length]).sort((a, b) => a[0] - b[0]);
  const writable: [number, number][] = [];
  let from = 0;
  for (const [start, end] of readOnly) {
    if (start > from) writable.push([from, start]);
    from = Math.max(from, end);
  }
  if (from < memory.byteLength) writable.push([from, memory.byteLength]);

  // The module again: one export added per mutable global; without its data (the image holds
  // it, and V8 keeps a module's bytes for as long as the module lives: 17 of flite's 21 MB), and
  // without custom sections but `name` (function names, for profiles).
  r.at = exportSection.start;
  const count = r.leb();
  const globals = mutable.map((i) => `__mynah_global_${i}`);
  const added = mutable.flatMap((index, i) => {
    const name = new TextEncoder().encode(globals[i]);
    return [...uleb(name.length), ...name, 3, ...uleb(index)];
  });
  const payload = [...uleb(count + mutable.length), ...bytes.subarray(r.at, exportSection.end), ...added];
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  for (const section of sections) {
    if (section.id === 7) parts.push(new Uint8Array([7, ...uleb(payload.length), ...payload]));
    else if (section.id === 11 || section.id === 12) continue;
    else if (section.id !== 0 || r.customName(section) === 'name') parts.push(bytes.subarray(section.header, section.end));
  }
  return { module: new WebAssembly.Module(Buffer.concat(parts)), memory, globals, writable };
}

/**
 * Instantiates `module` ready to run once, or, given its image, as many times as needed: memory
 * and globals are put back as instantiation left them before every run after the first.
 */
export async function instantiateWasi(module: WebAssembly.Module, image?: WasiImage): Promise<WasiProgram> {
  let fs = new Map<string, MemFile>();
  let fds = new Map<number, OpenFile>();
  let nextFd = PREOPEN_FD + 1;
  let spare: Uint8Array<ArrayBuffer> | undefined;
  let memory!: WebAssembly.Memory;
  const view = () => new DataView(memory.buffer);
  const bytes = () => new Uint8Array(memory.buffer);
  const encoder = new TextEncoder();
  let argBytes: Uint8Array[] = [];
  let dirName = new Uint8Array(0);

  const iovecs = (ptr: number, count: number) => {
    const v = view();
    return Array.from({ length: count }, (_, i) => ({ buf: v.getUint32(ptr + i * 8, true), len: v.getUint32(ptr + i * 8 + 4, true) }));
  };

  const wasi = {
    args_sizes_get(argcPtr: number, sizePtr: number) {
      view().setUint32(argcPtr, argBytes.length, true);
      view().setUint32(sizePtr, argBytes.reduce((n, a) => n + a.length, 0), true);
      return ERRNO.SUCCESS;
    },
    args_get(argvPtr: number, bufPtr: number) {
      let at = bufPtr;
      argBytes.forEach((a, i) => {
        view().setUint32(argvPtr + i * 4, at, true);
        bytes().set(a, at);
        at += a.length;
      });
      return ERRNO.SUCCESS;
    },
    clock_time_get(_id: number, _precision: bigint, timePtr: number) {
      view().setBigUint64(timePtr, BigInt(Date.now()) * 1_000_000n, true);
      return ERRNO.SUCCESS;
    },
    fd_prestat_get(fd: number, ptr: number) {
      if (fd !== PREOPEN_FD) return ERRNO.BADF;
      view().setUint8(ptr, 0);
      view().setUint32(ptr + 4, dirName.length, true);
      return ERRNO.SUCCESS;
    },
    fd_prestat_dir_name(fd: number, ptr: number, len: number) {
      if (fd !== PREOPEN_FD) return ERRNO.BADF;
      bytes().set(dirName.subarray(0, len), ptr);
      return ERRNO.SUCCESS;
    },
    fd_fdstat_get(fd: number, ptr: number) {
      const type = fd <= 2 ? FILETYPE.CHARACTER_DEVICE : fd === PREOPEN_FD ? FILETYPE.DIRECTORY : fds.has(fd) ? FILETYPE.REGULAR_FILE : 0;
      if (!type) return ERRNO.BADF;
      const v = view();
      v.setUint8(ptr, type);
      v.setUint16(ptr + 2, 0, true);
      v.setBigUint64(ptr + 8, 0xffffffffffffffffn, true);
      v.setBigUint64(ptr + 16, 0xffffffffffffffffn, true);
      return ERRNO.SUCCESS;
    },
    fd_fdstat_set_flags: () => ERRNO.SUCCESS,
    path_open(dirFd: number, _dirflags: number, pathPtr: number, pathLen: number, oflags: number, _rb: bigint, _ri: bigint, _fdflags: number, fdPtr: number) {
      if (dirFd !== PREOPEN_FD) return ERRNO.BADF;
      const path = new TextDecoder().decode(bytes().subarray(pathPtr, pathPtr + pathLen)).replace(/^\.?\//, '');
      if (!fs.has(path) || oflags & O_TRUNC) {
        if (!(oflags & (O_CREAT | O_TRUNC)) && !fs.has(path)) return ERRNO.NOENT;
        fs.set(path, new MemFile(spare));
        spare = undefined;
      }
      const fd = nextFd++;
      fds.set(fd, { path, position: 0 });
      view().setUint32(fdPtr, fd, true);
      return ERRNO.SUCCESS;
    },
    fd_read(fd: number, iovsPtr: number, iovsLen: number, nreadPtr: number) {
      const open = fds.get(fd);
      let total = 0;
      if (open) {
        const file = fs.get(open.path)!;
        for (const { buf, len } of iovecs(iovsPtr, iovsLen)) {
          const chunk = file.data.subarray(open.position, Math.min(open.position + len, file.size));
          bytes().set(chunk, buf);
          open.position += chunk.length;
          total += chunk.length;
          if (chunk.length < len) break;
        }
      } else if (fd !== 0) return ERRNO.BADF;
      view().setUint32(nreadPtr, total, true);
      return ERRNO.SUCCESS;
    },
    fd_write(fd: number, iovsPtr: number, iovsLen: number, nwrittenPtr: number) {
      const open = fds.get(fd);
      if (!open && fd !== 1 && fd !== 2) return ERRNO.BADF;
      let total = 0;
      for (const { buf, len } of iovecs(iovsPtr, iovsLen)) {
        // stdout and stderr are dropped: flite only prints diagnostics there.
        if (open) {
          fs.get(open.path)!.write(open.position, bytes().subarray(buf, buf + len));
          open.position += len;
        }
        total += len;
      }
      view().setUint32(nwrittenPtr, total, true);
      return ERRNO.SUCCESS;
    },
    fd_seek(fd: number, offset: bigint, whence: number, newOffsetPtr: number) {
      const open = fds.get(fd);
      if (!open) return ERRNO.BADF;
      const base = whence === 0 ? 0 : whence === 1 ? open.position : fs.get(open.path)!.size;
      const position = base + Number(offset);
      if (position < 0) return ERRNO.INVAL;
      open.position = position;
      view().setBigUint64(newOffsetPtr, BigInt(position), true);
      return ERRNO.SUCCESS;
    },
    fd_close(fd: number) {
      return fds.delete(fd) ? ERRNO.SUCCESS : ERRNO.BADF;
    },
    proc_exit(code: number) {
      throw new Exit(code);
    },
  };

  const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi });
  memory = instance.exports.memory as WebAssembly.Memory;
  const globals = (image?.globals ?? []).map((name) => {
    const global = instance.exports[name] as WebAssembly.Global;
    return { global, value: global.value as number };
  });
  let used = false;
  const restore = () => {
    const heap = new Uint8Array(memory.buffer);
    if (!used) heap.set(new Uint8Array(image!.memory));
    else for (const [start, end] of image!.writable) heap.set(new Uint8Array(image!.memory, start, end - start), start);
    if (used && heap.length > image!.memory.byteLength) heap.fill(0, image!.memory.byteLength);
    for (const { global, value } of globals) global.value = value;
  };

  return {
    memory,
    run(args, dir, files) {
      if (used && !image) throw new Error('a WASI program instance runs only once');
      // With an image, the module carries no data: memory is laid out before every run, the first
      // included (an idle worker's instance so holds no resident memory).
      if (image) restore();
      used = true;
      argBytes = args.map((a) => encoder.encode(`${a}\0`));
      dirName = encoder.encode(dir);
      fs = new Map();
      fds = new Map();
      nextFd = PREOPEN_FD + 1;
      for (const [path, data] of files) {
        const f = new MemFile();
        f.write(0, data);
        fs.set(path, f);
      }
      let code = 0;
      try {
        (instance.exports._start as () => void)();
      } catch (err) {
        if (!(err instanceof Exit)) throw err;
        code = err.code;
      }
      for (const f of fs.values()) if (f.data.length > (spare?.length ?? 0)) spare = f.data;
      return { code, files: new Map([...fs].map(([path, f]) => [path, f.bytes()])) };
    },
  };
}
