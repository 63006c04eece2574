// A job's audio travels from its worker through a ring (a SharedArrayBuffer) that the worker fills
// again as soon as the main thread gives space back (synth/worker.ts, synth/pool.ts). Space given
// back too early, or a wrong count of the ring's skipped tail, would overwrite audio not yet sent:
// these tests read slowly, through rings small enough to wrap hundreds of times, and compare bytes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { SynthPool } from '../src/synth/pool.js';
import type { SpeakJob } from '../src/synth/job.js';
import { longText, startServer, type TestServer } from './helpers.js';

const CHUNKS = [longText(200), longText(600).toUpperCase(), longText(500).split('. ').reverse().join('. ')];
const job = (format: SpeakJob['format']): SpeakJob => ({
  engine: 'flite', voice: 'kal16', language: 'en', chunks: CHUNKS, speed: 1, format, maxSamples: 24_000 * 600,
});

/** The job's audio, copied piece by piece; `slowly` waits between batches, so the worker runs out of space. */
async function collect(pool: SynthPool, format: SpeakJob['format'], slowly: boolean) {
  const parts: Buffer[] = [];
  const rings = new Set<number>();
  for await (const batch of pool.speak(job(format), { samples: 0, synthMs: 0 })) {
    for (const piece of batch) {
      assert.ok(piece.buffer instanceof SharedArrayBuffer, 'a piece is a view of the ring');
      rings.add(piece.buffer.byteLength);
      parts.push(Buffer.from(piece));
    }
    if (slowly) await sleep(1);
  }
  return { bytes: Buffer.concat(parts), rings };
}

describe('the audio ring between a worker and the main thread', () => {
  let small: SynthPool;
  let usual: SynthPool;
  before(async () => {
    small = new SynthPool(1, { windowBytes: 16 * 1024 });
    usual = new SynthPool(1);
    await Promise.all([small.catalog(), usual.catalog()]);
  });
  after(() => Promise.all([small.close(), usual.close()]));

  for (const format of ['pcm', 'mp3', 'flac', 'wav'] as const) {
    test(`a 16 KiB ring read slowly gives the default ring's bytes (${format})`, async () => {
      const reference = await collect(usual, format, false);
      const through = await collect(small, format, true);
      assert.deepEqual([...through.rings], [16 * 1024], 'every piece came through the job\'s 16 KiB ring');
      // ~1,300 characters: far more audio than the ring holds, so it wrapped many times.
      assert.ok(reference.bytes.length > 20 * 16 * 1024, `${reference.bytes.length} bytes`);
      assert.equal(through.bytes.length, reference.bytes.length);
      assert.ok(through.bytes.equals(reference.bytes), 'the bytes differ');
    });
  }
});

describe('a client that reads slowly', () => {
  let t: TestServer;
  before(async () => { t = await startServer({ workers: 1 }); });
  after(() => t.close());

  // The socket's buffers fill, so writes complete long after they were made: a piece's space may
  // come back only then (SpeechLifecycle.send).
  for (const format of ['pcm', 'mp3'] as const) {
    test(`gets the same bytes as one that reads at once (${format})`, async () => {
      const body = JSON.stringify({ model: 'tts-1', voice: 'alloy', input: longText(3000), response_format: format });
      const request = () => fetch(`${t.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const fast = Buffer.from(await (await request()).arrayBuffer());
      const reader = (await request()).body!.getReader();
      const parts: Buffer[] = [];
      for (let n = 0; ; n++) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(Buffer.from(value));
        if (n % 4 === 0) await sleep(20);
      }
      const slow = Buffer.concat(parts);
      assert.ok(fast.length > 1_000_000 / (format === 'mp3' ? 4 : 1), `${fast.length} bytes`);
      assert.equal(slow.length, fast.length);
      assert.ok(slow.equals(fast), 'the bytes differ');
    });
  }
});
