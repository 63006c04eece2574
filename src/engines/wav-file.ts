/** Reads the samples of a 16-bit PCM WAV file (as flite writes it). */
export function readWavPcm16(bytes: Uint8Array): { sampleRate: number; samples: Int16Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 12;
  let sampleRate = 0;
  while (offset + 8 <= bytes.length) {
    const id = String.fromCharCode(...bytes.subarray(offset, offset + 4));
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') sampleRate = view.getUint32(body + 4, true);
    if (id === 'data') {
      const end = Math.min(body + size, bytes.length);
      const copy = bytes.slice(body, end - ((end - body) % 2));
      return { sampleRate, samples: new Int16Array(copy.buffer, copy.byteOffset, copy.length / 2) };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAV file has no data chunk');
}
