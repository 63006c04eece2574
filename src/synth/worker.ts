// A synthesis worker thread. Several jobs may be in flight here at once; they take turns at
// chunk boundaries (see pipeline.ts), so a long request cannot hold a short one back for long.
import { parentPort, workerData } from 'node:worker_threads';
import { discoverEngines, ENGINES, type StoreOptions } from '../engines/index.js';
import { loadEngine, speak } from './pipeline.js';
import type { EngineInfo, FromWorker, SpeakJob, SpeakStats, ToWorker } from './job.js';

const port = parentPort!;
const running = new Map<number, AbortController>();
const send = (msg: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'catalog') void catalog(msg.id);
  else if (msg.type === 'speak') void run(msg.id, msg.job);
  else if (msg.type === 'cancel') running.get(msg.id)?.abort();
});

const discovered = discoverEngines(workerData as StoreOptions);

async function catalog(id: number) {
  const engines: EngineInfo[] = [];
  const failed: { name: string; error: string }[] = [];
  try {
    await discovered;
  } catch (err) {
    failed.push({ name: 'model store', error: (err as Error).message });
  }
  for (const name of Object.keys(ENGINES)) {
    try {
      const e = await loadEngine(name);
      engines.push({ name: e.name, family: e.family, blends: e.blends, sampleRate: e.sampleRate, speedRange: e.speedRange, languages: e.languages, voices: e.voices() });
    } catch (err) {
      failed.push({ name, error: (err as Error).message });
    }
  }
  send({ type: 'catalog', id, engines, failed });
}

async function run(id: number, job: SpeakJob) {
  const controller = new AbortController();
  running.set(id, controller);
  const stats: SpeakStats = { samples: 0, synthMs: 0 };
  try {
    for await (const bytes of speak(job, controller.signal, stats)) {
      if (controller.signal.aborted) break;
      // Copy into a buffer of its own so it can be transferred without cloning.
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
        ? bytes : bytes.slice();
      send({ type: 'audio', id, bytes: own }, [own.buffer as ArrayBuffer]);
    }
    send({ type: 'done', id, stats });
  } catch (err) {
    send({ type: 'error', id, message: (err as Error).message });
  } finally {
    running.delete(id);
  }
}
