// Models pulled or removed while the server runs appear and disappear without a restart: the
// store folder is watched (inotify on Linux), and a change asks every worker for its catalog
// again, which rescans the store (engines/index.ts). New models cost nothing until a request uses
// them: sessions load lazily in each worker (engines/sherpa.ts).
import { mkdirSync, watch } from 'node:fs';
import type { Services } from '../speech.js';

/** Changes closer together than this are one rescan (a pull renames, unpacks, renames again). */
const SETTLE_MS = 250;

/** Watches the model store and swaps in a fresh catalog after each change; returns a stop function. */
export function watchStore(services: Services): () => void {
  const root = services.config.modelsDir;
  try {
    mkdirSync(root, { recursive: true });
  } catch {
    return () => {};
  }
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const rescan = async () => {
    if (running) { again = true; return; }
    running = (async () => {
      do {
        again = false;
        try {
          const { engines } = await services.pool.catalog();
          services.catalog.update(engines);
        } catch (err) {
          process.emitWarning(`model store rescan failed: ${(err as Error).message}`);
        }
      } while (again);
    })();
    await running;
    running = undefined;
  };
  const watcher = watch(root, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rescan(), SETTLE_MS);
  });
  watcher.on('error', () => watcher.close());
  return () => { clearTimeout(timer); watcher.close(); };
}
