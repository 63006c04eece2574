// A job record as the API shows it: state and progress (pieces, characters, audio, ETA).
import { OUTPUT_SAMPLE_RATE } from '../contract.js';
import { bookSamples } from './assemble.js';
import type { JobRecord } from './types.js';

export function jobView(r: JobRecord) {
  const total = r.pieceChars.length;
  const charsTotal = r.pieceChars.reduce((a, b) => a + b, 0);
  const charsDone = r.done.reduce((a, i) => a + (r.pieceChars[i] ?? 0), 0);
  const samples = Object.values(r.samples);
  const now = r.finishedAt ?? Date.now();
  // Time per character so far, for what is left; unknown until a piece has finished.
  const eta = r.state === 'running' && r.startedAt && charsDone > 0 ? ((now - r.startedAt) / charsDone) * (charsTotal - charsDone) / 1000 : r.state === 'completed' ? 0 : null;
  return {
    id: r.id,
    object: 'audio.job',
    status: r.state,
    created_at: Math.floor(r.createdAt / 1000),
    finished_at: r.finishedAt ? Math.floor(r.finishedAt / 1000) : null,
    response_format: r.format,
    progress: {
      pieces_done: r.done.length,
      pieces_total: total,
      characters_done: charsDone,
      characters_total: charsTotal,
      audio_seconds: +(bookSamples(samples) / OUTPUT_SAMPLE_RATE).toFixed(3),
      eta_seconds: eta === null ? null : Math.round(eta),
    },
    error: r.error ? { message: r.error } : null,
  };
}
