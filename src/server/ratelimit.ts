// Per-client rate limits, OpenAI style: requests and characters ("tokens") per minute, as token
// buckets that refill continuously, reported in x-ratelimit-* headers.
import { ApiError } from './errors.js';

export interface Limits {
  /** Requests per minute; 0 means unlimited. */
  rpm: number;
  /** Input characters per minute; 0 means unlimited. */
  cpm: number;
}

class Bucket {
  private level: number;
  private at = performance.now();
  constructor(readonly capacity: number) { this.level = capacity; }

  private refill(): void {
    const now = performance.now();
    this.level = Math.min(this.capacity, this.level + ((now - this.at) / 60_000) * this.capacity);
    this.at = now;
  }
  /** Milliseconds until `amount` is available (0: now). */
  wait(amount: number): number {
    this.refill();
    return amount <= this.level ? 0 : Math.ceil(((amount - this.level) / this.capacity) * 60_000);
  }
  take(amount: number): void { this.level -= amount; }
  get remaining(): number { return Math.max(0, Math.floor(this.level)); }
  /** Milliseconds until the bucket is full again. */
  get resetMs(): number { return Math.ceil(((this.capacity - this.level) / this.capacity) * 60_000); }
}

const duration = (ms: number) => (ms < 1000 ? `${ms}ms` : `${+(ms / 1000).toFixed(1)}s`);

export class RateLimiter {
  private buckets = new Map<string, { req?: Bucket; chars?: Bucket }>();

  /**
   * Charges one request of `chars` characters to `client`. Returns the x-ratelimit-* headers to
   * send, or throws a 429 (with the same headers and Retry-After) when over a limit.
   */
  charge(client: string, limits: Limits, chars: number): Record<string, string> {
    if (!limits.rpm && !limits.cpm) return {};
    let b = this.buckets.get(client);
    if (!b) {
      b = { req: limits.rpm ? new Bucket(limits.rpm) : undefined, chars: limits.cpm ? new Bucket(limits.cpm) : undefined };
      this.buckets.set(client, b);
      if (this.buckets.size > 100_000) this.buckets.delete(this.buckets.keys().next().value!);
    }
    const reqWait = b.req?.wait(1) ?? 0;
    const charWait = b.chars?.wait(Math.min(chars, b.chars.capacity)) ?? 0;
    if (reqWait === 0 && charWait === 0) {
      b.req?.take(1);
      b.chars?.take(chars);
    }
    const headers: Record<string, string> = {};
    if (b.req) {
      Object.assign(headers, {
        'x-ratelimit-limit-requests': String(limits.rpm), 'x-ratelimit-remaining-requests': String(b.req.remaining),
        'x-ratelimit-reset-requests': duration(b.req.resetMs),
      });
    }
    if (b.chars) {
      Object.assign(headers, {
        'x-ratelimit-limit-tokens': String(limits.cpm), 'x-ratelimit-remaining-tokens': String(b.chars.remaining),
        'x-ratelimit-reset-tokens': duration(b.chars.resetMs),
      });
    }
    if (reqWait === 0 && charWait === 0) return headers;
    const byRequests = reqWait >= charWait;
    const waitMs = Math.max(reqWait, charWait);
    const what = byRequests ? `requests per min (RPM): Limit ${limits.rpm}, Requested 1` : `characters per min: Limit ${limits.cpm}, Requested ${chars}`;
    throw new ApiError(429, `Rate limit reached on ${what}. Please try again in ${duration(waitMs)}.`, {
      type: byRequests ? 'requests' : 'tokens', code: 'rate_limit_exceeded',
      headers: { ...headers, 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))), 'retry-after-ms': String(waitMs) },
    });
  }
}
