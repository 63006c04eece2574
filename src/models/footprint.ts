// How many synthesis workers this machine can hold: every worker loads each neural model it
// speaks with (Kokoro v1.0 is ~330 MB of weights and voices, which onnxruntime holds at about
// that size again in memory), so the CPU count alone would take 16 x 700 MB on a 16-core box
// before the first request. Read synchronously, once, while the configuration is built.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';

/** Resident memory per loaded byte of model files (measured: see BENCHMARKS.md "Neural"). */
export const RSS_PER_MODEL_BYTE = 1.2;
/** A worker thread with the built-in engines and no neural model. */
export const WORKER_BASE_BYTES = 75 * 2 ** 20;
/** Share of the machine's memory the default lets the workers take. */
export const MEMORY_SHARE = 0.5;

/** Bytes of model data (weights, voices, lexicons) in each model folder of the store. */
function modelSizes(root: string): Map<string, number> {
  const sizes = new Map<string, number>();
  if (!existsSync(root)) return sizes;
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    let bytes = 0;
    for (const file of readdirSync(join(root, entry.name), { withFileTypes: true })) {
      if (file.isFile() && /\.onnx$|^voices\.bin$|^lexicon.*\.txt$/.test(file.name)) bytes += statSync(join(root, entry.name, file.name)).size;
    }
    sizes.set(entry.name, bytes);
  }
  return sizes;
}

export interface WorkerChoice { workers: number; reason: string }

/** The default worker count: one per core, as many as half the memory holds with every model loaded. */
export function defaultWorkers(root: string, memory = totalmem(), cores = availableParallelism(), blendSessions = 0): WorkerChoice {
  const sizes = modelSizes(root);
  const modelBytes = [...sizes.values()].reduce((a, b) => a + b, 0);
  if (modelBytes === 0) return { workers: cores, reason: `${cores} CPU cores, no neural models installed` };
  // Each loaded blend is one more session of a Kokoro model (the largest, to be safe).
  const kokoro = Math.max(0, ...[...sizes].filter(([id]) => id.startsWith('kokoro')).map(([, bytes]) => bytes));
  const perWorker = WORKER_BASE_BYTES + RSS_PER_MODEL_BYTE * (modelBytes + blendSessions * kokoro);
  const fit = Math.max(1, Math.floor((memory * MEMORY_SHARE) / perWorker));
  const workers = Math.min(cores, fit);
  const mb = (n: number) => Math.round(n / 2 ** 20);
  return { workers, reason: `${cores} CPU cores; ~${mb(perWorker)} MB per worker with every model loaded (${mb(modelBytes)} MB of models${blendSessions && kokoro ? `, ${blendSessions} Kokoro blends` : ''}), ${mb(memory * MEMORY_SHARE)} MB allowed (half of ${mb(memory)} MB)` };
}
