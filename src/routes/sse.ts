// OpenAI's SSE framing for createSpeech: `data:` lines only, CRLF line ends, one
// `speech.audio.delta` per piece of audio, then `speech.audio.done` with usage, then `[DONE]`.

export async function* sseEvents(audio: AsyncIterable<Uint8Array>, usage: () => object): AsyncGenerator<string> {
  for await (const bytes of audio) {
    yield event({ type: 'speech.audio.delta', audio: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') });
  }
  yield event({ type: 'speech.audio.done', usage: usage() });
  yield 'data: [DONE]\r\n\r\n';
}

const event = (data: object) => `data: ${JSON.stringify(data)}\r\n\r\n`;
