import type { ResponseFormat } from '../contract.js';
import type { EncoderSettings } from '../encoders/types.js';
import type { StoreOptions } from '../engines/index.js';
import type { Engine, Voice } from '../engines/types.js';
import type { WasiImage } from '../engines/wasi-memory.js';
import type { Style } from '../style/style.js';
import type { PreparedText, PrepareOptions } from '../text/index.js';

/** What every worker is started with (its workerData). */
export interface WorkerSettings {
  /** Where neural models are installed (see engines/index.ts). */
  store?: StoreOptions;
  encoders: EncoderSettings;
  /** flite compiled once on the main thread, with its memory image (engines/flite.ts). */
  flite?: WasiImage;
}

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
  /**
   * Most 24 kHz samples the job may produce (a multiple of what its text should take); a job
   * that goes past it fails, so an engine that runs away cannot fill memory.
   */
  maxSamples: number;
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

/** Text preparation as a worker runs it: the options, with the lexicon as plain data. */
export interface PrepareJob {
  input: string;
  options: Omit<PrepareOptions, 'lexicon'>;
  /** Lexicon entries per language ({"en": {"word": "respelling"}}); absent when empty. */
  lexicon?: Record<string, Record<string, string>>;
}

export type ToWorker =
  /**
   * `only`: describe just these engines (and skip the model store); `skip`: all but these.
   * `flite`: use this compiled flite; `share`: send flite's compiled module and image back.
   */
  | { type: 'catalog'; id: number; only?: string[]; skip?: string[]; flite?: WasiImage; share?: boolean }
  | { type: 'prepare'; id: number; job: PrepareJob }
  /** `ring`: where the worker puts the job's audio (its size is the most that may be in flight). */
  | { type: 'speak'; id: number; job: SpeakJob; ring: SharedArrayBuffer }
  | { type: 'render'; id: number; job: SpeakJob; indices: number[] }
  | { type: 'pcm'; id: number; index: number; pcm: Int16Array }
  /** The main thread is done with `bytes` of the ring (pieces and skipped tails): the worker may fill them again. */
  | { type: 'credit'; id: number; bytes: number }
  | { type: 'cancel'; id: number };

/** Every job ends with exactly one `done` or `error` (also after a cancel: that is the acknowledgement). */
export type FromWorker =
  | { type: 'catalog'; id: number; engines: EngineInfo[]; failed: { name: string; error: string }[]; flite?: WasiImage }
  | { type: 'prepared'; id: number; text: PreparedText }
  /**
   * Pieces as the pipeline yielded them (an encoder block each, at most a quarter of the ring),
   * written one after another into the job's ring from `at`: `sizes` are their lengths in order.
   * A batch that starts at 0 when the last one did not end there skipped the ring's tail.
   */
  | { type: 'audio'; id: number; at: number; sizes: number[] }
  | { type: 'pcm'; id: number; index: number; pcm: Int16Array }
  | { type: 'done'; id: number; stats: SpeakStats }
  | { type: 'error'; id: number; message: string };
