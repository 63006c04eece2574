// Time-stretch without pitch change (Sonic, wasm, built for speech). Only used for the part of a
// requested speed an engine cannot apply itself, since engine-side speed control sounds better.
import createSonic, { type SonicModule } from '@echogarden/sonic-wasm';
import { concat, type StreamProcessor } from './resample.js';

let sonic: SonicModule | undefined;
let loading: Promise<SonicModule> | undefined;

/** Loads the wasm once per thread, so createTempo() can then be called synchronously. */
export async function initTempo(): Promise<void> {
  loading ??= createSonic().then((m) => (sonic = m));
  await loading;
}

const CHUNK = 4096;
const EMPTY = new Int16Array(0);

/** `pitch` (a frequency factor) shifts pitch without changing duration, for engines with no pitch control. */
export function createTempo(sampleRate: number, speed: number, pitch = 1): StreamProcessor {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`bad speed ${speed}`);
  if (!(pitch > 0) || !Number.isFinite(pitch)) throw new RangeError(`bad pitch ${pitch}`);
  // Below a 0.1 % change Sonic would only add latency and smear transients for no audible gain.
  if (Math.abs(speed - 1) < 1e-3 && Math.abs(pitch - 1) < 1e-3) return { process: (pcm) => pcm, flush: () => EMPTY, close() {} };
  const m = sonic;
  if (!m) throw new Error('createTempo() called before await initTempo()');

  const stream = m._sonicCreateStream(sampleRate, 1);
  if (!stream) throw new Error('sonicCreateStream failed');
  m._sonicSetSpeed(stream, speed);
  if (Math.abs(pitch - 1) >= 1e-3) m._sonicSetPitch(stream, pitch);
  // Output per chunk can exceed input by 1/speed (down to 0.25x), so the buffer is sized for that.
  const cap = Math.ceil(CHUNK / Math.min(speed, 1)) + 4096;
  const ptr = m._malloc(cap * 2);
  let closed = false;

  const drain = (parts: Int16Array[]): number => {
    let total = 0;
    for (;;) {
      const got = m._sonicReadShortFromStream(stream, ptr, cap);
      if (got <= 0) return total;
      parts.push(m.HEAP16.slice(ptr >> 1, (ptr >> 1) + got));
      total += got;
    }
  };

  return {
    process(pcm) {
      if (closed) throw new Error('tempo is closed');
      const parts: Int16Array[] = [];
      let total = 0;
      for (let off = 0; off < pcm.length; off += CHUNK) {
        const block = pcm.subarray(off, Math.min(off + CHUNK, pcm.length));
        m.HEAP16.set(block, ptr >> 1);
        m._sonicWriteShortToStream(stream, ptr, block.length);
        total += drain(parts);
      }
      return concat(parts, total);
    },
    flush() {
      if (closed) return EMPTY;
      m._sonicFlushStream(stream);
      const parts: Int16Array[] = [];
      return concat(parts, drain(parts));
    },
    close() {
      if (closed) return;
      closed = true;
      m._sonicDestroyStream(stream);
      m._free(ptr);
    },
  };
}
