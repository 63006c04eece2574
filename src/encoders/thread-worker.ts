// The thread behind encoders/thread.ts: one encoder, messages answered in order.
import { parentPort, workerData } from 'node:worker_threads';
import { getEncoder } from './index.js';
import type { Encoder } from './types.js';

const { format, sampleRate, settings } = workerData;
const ready: Promise<Encoder> = getEncoder(format).create(sampleRate, settings);
ready.catch(() => {});
let queue: Promise<unknown> = Promise.resolve();

parentPort!.on('message', (m: { op: 'ready' | 'write' | 'end'; pcm?: Int16Array }) => {
  queue = queue.then(async () => {
    try {
      const encoder = await ready;
      const chunks = m.op === 'write' ? await encoder.write(m.pcm!) : m.op === 'end' ? await encoder.end() : [];
      // Copied (a codec may hand out views of its own memory), then handed over.
      const out = chunks.map((c) => c.slice());
      parentPort!.postMessage({ ok: true, chunks: out }, out.map((c) => c.buffer as ArrayBuffer));
      if (m.op === 'end') encoder.close();
    } catch (err) {
      parentPort!.postMessage({ ok: false, error: (err as Error).message });
    }
  });
});
