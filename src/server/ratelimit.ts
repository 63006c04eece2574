// Per-client rate limits, OpenAI style: requests and characters ("tokens") per minute, as token
// buckets that refill continuously, reported in x-ratelimit-* headers. In shared mode
// (MYNAH_REDIS_URL) the counts live in a RateStore every replica charges (src/shared/), so a key
// limited to 60 a minute gets 60 in total however many replicas answer it.
import type { RateStore } from '../shared/types.js';
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
  give(amount: number): void { this.refill(); this.level = Math.min(this.capacity, this.level + amount); }
  get remaining(): number { return Math.max(0, Math.floor(this.level)); }
  /** Milliseconds until the bucket is full again. */
  get resetMs(): number { return Math.ceil(((this.capacity - this.level) / this.capacity) * 60_000); }
}

const duration = (ms: number) => (ms < 1000 ? `${ms}ms` : `${+(ms / 1000).toFixed(1)}s`);

const tooMany = (byRequests: boolean, limits: Limits, chars: number, waitMs: number, headers: Record<string, string>) => {
  const what = byRequests ? `requests per min (RPM): Limit ${limits.rpm}, Requested 1` : `characters per min: Limit ${limits.cpm}, Requested ${chars}`;
  return new ApiError(429, `Rate limit reached on ${what}. Please try again in ${duration(waitMs)}.`, {
    type: byRequests ? 'requests' : 'tokens', code: 'rate_limit_exceeded',
    headers: { ...headers, 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))), 'retry-after-ms': String(waitMs) },
  });
};

export class RateLimiter {
  private buckets = new Map<string, { req?: Bucket; chars?: Bucket }>();

  /** `shared`: the store every replica charges (shared mode); without it, this process's buckets. */
  constructor(private readonly shared?: RateStore) {}

  /**
   * Charges one request of `chars` characters (the prepared text's) to `client`. Returns the
   * x-ratelimit-* headers to send, or throws a 429 (with the same headers and Retry-After) when
   * over a limit; nothing is charged then. In shared mode a store that cannot be reached throws
   * (fail-closed: a 503) or counts per replica (fail-open), as src/shared/rate-redis.ts decides.
   */
  async charge(client: string, limits: Limits, chars: number): Promise<Record<string, string>> {
    if (!limits.rpm && !limits.cpm) return {};
    return this.shared ? this.chargeShared(this.shared, client, limits, chars) : this.chargeLocal(client, limits, chars);
  }

  /** Gives back what charge() took for a request refused afterwards (queue full, failed to start). */
  async refund(client: string, limits: Limits, chars: number): Promise<void> {
    if (this.shared) {
      if (limits.rpm) await this.shared.refund(`requests:${client}`, 1, limits.rpm);
      if (limits.cpm) await this.shared.refund(`tokens:${client}`, Math.min(chars, limits.cpm), limits.cpm);
      return;
    }
    const b = this.buckets.get(client);
    if (limits.rpm) b?.req?.give(1);
    if (limits.cpm) b?.chars?.give(chars);
  }

  private async chargeShared(store: RateStore, client: string, limits: Limits, chars: number): Promise<Record<string, string>> {
    const headers: Record<string, string> = {};
    const taken: [string, number, number][] = [];
    for (const [limit, amount, kind] of [[limits.rpm, 1, 'requests'], [limits.cpm, Math.min(chars, limits.cpm), 'tokens']] as const) {
      if (!limit) continue;
      const d = await store.consume(`${kind}:${client}`, amount, limit);
      Object.assign(headers, {
        [`x-ratelimit-limit-${kind}`]: String(limit), [`x-ratelimit-remaining-${kind}`]: String(d.remaining),
        [`x-ratelimit-reset-${kind}`]: duration(d.resetMs),
      });
      if (!d.allowed) {
        // Refused on characters: the request counted a moment ago is given back.
        for (const [key, n, l] of taken) await store.refund(key, n, l);
        throw tooMany(kind === 'requests', limits, chars, d.resetMs, headers);
      }
      taken.push([`${kind}:${client}`, amount, limit]);
    }
    return headers;
  }

  private chargeLocal(client: string, limits: Limits, chars: number): Record<string, string> {
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
    throw tooMany(reqWait >= charWait, limits, chars, Math.max(reqWait, charWait), headers);
  }
}
