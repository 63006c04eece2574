// Every request's resources (admission slot, worker job, ffmpeg child) are released exactly once,
// whatever ends it: a client that never reads, a slow or idle connection, a timeout, an audio
// limit, an abort while queued. Real sockets throughout, raw ones where a client misbehaves.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { longText, startServer, type TestServer } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ok: () => boolean, ms = 60_000) {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
const ffmpegChildren = () => {
  try {
    return execFileSync('ps', ['-o', 'comm=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n').filter((c) => c.includes('ffmpeg')).length;
  } catch { return 0; }
};
const post = (t: TestServer, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
  fetch(`${t.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal });
/** Everything a request can hold is back: no slot, no queue place, no worker job, no ffmpeg. */
async function allReleased(t: TestServer) {
  await until('pool load back to 0', () => t.server.services.pool.load().every((n) => n === 0));
  await until('admission back to 0', () => t.server.runtime.admission.active === 0 && t.server.runtime.admission.depth === 0);
  await until('no ffmpeg children', () => ffmpegChildren() === 0);
}
const port = (t: TestServer) => Number(new URL(t.url).port);
/** Resolves when the server closes the connection (or rejects after `ms`). */
const closedWithin = (socket: Socket, ms: number) => new Promise<void>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`connection still open after ${ms} ms`)), ms);
  socket.once('close', () => { clearTimeout(timer); resolve(); });
});

describe('clients that never read', () => {
  let t: TestServer;
  before(async () => { t = await startServer({ workers: 2, maxConcurrent: 4, maxQueue: 4, writeStallMs: 1500 }); });
  after(() => t.close());

  test('four sockets that never read lose their slots; a new request is served', async () => {
    const body = JSON.stringify({ model: 'tts-1', voice: 'alloy', input: longText(4096), response_format: 'pcm' });
    const sockets = await Promise.all(Array.from({ length: 4 }, () => new Promise<Socket>((resolve) => {
      const s = connect(port(t), '127.0.0.1', () => {
        s.write(`POST /v1/audio/speech HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        s.pause(); // never read: the kernel buffers fill, then the server's writes stall
        resolve(s);
      });
      s.on('error', () => {});
    })));
    await until('all four admitted', () => t.server.runtime.admission.active === 4, 30_000);
    // (A paused socket never notices being closed; the server's side is what counts.)
    await allReleased(t);
    for (const s of sockets) s.destroy();
    const res = await post(t, { model: 'tts-1', voice: 'alloy', input: 'Hello.', response_format: 'wav' });
    assert.equal(res.status, 200);
    assert.ok((await res.arrayBuffer()).byteLength > 44);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    assert.match(metrics, /mynah_speech_requests_total\{format="pcm",outcome="aborted"\} 4/);
  });
});

