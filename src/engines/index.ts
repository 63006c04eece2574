import type { Engine } from './types.js';

/** Every engine Mynah knows, loaded lazily inside synthesis workers. One line per engine. */
export const ENGINES: Record<string, () => Promise<Engine>> = {
  flite: async () => (await import('./flite.js')).createEngine(),
  espeak: async () => (await import('./espeak.js')).createEngine(),
};
