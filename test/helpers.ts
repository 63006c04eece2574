// Shared test helpers: a real server on a real socket, the official SDK as client, ffprobe.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { loadConfig, type Config } from '../src/config/index.js';
import { buildServer, type Server } from '../src/server/app.js';

const run = promisify(execFile);

export interface TestServer {
  url: string;
  server: Server;
  client: OpenAI;
  close(): Promise<void>;
}

export async function startServer(overrides: Partial<Config> = {}, apiKey = 'unused'): Promise<TestServer> {
  const config = loadConfig({}, { host: '127.0.0.1', port: 0, logLevel: 'silent', workers: 2, ...overrides });
  const server = await buildServer(config);
  await server.app.listen({ host: '127.0.0.1', port: config.port });
  const address = server.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const url = `http://127.0.0.1:${address.port}`;
  const client = new OpenAI({ baseURL: `${url}/v1`, apiKey, maxRetries: 0 });
  return { url, server, client, close: () => server.close() };
}

export interface Probe {
  codec: string;
  sampleRate: number;
  channels: number;
  /** Seconds, from decoding every sample (headers of streamed files do not carry a length). */
  duration: number;
}

/** Decodes audio with ffmpeg/ffprobe: the codec from the stream, the duration by decoding it. */
export async function probe(bytes: Uint8Array, ext: string, rawPcm = false): Promise<Probe> {
  const dir = await mkdtemp(join(tmpdir(), 'mynah-test-'));
  const file = join(dir, `audio.${ext}`);
  await writeFile(file, bytes);
  try {
    const input = rawPcm ? ['-f', 's16le', '-ar', '24000', '-ac', '1'] : [];
    const { stdout } = await run('ffprobe', ['-v', 'error', ...input, '-show_streams', '-of', 'json', file]);
    const stream = JSON.parse(stdout).streams[0];
    const decoded = await run('ffmpeg', ['-v', 'error', ...input, '-i', file, '-f', 's16le', '-ac', '1', '-'], { encoding: 'buffer', maxBuffer: 1 << 28 });
    if (decoded.stderr.length) throw new Error(`decoder complained: ${decoded.stderr.toString()}`);
    const rate = Number(stream.sample_rate);
    return { codec: stream.codec_name, sampleRate: rate, channels: stream.channels, duration: decoded.stdout.length / 2 / rate };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Reads a fetch body chunk by chunk, recording when each chunk arrived. */
export async function readTimed(body: ReadableStream<Uint8Array>) {
  const start = performance.now();
  const chunks: { at: number; bytes: Uint8Array }[] = [];
  for await (const bytes of body as unknown as AsyncIterable<Uint8Array>) chunks.push({ at: performance.now() - start, bytes });
  return chunks;
}

export const concatBytes = (parts: Uint8Array[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));

/** About 3,000 characters of varied English prose. */
export function longText(chars = 3000): string {
  const sentences = [
    'The lighthouse keeper climbed the spiral stairs every evening at dusk.',
    'Ships passing in the night relied on the steady beam to find the harbour.',
    'One winter the storms grew so fierce that the windows rattled in their frames.',
    'Still, the lamp was lit, and the light swept across the dark water.',
    'In the morning the sea was calm, and gulls circled over the rocks.',
  ];
  let out = '';
  for (let i = 0; out.length < chars; i++) out += (out ? ' ' : '') + sentences[i % sentences.length];
  return out.slice(0, chars);
}
