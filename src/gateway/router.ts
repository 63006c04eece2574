// Which targets a model id goes to, in which order: tiers by priority, a weighted draw within a
// tier, and a circuit breaker per upstream that cools a failing one down and lets one probe through.
import type { GatewayConfig, UpstreamConfig } from './types.js';

export type Target =
  | { kind: 'upstream'; name: string; upstream: UpstreamConfig }
  | { kind: 'local'; name: string; model: string };

interface Circuit { failures: number; openUntil: number; probing: boolean }

export class Breaker {
  private circuits = new Map<string, Circuit>();
  constructor(private opts: GatewayConfig['breaker'], private now = () => Date.now()) {}

  private get(name: string): Circuit {
    let c = this.circuits.get(name);
    if (!c) this.circuits.set(name, c = { failures: 0, openUntil: 0, probing: false });
    return c;
  }

  /** Whether a request may go to this upstream now; after the cooldown one probe is let through. */
  allow(name: string): boolean {
    const c = this.get(name);
    if (c.openUntil === 0) return true;
    if (this.now() < c.openUntil || c.probing) return false;
    c.probing = true;
    return true;
  }

  success(name: string): void {
    this.circuits.set(name, { failures: 0, openUntil: 0, probing: false });
  }

  /** A failure; `coolMs` (a 429's retry-after) opens the circuit for that long at once. */
  failure(name: string, coolMs?: number): void {
    const c = this.get(name);
    c.failures += 1;
    c.probing = false;
    if (coolMs !== undefined) c.openUntil = Math.max(c.openUntil, this.now() + coolMs);
    else if (c.failures >= this.opts.failures || c.openUntil !== 0) c.openUntil = this.now() + this.opts.cooldownMs;
  }

  /** An attempt given up by the client: a probe it was is let through again later. */
  abandon(name: string): void {
    this.get(name).probing = false;
  }

  state(name: string): 'closed' | 'open' | 'half-open' {
    const c = this.get(name);
    if (c.openUntil === 0) return 'closed';
    return this.now() < c.openUntil ? 'open' : 'half-open';
  }
}

export class Router {
  private upstreams: Map<string, UpstreamConfig>;
  constructor(private config: GatewayConfig, readonly breaker: Breaker, private random = Math.random) {
    this.upstreams = new Map(config.upstreams.map((u) => [u.name, u]));
  }

  /** Targets named for a model; a model without a route is served by the local engines. */
  targetsFor(model: string): Target[] {
    const names = this.config.routes[model] ?? [`local:${model}`];
    return names.map((name) => (name.startsWith('local:')
      ? { kind: 'local', name, model: name.slice('local:'.length) }
      : { kind: 'upstream', name, upstream: this.upstreams.get(name)! }));
  }

  /**
   * The order to try targets in for one request: ascending priority (an upstream without one sits
   * at its position in the route), a weighted random order within a tier.
   */
  order(model: string): Target[] {
    const tiers = new Map<number, Target[]>();
    this.targetsFor(model).forEach((t, i) => {
      const p = t.kind === 'upstream' && t.upstream.priority !== undefined ? t.upstream.priority : i;
      tiers.set(p, [...(tiers.get(p) ?? []), t]);
    });
    return [...tiers.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, tier]) => this.weightedShuffle(tier));
  }

  private weightedShuffle(tier: Target[]): Target[] {
    const left = [...tier];
    const out: Target[] = [];
    while (left.length > 0) {
      const weights = left.map((t) => (t.kind === 'upstream' ? Math.max(0, t.upstream.weight) : 1));
      const total = weights.reduce((a, b) => a + b, 0);
      let x = this.random() * total;
      let pick = left.length - 1;
      for (let i = 0; i < left.length; i++) {
        if (x < weights[i]) { pick = i; break; }
        x -= weights[i];
      }
      out.push(left.splice(pick, 1)[0]);
    }
    return out;
  }
}
