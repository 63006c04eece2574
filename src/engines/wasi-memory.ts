// A minimal WASI preview1 host with an in-memory file system, just enough to run a command-line
// program compiled to WASI (flite) once. Node's own node:wasi crashed the whole process
// (SIGSEGV inside V8) every few hundred runs here; this keeps everything in plain JavaScript,
// and it also spares a round trip through the disk for each sentence.

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
  data = new Uint8Array(0);
  size = 0;

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
    return this.data.slice(0, this.size);
  }
}

export interface WasiProgram {
  /**
   * Runs the program once with `args`. `files` maps paths under the preopened directory `dir` to
   * their contents; the result holds them plus the files the program created.
   */
  run(args: string[], dir: string, files: Map<string, Uint8Array>): { code: number; files: Map<string, Uint8Array> };
}

/**
 * Instantiates `module` ahead of time (instantiation is the slow part of a short run), ready to
 * run once.
 */
export async function instantiateWasi(module: WebAssembly.Module): Promise<WasiProgram> {
  let fs = new Map<string, MemFile>();
  let fds = new Map<number, OpenFile>();
  let nextFd = PREOPEN_FD + 1;
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
        fs.set(path, new MemFile());
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
          fs.get(open.path)!.write(open.position, bytes().slice(buf, buf + len));
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
  let used = false;

  return {
    run(args, dir, files) {
      if (used) throw new Error('a WASI program instance runs only once');
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
      return { code, files: new Map([...fs].map(([path, f]) => [path, f.bytes()])) };
    },
  };
}
