// An encoder in a worker thread, behind the same Encoder interface (encoders/types.ts): a finished
// job is encoded once, minutes of MP3 for a book, without blocking the server's event loop. PCM
// goes in by transfer, bytes come back the same way; calls are answered in order.
import { Worker } from 'node:worker_threads';
import type { ResponseFormat } from '../contract.js';
import type { Encoder, EncoderSettings } from './types.js';

/** Encoder threads started in this process (tests check that a download starts none). */
export const encoderThreads = { created: 0 };

type Reply = { ok: true; chunks: Uint8Array[] } | { ok: false; error: string };

export async function threadEncoder(format: ResponseFormat, sampleRate: number, settings: EncoderSettings): Promise<Encoder> {
  encoderThreads.created++;
  const worker = new Worker(new URL('./thread-worker.js', import.meta.url), { workerData: { format, sampleRate, settings } });
  const waiting: { resolve: (c: Uint8Array[]) => void; reject: (e: Error) => void }[] = [];
  let dead: Error | undefined;
  const fail = (err: Error) => {
    dead ??= err;
    for (const w of waiting.splice(0)) w.reject(dead);
  };
  worker.on('message', (m: Reply) => {
    const w = waiting.shift();
    if (!w) return;
    if (m.ok) w.resolve(m.chunks);
    else w.reject(new Error(m.error));
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`encoder thread exited (${code})`)));
  const call = (msg: { op: 'write'; pcm: Int16Array } | { op: 'end' } | { op: 'ready' }) => new Promise<Uint8Array[]>((resolve, reject) => {
    if (dead) return reject(dead);
    waiting.push({ resolve, reject });
    if (msg.op === 'write') {
      // Copied unless the block owns its whole buffer, which is then handed over.
      const own = msg.pcm.byteOffset === 0 && msg.pcm.byteLength === msg.pcm.buffer.byteLength && msg.pcm.buffer instanceof ArrayBuffer;
      const pcm = own ? msg.pcm : msg.pcm.slice();
      worker.postMessage({ op: 'write', pcm }, [pcm.buffer as ArrayBuffer]);
    } else {
      worker.postMessage(msg);
    }
  });
  await call({ op: 'ready' }); // the codec was created (or its error is thrown here)
  return {
    write: (pcm) => call({ op: 'write', pcm }),
    end: () => call({ op: 'end' }),
    close: () => { dead ??= new Error('encoder closed'); void worker.terminate(); },
  };
}
