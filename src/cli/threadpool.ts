// libuv's thread pool runs every sherpa-onnx generateAsync/createAsync and all file I/O, for the
// whole process, workers included: 4 threads unless UV_THREADPOOL_SIZE says otherwise, read once
// when the pool first starts. Node's ESM loader starts it while loading this very program, so an
// ES module cannot set it for itself. bin/mynah runs the CommonJS entry (src/cli.cts), which sets it
// before loading anything asynchronously: one process. Started any other way (`node
// dist/src/cli.js serve`, or a Node that cannot require() ES modules), `mynah serve` starts itself
// again with it set (once; an operator's own UV_THREADPOOL_SIZE is kept as it is).
import { spawn } from 'node:child_process';
import type { Config } from '../config/index.js';

/** Threads for every job that may run at once, plus four for file I/O and model loading. */
export const threadpoolSize = (config: Config) => Math.min(1024, config.maxConcurrent + 4);

/**
 * Starts this command again in a child process with UV_THREADPOOL_SIZE set, and waits for it:
 * signals are passed on, its exit code becomes ours, and it exits if we die (its IPC channel
 * closes). Returns false, doing nothing, when the variable is already set.
 */
export async function relaunchWithThreadpool(config: Config): Promise<boolean> {
  if (process.env.UV_THREADPOOL_SIZE) return false;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    // glibc keeps memory freed by other threads (audio buffers made in a worker, freed on the
    // main thread) in its arenas; trimming past 128 KiB gives it back: 50 MiB less RSS after 20
    // mixed requests (BENCHMARKS.md, "Lean and fast"). An operator's own setting is kept.
    env: { MALLOC_TRIM_THRESHOLD_: '131072', ...process.env, UV_THREADPOOL_SIZE: String(threadpoolSize(config)), MYNAH_RELAUNCHED: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  const code = await new Promise<number>((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 128 : 1))));
  process.exit(code);
}

/** In the relaunched server: leave when the parent that started us is gone. */
export function followParent(): void {
  if (!process.env.MYNAH_RELAUNCHED || !process.send) return;
  process.on('disconnect', () => process.exit(1));
  // The channel alone must not keep us alive: a start-up that fails (a taken port) ends the process.
  process.channel?.unref();
}
