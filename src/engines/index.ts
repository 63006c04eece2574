import type { Engine } from './types.js';

/** Every engine Mynah knows, loaded lazily inside synthesis workers. One line per engine. */
export const ENGINES: Record<string, () => Promise<Engine>> = {
  flite: async () => (await import('./flite.js')).createEngine(),
  espeak: async () => (await import('./espeak.js')).createEngine(),
};

export interface StoreOptions { modelsDir: string; sherpaThreads: number }

/**
 * Adds one engine per model found in the model store. Called once per worker at start-up, so a
 * model pulled later appears after a restart.
 */
export async function discoverEngines({ modelsDir, sherpaThreads }: StoreOptions): Promise<void> {
  Object.assign(ENGINES, await (await import('./sherpa.js')).storeEngines(modelsDir, { threads: sherpaThreads }));
}
