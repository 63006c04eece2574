// One process: nothing to synchronise; edits are already in the process's lexicon.
import type { LexiconChange, LexiconSync } from './types.js';

export function memoryLexiconSync(): LexiconSync {
  const entries = new Map<string, LexiconChange>();
  return {
    kind: 'memory',
    async publish(change) {
      const id = `${change.language}\u0000${change.word}`;
      if (change.op === 'set') entries.set(id, change);
      else entries.delete(id);
    },
    subscribe() {},
    async snapshot() { return [...entries.values()]; },
    async close() {},
  };
}
