// Which worker gets a job: the least busy one (and, for a split job, the next idle one). Keeps
// the pool at its size by replacing workers that are gone.
import type { ResourceLimits } from 'node:worker_threads';
import { WorkerHost } from './host.js';
import type { WorkerSettings } from './job.js';

export class Scheduler {
  readonly hosts: WorkerHost[] = [];
  private closed = false;

  constructor(readonly size: number, private readonly script: URL, private readonly settings: WorkerSettings, private readonly limits?: ResourceLimits) {
    for (let i = 0; i < size; i++) this.hosts.push(this.spawn());
  }

  private spawn(): WorkerHost {
    const host = new WorkerHost(this.script, this.settings, this.limits);
    host.once('gone', () => {
      const index = this.hosts.indexOf(host);
      if (index >= 0 && !this.closed) this.hosts[index] = this.spawn();
    });
    return host;
  }

  /** The least busy worker, and a second one only if it is idle (for splitting a job). */
  pick(): { home: WorkerHost; idle?: WorkerHost } {
    const bySize = [...this.hosts].sort((a, b) => a.load - b.load);
    return { home: bySize[0], idle: bySize[1]?.load === 0 ? bySize[1] : undefined };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.hosts.map((h) => h.terminate()));
  }
}
