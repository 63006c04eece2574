// Upstreams for the gateway tests, on loopback: a fault-injecting OpenAI-compatible server and an
// ElevenLabs-shaped server written from ElevenLabs' public API reference (POST
// /v1/text-to-speech/{voice_id}/stream?output_format=..., xi-api-key, {"detail": ...} errors).
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | 'ok' | '500' | '429' | '400' | '401-echo' | 'hang' | 'stall' | 'cut' | 'wrong-type' | 'slow' | 'gated' | 'sse';

export interface Seen { path: string; headers: http.IncomingHttpHeaders; body: Record<string, unknown> }

export interface FakeUpstream {
  url: string;
  fault: Fault;
  /** Seconds for the 429's retry-after. */
  retryAfter: number;
  requests: Seen[];
  /** The chunks an `ok` answer streams (each written separately). */
  chunks: Buffer[];
  /** Resolves the gate of a `gated` answer: the rest of the body is written after it. */
  release(): void;
  /** Resolves when the latest `gated` answer has written its first chunk and waits. */
  waiting: Promise<void>;
  /** Responses whose connection closed before they were finished. */
  closedEarly: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = { mp3: 'audio/mpeg', opus: 'audio/opus', aac: 'audio/aac', flac: 'audio/flac', wav: 'audio/wav', pcm: 'audio/pcm' };

/** 24 kHz 16-bit mono PCM: a 440 Hz tone of `seconds`, so encoders and ffprobe get real audio. */
export function tone(seconds: number): Buffer {
  const n = Math.round(24000 * seconds);
  const b = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) b.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 24000)), i * 2);
  return b;
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    req.on('data', (b) => parts.push(b)).on('end', () => resolve(Buffer.concat(parts).toString()));
  });
}

function closer(server: http.Server, sockets: Set<Socket>) {
  return () => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  });
}

export async function fakeOpenAI(opts: { key?: string } = {}): Promise<FakeUpstream> {
  // Each gated answer has its own gate; release() opens the latest one.
  let open: () => void = () => {};
  const state: FakeUpstream = {
    url: '', fault: 'ok', retryAfter: 30, requests: [], closedEarly: 0,
    chunks: [Buffer.from('chunk-1;'), Buffer.from('chunk-2;'), Buffer.from('chunk-3;')],
    release: () => open(),
    waiting: Promise.resolve(),
    close: async () => {},
  };
  const sockets = new Set<Socket>();
  const server = http.createServer(async (req, res) => {
    const body = JSON.parse((await readBody(req)) || '{}');
    state.requests.push({ path: req.url ?? '', headers: req.headers, body });
    res.once('close', () => { if (!res.writableFinished) state.closedEarly += 1; });
    const type = CONTENT_TYPES[body.response_format as string] ?? 'audio/mpeg';
    const chunks = body.response_format === 'pcm' && state.chunks[0].toString().startsWith('chunk') ? [tone(0.5)] : state.chunks;
    switch (state.fault) {
      case '500': return res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'upstream exploded', type: 'server_error' } }));
      case '429': return res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(state.retryAfter) }).end(JSON.stringify({ error: { message: 'Rate limit reached', type: 'requests' } }));
      case '400': return res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'upstream says the input is bad', type: 'invalid_request_error', param: 'input' } }));
      case '401-echo': return res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `Incorrect API key provided: ${String(req.headers.authorization).slice(7)}`, code: 'invalid_api_key' } }));
      case 'hang': return; // never answers
      case 'wrong-type': return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>a login page</html>');
      case 'stall': res.writeHead(200, { 'content-type': type }); res.write(chunks[0]); return; // then nothing
      case 'cut': res.writeHead(200, { 'content-type': type }); res.write(chunks[0], () => setTimeout(() => req.socket.destroy(), 20)); return;
      case 'sse': {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const c of chunks) res.write(`data: ${JSON.stringify({ type: 'speech.audio.delta', audio: c.toString('base64') })}\n\n`);
        return res.end('data: {"type":"speech.audio.done","usage":{"input_tokens":1,"output_tokens":1,"total_tokens":2}}\n\n');
      }
      case 'gated': {
        const gate = new Promise<void>((r) => { open = r; });
        let waited!: () => void;
        state.waiting = new Promise<void>((r) => { waited = r; });
        res.writeHead(200, { 'content-type': type });
        res.write(chunks[0]);
        waited();
        await gate;
        for (const c of chunks.slice(1)) res.write(c);
        return res.end();
      }
      case 'slow': {
        res.writeHead(200, { 'content-type': type });
        for (const c of chunks) { res.write(c); await new Promise((r) => setTimeout(r, 30)); }
        return res.end();
      }
      default: {
        if (opts.key && req.headers.authorization !== `Bearer ${opts.key}`) return res.writeHead(401).end('{"error":{"message":"bad key"}}');
        res.writeHead(200, { 'content-type': type });
        for (const c of chunks) res.write(c);
        return res.end();
      }
    }
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  state.url = await listen(server);
  state.close = closer(server, sockets);
  return state;
}

export interface FakeElevenLabs { url: string; requests: Seen[]; close(): Promise<void> }

/** ElevenLabs' stream endpoint: mp3_* answers audio/mpeg, pcm_24000 raw 16-bit PCM. */
export async function fakeElevenLabs(key: string, voices: string[]): Promise<FakeElevenLabs> {
  const requests: Seen[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer(async (req, res) => {
    const text = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://x');
    let body: Record<string, unknown> = {};
    try { body = JSON.parse(text); } catch { /* validated below */ }
    requests.push({ path: `${url.pathname}${url.search}`, headers: req.headers, body });
    const json = (status: number, detail: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ detail }));
    const m = /^\/v1\/text-to-speech\/([^/]+)\/stream$/.exec(url.pathname);
    if (req.method !== 'POST' || !m) return json(404, 'Not Found');
    if (req.headers['xi-api-key'] !== key) return json(401, { status: 'invalid_api_key', message: 'Invalid API key' });
    if (typeof body.text !== 'string' || !body.text) return json(422, [{ loc: ['body', 'text'], msg: 'field required', type: 'value_error.missing' }]);
    if (!voices.includes(decodeURIComponent(m[1]))) return json(400, { status: 'voice_not_found', message: `A voice with voice_id ${m[1]} was not found.` });
    const format = url.searchParams.get('output_format') ?? 'mp3_44100_128';
    if (format.startsWith('mp3_')) {
      res.writeHead(200, { 'content-type': 'audio/mpeg' });
      return res.end(Buffer.from('ID3-fake-mp3-bytes'));
    }
    if (format === 'pcm_24000') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const pcm = tone(0.6);
      res.write(pcm.subarray(0, 4801)); // an odd split, as a network may cut it
      return res.end(pcm.subarray(4801));
    }
    return json(422, [{ loc: ['query', 'output_format'], msg: 'unsupported output format', type: 'value_error' }]);
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  return { url: await listen(server), requests, close: closer(server, sockets) };
}
