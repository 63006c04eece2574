// Streaming FLAC like OpenAI's: fLaC + STREAMINFO with total_samples 0 and MD5 0 (length unknown),
// block size 2304, 16-bit mono. Frames leave as soon as a block is full (96 ms at 24 kHz).
import type { EncoderDriver } from './types.js';
import { BitWriter, FlacFrameEncoder } from '../audio/flac-frame.js';

const BLOCK = 2304;

export function flacStreamHeader(sampleRate: number, block = BLOCK): Uint8Array {
  const w = new BitWriter(64);
  for (const c of 'fLaC') w.bits(c.charCodeAt(0), 8);
  w.bits(0x80, 8); // last metadata block, type 0 STREAMINFO
  w.bits(34, 24);
  w.bits(block, 16); // min block size (the final, shorter block is exempt)
  w.bits(block, 16); // max block size
  w.bits(0, 24); // min frame size unknown
  w.bits(0, 24); // max frame size unknown
  w.bits(sampleRate, 20);
  w.bits(0, 3); // channels - 1
  w.bits(15, 5); // bits per sample - 1
  w.bits(0, 18); // total samples (36 bits) = 0: unknown, streamed
  w.bits(0, 18);
  for (let i = 0; i < 16; i++) w.bits(0, 8); // MD5 unknown
  return w.bytes().slice();
}

const flac: EncoderDriver = {
  format: 'flac',
  available: async () => true,
  async create(sampleRate) {
    if (!(sampleRate > 0 && sampleRate < 1 << 20)) throw new RangeError(`FLAC cannot store ${sampleRate} Hz`);
    const frames = new FlacFrameEncoder(sampleRate, BLOCK);
    const pending = new Int16Array(BLOCK);
    let filled = 0;
    let headerSent = false;
    let done = false;
    const header = (): Uint8Array[] => {
      if (headerSent) return [];
      headerSent = true;
      return [flacStreamHeader(sampleRate)];
    };
    return {
      write(pcm) {
        if (done) throw new Error('flac encoder already finished');
        const out = header();
        for (let off = 0; off < pcm.length; ) {
          const n = Math.min(BLOCK - filled, pcm.length - off);
          pending.set(pcm.subarray(off, off + n), filled);
          filled += n;
          off += n;
          if (filled === BLOCK) {
            out.push(frames.encode(pending));
            filled = 0;
          }
        }
        return out;
      },
      end() {
        if (done) return [];
        done = true;
        const out = header();
        if (filled > 0) out.push(frames.encode(pending.subarray(0, filled)));
        filled = 0;
        return out;
      },
      close() {
        done = true;
      },
    };
  },
};

export default flac;
