// Shared helpers: encoders hand out byte views of Int16 PCM without copying where that is safe.
import os from 'node:os';

/** s16le bytes of a block. Copies, because callers may reuse their Int16Array after write(). */
export function pcmBytes(pcm: Int16Array): Uint8Array {
  const out = new Uint8Array(pcm.length * 2);
  if (os.endianness() === 'LE') {
    out.set(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength));
  } else {
    const dv = new DataView(out.buffer);
    for (let i = 0; i < pcm.length; i++) dv.setInt16(i * 2, pcm[i], true);
  }
  return out;
}

export function int16ToFloat32(pcm: Int16Array): Float32Array {
  const out = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = pcm[i] / 32768;
  return out;
}
