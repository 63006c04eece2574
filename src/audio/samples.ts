// 16-bit PCM that arrives as bytes (an HTTP body, a speech stream) back as whole samples.

/** One whole buffer of PCM bytes as samples: a view, or a copy when it starts at an odd offset (which Int16Array cannot view). */
export const asSamples = (bytes: Uint8Array): Int16Array =>
  bytes.byteOffset % 2 ? new Int16Array(Uint8Array.from(bytes).buffer) : new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1);

/** PCM bytes (possibly split mid-sample across chunks) as whole Int16 samples. */
export async function* toSamples(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Int16Array> {
  let carry: Uint8Array | undefined; // a sample split across two chunks
  for await (const chunk of chunks) {
    const bytes = carry ? Buffer.concat([carry, chunk]) : chunk;
    const pcm = new Int16Array(bytes.length >> 1);
    // Copied: a chunk may start at an odd offset, which Int16Array cannot view.
    new Uint8Array(pcm.buffer).set(bytes.subarray(0, pcm.length * 2));
    carry = bytes.length & 1 ? bytes.slice(-1) : undefined;
    if (pcm.length) yield pcm;
  }
}