describe('slow and idle connections are closed', () => {
  let t: TestServer;
  before(async () => { t = await startServer({ workers: 1, headersTimeoutMs: 1000, requestTimeoutMs: 2000, keepAliveTimeoutMs: 1000 }); });
  after(() => t.close());

  const open = () => new Promise<Socket>((resolve) => {
    const s = connect(port(t), '127.0.0.1', () => resolve(s));
    s.on('error', () => {});
    s.on('data', () => {});
  });

  test('slowloris: headers sent one line at a time are cut off', async () => {
    const s = await open();
    s.write('POST /v1/audio/speech HTTP/1.1\r\nHost: x\r\n');
    const drip = setInterval(() => s.write(`X-Drip-${Date.now()}: 1\r\n`), 300);
    try {
      await closedWithin(s, 15_000);
    } finally {
      clearInterval(drip);
    }
  });

  test('a body sent byte by byte is cut off', async () => {
    const s = await open();
    s.write('POST /v1/audio/speech HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    const drip = setInterval(() => s.write(' '), 300);
    try {
      await closedWithin(s, 15_000);
    } finally {
      clearInterval(drip);
    }
  });

  test('an idle keep-alive connection is closed', async () => {
    const s = await open();
    s.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    await closedWithin(s, 15_000);
  });
});

describe('audio limit per job', () => {
  let t: TestServer;
  // 0.001 s per character: 2 s plus 4 s for a 4,000-character input, which really makes minutes.
  before(async () => { t = await startServer({ workers: 1, maxAudioSecondsPerChar: 0.001 }); });
  after(() => t.close());

  for (const format of ['pcm', 'aac'] as const) {
    test(`an input whose audio runs past the limit fails cleanly (${format})`, async () => {
      const res = await post(t, { model: 'tts-1', voice: 'alloy', input: longText(4000), response_format: format });
      if (res.status === 200) {
        // The limit was passed after the first bytes went out: the stream is cut short.
        await assert.rejects(res.arrayBuffer());
      } else {
        assert.equal(res.status, 500);
        const body = await res.json();
        assert.deepEqual(Object.keys(body.error), ['message', 'type', 'param', 'code']);
        assert.match(body.error.message, /exceeded this input's limit/);
      }
      await allReleased(t);
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      assert.match(metrics, new RegExp(`mynah_speech_requests_total\\{format="${format}",outcome="error"\\} 1`));
      const short = await post(t, { model: 'tts-1', voice: 'alloy', input: 'Short is fine.', response_format: format });
      assert.equal(short.status, 200);
      await short.arrayBuffer();
      await allReleased(t);
    });
  }
});

describe('cost: limits charge the prepared text', () => {
  let t: TestServer;
  // One key per test: each starts with its own full bucket. Digits read one by one take about
  // five characters each ("nine "), so an expansion cap of 4 refuses a long run of them.
  before(async () => { t = await startServer({ workers: 1, rateLimitChars: 100_000, maxExpansion: 4, apiKeys: ['sk-nines-0000000', 'sk-charge-000000'] }); });
  after(() => t.close());

  test('4,096 nines expand past the cap: a clear 400, nothing synthesized', async () => {
    const ran = t.server.services.pool.jobsRun;
    const res = await post(t, { model: 'tts-1', voice: 'alloy', input: '9'.repeat(4096), response_format: 'pcm' }, { authorization: 'Bearer sk-nines-0000000' });
    assert.equal(res.status, 400);
    const body = await res.json();
    assert.equal(body.error.param, 'input');
    assert.match(body.error.message, /expands to \d+ characters/);
    assert.equal(t.server.services.pool.jobsRun, ran);
  });

  test('characters per minute are charged on what is spoken, not on what was sent', async () => {
    const input = '1234567 and 7654321.';
    const res = await post(t, { model: 'tts-1', voice: 'alloy', input, response_format: 'pcm' }, { authorization: 'Bearer sk-charge-000000' });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    const charged = 100_000 - Number(res.headers.get('x-ratelimit-remaining-tokens'));
    assert.ok(charged > input.length * 3, `charged ${charged} for ${input.length} characters that are spoken as ~130`);
  });
});

describe('every way a request can end releases what it held', () => {
  let t: TestServer;
  before(async () => { t = await startServer({ workers: 1, maxConcurrent: 1, maxQueue: 4 }); });
  after(() => t.close());

  test('a client that leaves while queued frees its place; the running one completes', async () => {
    const running = post(t, { model: 'tts-1', voice: 'alloy', input: longText(1500), response_format: 'aac' });
    await until('one running', () => t.server.runtime.admission.active === 1);
    const controller = new AbortController();
    const queued = post(t, { model: 'tts-1', voice: 'alloy', input: 'Waiting.', response_format: 'aac' }, {}, controller.signal);
    await until('one queued', () => t.server.runtime.admission.depth === 1);
    controller.abort();
    await assert.rejects(queued);
    await until('queue place freed', () => t.server.runtime.admission.depth === 0);
    const res = await running;
    assert.equal(res.status, 200);
    assert.ok((await res.arrayBuffer()).byteLength > 1000);
    await allReleased(t);
  });

  test('a voice that cannot go into a header: an OpenAI envelope or audio, and no job left behind', async () => {
    for (const voice of ['slt@1☃', 'kal16\r\nX-Injected: 1', 'awb\u0000']) {
      const res = await post(t, { model: 'tts-1', voice, input: longText(800), response_format: 'aac' });
      if (res.status === 200) {
        assert.equal(res.headers.get('x-injected'), null);
        await res.arrayBuffer();
      } else {
        const body = await res.json();
        assert.deepEqual(Object.keys(body.error), ['message', 'type', 'param', 'code'], `${res.status} ${JSON.stringify(body)}`);
      }
      await allReleased(t);
    }
  });

  test('aborts at every stage, one after another, leave nothing behind', async () => {
    // Abort after 0..n ms: before admission, while preparing, before the first byte, mid-stream.
    for (const delay of [0, 5, 20, 60, 150, 400]) {
      const controller = new AbortController();
      const req = post(t, { model: 'tts-1', voice: 'alloy', input: longText(1200), response_format: delay % 2 ? 'aac' : 'opus' }, {}, controller.signal)
        .then(async (res) => { await res.arrayBuffer(); }).catch(() => {});
      await sleep(delay);
      controller.abort();
      await req;
    }
    await allReleased(t);
    assert.equal(t.server.runtime.admission.active, 0, 'no permit released twice (active would go below 0)');
  });
});

describe('a worker that dies takes only its own jobs', () => {
  let t: TestServer;
  before(async () => { t = await startServer({ workers: 2, maxConcurrent: 4 }); });
  after(() => t.close());

  test('one of two streams fails when its worker is killed; the other completes', async () => {
    const open = async () => {
      const res = await post(t, { model: 'tts-1', voice: 'alloy', input: longText(2500), response_format: 'pcm' });
      assert.equal(res.status, 200);
      const reader = res.body!.getReader();
      await reader.read();
      return reader;
    };
    const streams = [await open(), await open()];
    assert.deepEqual(t.server.services.pool.load(), [1, 1], 'one job per worker');
    await t.server.services.pool.terminateWorker(0);
    const results = await Promise.allSettled(streams.map(async (reader) => {
      let bytes = 0;
      for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.byteLength;
      return bytes;
    }));
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    const whole = results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<number>;
    assert.ok(whole.value > 24000 * 2 * 60, `the other stream is whole (${whole.value} bytes)`);
    await allReleased(t);
  });
});

describe('an engine that runs away', () => {
  let t: TestServer;
  before(async () => { t = await startServer({ workers: 1, workerHeapMb: 256 }); });
  after(() => t.close());

  // eSpeak NG loops for ever on some variant names, collecting audio inside one engine call (where
  // the per-job audio cap cannot see it). Whether the voice is refused up front or the worker hits
  // its heap limit, the answer is an envelope, the process lives, and the next request is served.
  test('"en+" and 60 letters: an envelope, not a dead server', { timeout: 90_000 }, async () => {
    const res = await post(t, { model: 'tts-1', voice: `en+${'abcdefghij'.repeat(6)}`, input: 'Hello.', response_format: 'wav' });
    assert.ok(res.status >= 400, `status ${res.status}`);
    assert.deepEqual(Object.keys((await res.json()).error), ['message', 'type', 'param', 'code']);
    await allReleased(t);
    const next = await post(t, { model: 'tts-1', voice: 'alloy', input: 'Still here.', response_format: 'wav' });
    assert.equal(next.status, 200);
    assert.ok((await next.arrayBuffer()).byteLength > 44);
  });
});
