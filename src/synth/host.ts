// One worker thread (synthesis, or text preparation) and the jobs it holds. A worker that crashes,
// runs out of memory (resourceLimits) or is terminated fails only its own jobs; the scheduler then
// replaces it.
import { EventEmitter } from 'node:events';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerSettings } from './job.js';

/** A worker's message for a job, or word that the worker itself is gone. */
export type Delivery = FromWorker | { type: 'crash'; message: string };

export class WorkerHost extends EventEmitter {
  readonly worker: Worker;
  /** Jobs on this worker, by id: each gets the worker's messages for it. */
  readonly jobs = new Map<number, (msg: Delivery) => void>();
  private gone = false;

  constructor(script: URL, settings: WorkerSettings, resourceLimits: ResourceLimits | undefined) {
    super();
    this.worker = new Worker(script, { workerData: settings, resourceLimits });
    this.worker.on('message', (msg: FromWorker) => this.jobs.get(msg.id)?.(msg));
    this.worker.on('error', (err) => this.fail(`worker failed: ${err.message}`));
    this.worker.on('exit', (code) => this.fail(`worker exited with code ${code}`));
  }

  get load(): number { return this.jobs.size; }

  post(msg: ToWorker, transfer: ArrayBuffer[] = []): void {
    if (!this.gone) this.worker.postMessage(msg, transfer);
  }

  /** Stops the thread at once (a hung job, or shutdown); its jobs fail as in a crash. */
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  private fail(message: string): void {
    if (this.gone) return;
    this.gone = true;
    const handlers = [...this.jobs.values()];
    this.jobs.clear();
    for (const deliver of handlers) deliver({ type: 'crash', message });
    this.emit('gone');
  }
}
