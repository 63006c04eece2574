import type { Engine } from './types.js';

/** Every engine Mynah knows, loaded lazily inside synthesis workers. One line per engine. */
export const ENGINES: Record<string, () => Promise<Engine>> = {
  flite: async () => (await import('./flite.js')).createEngine(),
  espeak: async () => (await import('./espeak.js')).createEngine(),
};

export interface StoreOptions { modelsDir: string; sherpaThreads: number; blendSessions?: number }

/** Engines that came from the model store (the built-in ones never go away). */
let fromStore = new Set<string>();

/**
 * Adds one engine per model found in the model store and drops those whose folder is gone. Called
 * by each worker for every catalog request, so pulled models appear while the server runs; an
 * engine already registered keeps its factory (and its loaded session).
 */
export async function discoverEngines({ modelsDir, sherpaThreads, blendSessions }: StoreOptions): Promise<void> {
  const found = await (await import('./sherpa.js')).storeEngines(modelsDir, { threads: sherpaThreads, blendSessions });
  for (const name of fromStore) if (!(name in found)) delete ENGINES[name];
  for (const [name, factory] of Object.entries(found)) if (!fromStore.has(name)) ENGINES[name] = factory;
  fromStore = new Set(Object.keys(found));
}
