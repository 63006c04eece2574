// OpenAI's SSE framing for createSpeech: `data:` lines only, CRLF line ends, one
// `speech.audio.delta` per piece of audio, then `speech.audio.done` with usage, then `[DONE]`.

/** `done` gives the `speech.audio.done` event's fields besides its type (`usage`, ...), once the audio has ended. */
export async function* sseEvents(audio: AsyncIterable<Uint8Array>, done: () => object): AsyncGenerator<string> {
  for await (const bytes of audio) {
    yield event({ type: 'speech.audio.delta', audio: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') });
  }
  yield event({ type: 'speech.audio.done', ...done() });
  yield 'data: [DONE]\r\n\r\n';
}

const event = (data: object) => `data: ${JSON.stringify(data)}\r\n\r\n`;
