// One HTTP attempt at an upstream, up to its first body byte. Everything that can go wrong before
// then is an UpstreamFailure that says whether the next target may be tried; after it, the body is
// an async iterable that a stall (no bytes for firstByteMs) or the total timeout cuts.
import http from 'node:http';
import https from 'node:https';
import type { UpstreamConfig } from './types.js';

export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export class UpstreamFailure extends Error {
  constructor(
    message: string,
    /** Whether another target may be tried (connect errors, 429, 5xx, first-byte timeouts). */
    readonly retryable: boolean,
    /** The upstream's HTTP status, when it answered. */
    readonly status?: number,
    /** A 429's retry-after, in milliseconds. */
    readonly retryAfterMs?: number,
    /** What the upstream said (key-scrubbed), for errors passed on to the client. */
    readonly upstreamMessage?: string,
  ) {
    super(message);
  }
}

export interface UpstreamResponse {
  status: number;
  contentType: string;
  /** The body, starting with the first chunk that has already arrived. */
  body: AsyncGenerator<Uint8Array>;
  /** Drops the response unread (a generator never started runs no cleanup of its own). */
  cancel(): void;
}

function retryAfterMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * Sends the request and waits for the status line and the first body byte. Error statuses read the
 * (small) body and reject with an UpstreamFailure built by `describeError`.
 */
export function callUpstream(
  upstream: UpstreamConfig,
  req: UpstreamRequest,
  signal: AbortSignal,
  describeError: (status: number, body: string) => string,
): Promise<UpstreamResponse> {
  const { connectMs, firstByteMs, totalMs } = upstream.timeouts;
  const url = new URL(req.url);
  const agent = url.protocol === 'https:' ? https : http;
  return new Promise<UpstreamResponse>((resolve, reject) => {
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      request.destroy();
      reject(err);
    };
    const request = agent.request(url, {
      method: 'POST',
      headers: { ...req.headers, 'content-length': Buffer.byteLength(req.body) },
      // A new connection per attempt: a pooled socket would hide connect failures.
      agent: false,
    });
    // Also after the first byte: a client gone before the body is read must not leave the upstream streaming.
    const onAbort = () => {
      request.destroy();
      fail(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    let timer = setTimeout(() => fail(new UpstreamFailure(`${upstream.name}: connect timeout after ${connectMs} ms`, true)), connectMs);
    request.once('socket', (socket) => {
      socket.setNoDelay(true);
      const connected = () => {
        clearTimeout(timer);
        timer = setTimeout(() => fail(new UpstreamFailure(`${upstream.name}: no first byte within ${firstByteMs} ms`, true)), firstByteMs);
      };
      if ((socket as { connecting?: boolean }).connecting) socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', connected);
      else connected();
    });
    request.once('error', (err) => fail(new UpstreamFailure(`${upstream.name}: ${(err as NodeJS.ErrnoException).code ?? err.message}`, true)));
    request.once('response', (res) => {
      const status = res.statusCode ?? 0;
      const contentType = String(res.headers['content-type'] ?? '');
      if (status >= 300) {
        const parts: Buffer[] = [];
        let size = 0;
        res.on('data', (b: Buffer) => { if ((size += b.length) <= 65536) parts.push(b); });
        res.once('error', () => {});
        res.once('end', () => {
          const message = describeError(status, Buffer.concat(parts).toString('utf8'));
          const retryable = status === 429 || status >= 500;
          fail(new UpstreamFailure(`${upstream.name}: HTTP ${status}`, retryable, status, status === 429 ? retryAfterMs(res.headers['retry-after'] as string | undefined) : undefined, message));
        });
        return;
      }
      res.once('error', (err) => fail(new UpstreamFailure(`${upstream.name}: ${err.message} before the first byte`, true)));
      res.once('end', () => fail(new UpstreamFailure(`${upstream.name}: empty response`, true)));
      res.once('data', (first: Buffer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        res.pause();
        res.removeAllListeners('end');
        res.removeAllListeners('error');
        resolve({ status, contentType, body: rest(first, res, request, upstream, signal, onAbort), cancel: () => request.destroy() });
      });
    });
    request.end(req.body);
    // The whole response must finish within totalMs; after the first byte this cuts the stream.
    const total = setTimeout(() => request.destroy(new Error(`${upstream.name}: total timeout after ${totalMs} ms`)), totalMs);
    total.unref();
    request.once('close', () => clearTimeout(total));
  });
}

/** The body after the first chunk; a gap longer than firstByteMs between chunks ends it with an error. */
async function* rest(first: Buffer, res: http.IncomingMessage, request: http.ClientRequest, upstream: UpstreamConfig, signal: AbortSignal, onAbort: () => void): AsyncGenerator<Uint8Array> {
  signal.removeEventListener('abort', onAbort);
  const stopOnAbort = () => request.destroy();
  signal.addEventListener('abort', stopOnAbort, { once: true });
  const idleMs = upstream.timeouts.firstByteMs;
  let idle: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(() => request.destroy(new Error(`${upstream.name}: stalled for ${idleMs} ms mid-stream`)), idleMs);
  };
  try {
    yield new Uint8Array(first.buffer, first.byteOffset, first.length);
    arm();
    for await (const chunk of res as AsyncIterable<Buffer>) {
      arm();
      yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    }
    // `aborted` is set when the connection was cut before the body was complete.
    if (res.aborted || !res.complete) throw new Error(`${upstream.name}: connection cut mid-stream`);
  } finally {
    clearTimeout(idle);
    signal.removeEventListener('abort', stopOnAbort);
    request.destroy();
  }
}
