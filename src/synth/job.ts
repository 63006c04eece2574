import type { ResponseFormat } from '../contract.js';
import type { Engine, Voice } from '../engines/types.js';
import type { Style } from '../style/style.js';

/** What the main thread asks a synthesis worker to speak. */
export interface SpeakJob {
  engine: string;
  voice: string;
  language: string;
  /** Prepared text, one engine call per chunk, spoken in order. */
  chunks: string[];
  speed: number;
  format: ResponseFormat;
  /** Voice style read from `instructions` (src/style/); absent or neutral: the voice as it is. */
  style?: Style;
  /** Indices of chunks another worker renders; their PCM arrives in `pcm` messages. */
  remote?: number[];
}

export interface SpeakStats {
  /** Samples of 24 kHz audio produced. */
  samples: number;
  /** Milliseconds the worker spent inside engines. */
  synthMs: number;
}

/** What the main thread knows of an engine loaded in a worker: its description, not its code. */
export type EngineInfo = Omit<Engine, 'voices' | 'synthesize'> & { voices: Voice[] };

export type ToWorker =
  | { type: 'catalog'; id: number }
  | { type: 'speak'; id: number; job: SpeakJob }
  | { type: 'render'; id: number; job: SpeakJob; indices: number[] }
  | { type: 'pcm'; id: number; index: number; pcm: Int16Array }
  | { type: 'cancel'; id: number };

export type FromWorker =
  | { type: 'catalog'; id: number; engines: EngineInfo[]; failed: { name: string; error: string }[] }
  | { type: 'audio'; id: number; bytes: Uint8Array }
  | { type: 'pcm'; id: number; index: number; pcm: Int16Array }
  | { type: 'done'; id: number; stats: SpeakStats }
  | { type: 'error'; id: number; message: string };
