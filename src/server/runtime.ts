// What the HTTP layer keeps beside the synthesis services: admission queue, rate limits, metrics,
// and whether the server is ready or draining.
import type { Services } from '../speech.js';
import type { RateStore } from '../shared/types.js';
import { Admission } from './admission.js';
import { Metrics } from './metrics.js';
import { RateLimiter } from './ratelimit.js';

export interface Runtime {
  admission: Admission;
  limiter: RateLimiter;
  metrics: Metrics;
  state: { ready: boolean; draining: boolean };
}

/** `sharedRate`: in shared mode, the rate store every replica charges (src/shared/). */
export function createRuntime(services: Services, sharedRate?: RateStore): Runtime {
  const { config, pool } = services;
  const admission = new Admission(config.maxConcurrent, config.maxQueue);
  const state = { ready: false, draining: false };
  const metrics = new Metrics(() => ({
    queueDepth: admission.depth, active: admission.active, maxConcurrent: admission.maxConcurrent,
    workerJobs: pool.load(), draining: state.draining,
  }));
  return { admission, limiter: new RateLimiter(sharedRate), metrics, state };
}

/** Rejects JSON nested deeper than `max` before it is parsed (strings are skipped). */
export function jsonTooDeep(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) { if (++depth > max) return true; }
    else if (c === 125 || c === 93) depth--;
  }
  return false;
}
