// OpenAI's "wav": a 44-byte RIFF header whose sizes are 0xFFFFFFFF (length unknown while streaming),
// then raw s16le. Players and ffmpeg treat the sizes as "read to end of stream".
import type { EncoderDriver } from './types.js';
import { pcmBytes } from './bytes.js';

export function wavStreamHeader(sampleRate: number): Uint8Array {
  const h = new Uint8Array(44);
  const dv = new DataView(h.buffer);
  const ascii = (off: number, s: string) => { for (let i = 0; i < s.length; i++) h[off + i] = s.charCodeAt(i); };
  ascii(0, 'RIFF');
  dv.setUint32(4, 0xffffffff, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  dv.setUint32(16, 16, true);
  dv.setUint16(20, 1, true); // PCM
  dv.setUint16(22, 1, true); // mono
  dv.setUint32(24, sampleRate, true);
  dv.setUint32(28, sampleRate * 2, true);
  dv.setUint16(32, 2, true);
  dv.setUint16(34, 16, true);
  ascii(36, 'data');
  dv.setUint32(40, 0xffffffff, true);
  return h;
}

const wav: EncoderDriver = {
  format: 'wav',
  available: async () => true,
  async create(sampleRate) {
    let header: Uint8Array | null = wavStreamHeader(sampleRate);
    // The header goes out with the first write (or end), so an empty response is still a valid file.
    const take = (): Uint8Array[] => {
      const h = header;
      header = null;
      return h ? [h] : [];
    };
    return {
      write: (block) => (block.length ? [...take(), pcmBytes(block)] : take()),
      end: () => take(),
      close() {},
    };
  },
};

export default wav;
