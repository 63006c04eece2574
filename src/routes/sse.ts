// OpenAI's SSE framing for createSpeech: `data:` lines only, CRLF line ends, one
// `speech.audio.delta` per piece of audio, then `speech.audio.done` with usage, then `[DONE]`.

/**
 * Most bytes in one delta: 0.25 s of 24 kHz pcm, as OpenAI's deltas are. The pipeline hands pcm
 * and wav over in larger blocks (fewer worker messages), so they are cut here; an even size keeps
 * every delta of pcm whole samples.
 */
export const MAX_DELTA_BYTES = 12_000;

/** `done` gives the `speech.audio.done` event's fields besides its type (`usage`, ...), once the audio has ended. */
export async function* sseEvents(audio: AsyncIterable<Uint8Array>, done: () => object): AsyncGenerator<string> {
  for await (const bytes of audio) {
    for (let at = 0; at < bytes.byteLength; at += MAX_DELTA_BYTES) {
      const n = Math.min(MAX_DELTA_BYTES, bytes.byteLength - at);
      yield event({ type: 'speech.audio.delta', audio: Buffer.from(bytes.buffer, bytes.byteOffset + at, n).toString('base64') });
    }
  }
  yield event({ type: 'speech.audio.done', ...done() });
  yield 'data: [DONE]\r\n\r\n';
}

const event = (data: object) => `data: ${JSON.stringify(data)}\r\n\r\n`;
