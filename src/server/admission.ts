// Admission control in front of synthesis: at most `maxConcurrent` jobs run, at most `maxQueue`
// wait, and waiting requests are served round-robin per client (API key, or IP without keys), so
// one client with many long requests cannot starve the others. Beyond that: 429.
import { ApiError } from './errors.js';

export interface Permit {
  /** Gives the slot to the next waiting client; safe to call more than once. */
  release(): void;
}

interface Waiter {
  client: string;
  resolve: (permit: Permit) => void;
  reject: (err: Error) => void;
}

export class Admission {
  private running = 0;
  private queued = 0;
  /** Waiting requests per client; Map order is the round-robin order. */
  private waiting = new Map<string, Waiter[]>();
  /** Smoothed seconds a job holds its slot, for Retry-After. */
  private avgHoldS = 1;

  constructor(readonly maxConcurrent: number, readonly maxQueue: number) {}

  get active(): number { return this.running; }
  get depth(): number { return this.queued; }

  /**
   * Resolves with a permit once a slot is free. Throws a 429 ApiError at once when the queue is
   * full; rejects with `signal.reason` if the client leaves while waiting.
   */
  acquire(client: string, signal?: AbortSignal): Promise<Permit> {
    if (this.running < this.maxConcurrent && this.queued === 0) return Promise.resolve(this.grant());
    if (this.queued >= this.maxQueue) return Promise.reject(this.overloaded());
    return new Promise<Permit>((resolve, reject) => {
      const waiter: Waiter = { client, resolve, reject };
      const list = this.waiting.get(client) ?? [];
      list.push(waiter);
      this.waiting.set(client, list);
      this.queued++;
      signal?.addEventListener('abort', () => {
        const l = this.waiting.get(client);
        const i = l ? l.indexOf(waiter) : -1;
        if (i < 0) return;
        l!.splice(i, 1);
        if (l!.length === 0) this.waiting.delete(client);
        this.queued--;
        reject(signal.reason ?? new Error('aborted'));
      }, { once: true });
    });
  }

  /** Retry-After in whole seconds (at least 1), from the queue length and how long jobs take. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(((this.queued + 1) / Math.max(1, this.maxConcurrent)) * this.avgHoldS));
  }

  private overloaded(): ApiError {
    const seconds = this.retryAfterSeconds();
    return new ApiError(429, `The server is overloaded: ${this.running} requests in progress and ${this.queued} waiting. Please try again in ${seconds}s.`, {
      type: 'requests', code: 'rate_limit_exceeded', headers: { 'retry-after': String(seconds), 'retry-after-ms': String(seconds * 1000) },
    });
  }

  private grant(): Permit {
    this.running++;
    const start = performance.now();
    let done = false;
    return {
      release: () => {
        if (done) return;
        done = true;
        this.running--;
        this.avgHoldS = this.avgHoldS * 0.8 + ((performance.now() - start) / 1000) * 0.2;
        this.next();
      },
    };
  }

  /** Hands free slots to waiting clients, one request per client in turn. */
  private next(): void {
    while (this.running < this.maxConcurrent && this.queued > 0) {
      const [client, list] = this.waiting.entries().next().value as [string, Waiter[]];
      const waiter = list.shift()!;
      this.waiting.delete(client);
      // The client goes to the back of the line if it still has requests waiting.
      if (list.length > 0) this.waiting.set(client, list);
      this.queued--;
      waiter.resolve(this.grant());
    }
  }
}
