/** One voice an engine can speak with. */
export interface Voice {
  /** Engine-native id, unique within the engine (e.g. `kal16`, `en-us`, `af_heart`). */
  id: string;
  name: string;
  /** BCP-47-ish language tag the voice speaks best (`en-US`, `vi`). */
  language: string;
  gender?: 'female' | 'male';
}

export interface SynthesisInput {
  /** One prepared chunk of text (a sentence or a few). */
  text: string;
  voice: string;
  /** ISO 639-1 code of the text, when the front end knows it. */
  language?: string;
  /** Speed factor already clamped to the engine's `speedRange`. */
  speed: number;
  /** Aborted when the client has gone; engines that run long may stop early. */
  signal?: AbortSignal;
  /** Voice style from `instructions`, for the controls the engine declares in `styleControls`. */
  style?: StyleInput;
}

/** The part of a voice style an engine may apply itself; the pipeline does the rest by DSP. */
export interface StyleInput {
  /** Mean pitch shift in semitones. */
  pitch: number;
  /** Intonation range factor (1: the voice's own). */
  pitchRange: number;
  whisper: boolean;
}

/** Which StyleInput fields an engine honours itself. */
export interface StyleControls { pitch?: boolean; pitchRange?: boolean; whisper?: boolean }

/**
 * A speech engine, loaded inside a synthesis worker thread. Adding an engine means one new file
 * under engines/ that exports a `createEngine()` returning this, and one line in engines/index.ts.
 */
export interface Engine {
  name: string;
  /** Model family an engine belongs to (`kokoro`, `piper`), which the alias table may name. */
  family?: string;
  /** Whether voice ids may be blends of the engine's speakers (`af_bella(2)+af_sky(1)`). */
  blends?: boolean;
  /** Native sample rate of the PCM that synthesize() yields. */
  sampleRate: number;
  /** Range of speed factors the engine honours itself; the rest is done by time-stretching. */
  speedRange: [number, number];
  /** Languages the engine can speak (ISO 639-1), or 'any' when it picks voices by language. */
  languages: string[] | 'any';
  /** Style controls the engine has (see StyleInput); absent: none. */
  styleControls?: StyleControls;
  voices(): Voice[];
  /** Yields mono signed 16-bit PCM at `sampleRate`, in as many pieces as the engine produces. */
  synthesize(input: SynthesisInput): AsyncIterable<Int16Array> | Iterable<Int16Array>;
}
