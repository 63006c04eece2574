// One request, start to finish: resolve model and voice, prepare the text (in a worker), then
// synthesize in a worker (where the audio is also resampled, stretched and encoded), and hand
// back a stream of bytes. "Where the audio comes from" is one seam, SpeechSource: the local
// engines are one source; an upstream provider can be another.
import { CONTENT_TYPES, OPENAI_VOICES, OUTPUT_SAMPLE_RATE, type SpeechRequest } from './contract.js';
import type { Config } from './config/index.js';
import { getEncoder } from './encoders/index.js';
import { ApiError, badRequest } from './server/errors.js';
import type { SpeakJob, SpeakStats } from './synth/job.js';
import type { SpeakOptions, SynthPool } from './synth/pool.js';
import type { Lexicon } from './text/lexicon.js';
import type { Catalog, ResolvedVoice } from './voices/catalog.js';
import { styleVoice } from './style/request.js';
import type { Style } from './style/style.js';

export interface Services {
  config: Config;
  catalog: Catalog;
  pool: SynthPool;
  /** The pronunciation lexicon, loaded at start-up. */
  lexicon: Lexicon;
}

/** A request made concrete before it is admitted: who speaks what, and what that costs. */
export interface SpeechPlan {
  req: SpeechRequest;
  voice: ResolvedVoice;
  /** Prepared text, in engine-sized chunks. */
  chunks: string[];
  /** Characters that will really be synthesized: what rate limits charge. */
  chars: number;
  /** The voice style read from `instructions` (src/style/), and its `x-mynah-style` text. */
  style?: Style;
  styleHeader: string;
}

export interface Speech {
  contentType: string;
  voice: ResolvedVoice;
  chunks: string[];
  /**
   * Encoded audio in order, in batches of pieces; leaving the loop (or return()) cancels
   * synthesis. The pieces are views that hold only until the next batch is asked for (see
   * SynthPool.speak): `pieces` and `ownedPieces` below flatten them.
   */
  audio: AsyncGenerator<Uint8Array[]>;
  /** Filled in as synthesis runs; complete once `audio` is exhausted. */
  stats: SpeakStats;
  /** Milliseconds from start() until the first audio bytes were ready. */
  firstByteMs: number;
  /** The voice style applied from `instructions` (`x-mynah-style`); '' when none. */
  style: string;
}

/**
 * Where audio comes from. The route runs validate -> plan -> charge -> admit -> start -> write
 * the same way whatever the source is.
 */
export interface SpeechSource {
  /** Resolves model and voice and prepares the text; fails with 4xx ApiErrors. Runs before admission. */
  plan(req: SpeechRequest, opts: SpeakOptions): Promise<SpeechPlan>;
  /** Starts the audio; resolves once the first bytes exist, so an early failure is a clean error. */
  start(plan: SpeechPlan, opts: SpeakOptions): Promise<Speech>;
}

// The first chunk gates time to first audio, so it is one short sentence; later chunks are
// batched because each engine call has a fixed start-up cost (flite: ~20 ms).
export const CHUNKING = { firstChars: 200, maxChars: 600 };

/** Audio a job may make regardless of its length (a word said slowly), in seconds. */
const AUDIO_FLOOR_S = 2;
/** Text preparation takes milliseconds (it is linear in the input); one this slow is a hung worker. */
const PREPARE_TIMEOUT_MS = 10_000;
/** Input this short may expand by any ratio ("$1.25" is 6x), up to this many characters. */
const EXPANSION_FLOOR = 256;

/** The built-in engines, in the synthesis workers. */
export function localSource({ config, catalog, pool, lexicon: lexiconStore }: Services): SpeechSource {
  return {
    async plan(req, opts) {
      const availability = await getEncoder(req.response_format).available({ ffmpeg: config.ffmpeg });
      if (availability !== true) throw badRequest(availability, 'response_format', 'unsupported_response_format');

      const chosen = catalog.resolve(req.model, req.voice);
      const voiceName = typeof req.voice === 'string' ? req.voice : req.voice.id;
      // OpenAI's voices speak whatever language they are given; a language-specific engine voice
      // (espeak's `de`, say) is a deliberate choice and is kept.
      const languageFixed = !(OPENAI_VOICES as readonly string[]).includes(voiceName) && catalog.engine(chosen.engine)?.languages === 'any';
      const lexicon = lexiconStore.snapshot();
      const text = await pool.prepare({
        input: req.input,
        options: { ...CHUNKING, voiceLanguage: chosen.language, detect: config.detectLanguage && !languageFixed },
        lexicon: Object.keys(lexicon).length ? lexicon : undefined,
      }, { signal: opts.signal, timeoutMs: PREPARE_TIMEOUT_MS }).catch((err: Error) => {
        throw err instanceof ApiError || opts.signal?.aborted ? err : new ApiError(500, `Text preparation failed: ${err.message}`);
      });
      if (text.chunks.length === 0) throw badRequest('Input must contain some text to speak.', 'input', 'empty_input');
      const chars = text.chunks.reduce((n, c) => n + c.length, 0);
      const inputChars = [...req.input].length;
      const allowed = Math.max(EXPANSION_FLOOR, Math.ceil(inputChars * config.maxExpansion));
      if (chars > allowed) {
        throw badRequest(`Input expands to ${chars} characters when numbers and symbols are spelled out, more than ${config.maxExpansion} times its ${inputChars}; please shorten it or split it into several requests.`, 'input', 'input_too_long');
      }
      // `instructions` (src/style/): may pick an accent variant of the voice, and give the job a style.
      const located = catalog.voiceForLanguage(chosen, text.language);
      const styled = styleVoice(req.instructions, req.model, config.instructionsAnyModel, located, catalog.engine(located.engine));
      return { req, voice: styled.voice, chunks: text.chunks, chars, style: styled.style, styleHeader: styled.header };
    },

    async start({ req, voice, chunks, chars, style, styleHeader }, opts) {
      const started = performance.now();
      const job: SpeakJob = {
        engine: voice.engine, voice: voice.voice, language: voice.language, chunks, speed: req.speed, format: req.response_format, style,
        maxSamples: Math.round(((AUDIO_FLOOR_S + chars * config.maxAudioSecondsPerChar) / Math.min(1, req.speed)) * OUTPUT_SAMPLE_RATE),
      };
      const stats: SpeakStats = { samples: 0, synthMs: 0 };
      const audio = pool.speak(job, stats, opts);
      // Wait for the first bytes here, so that a failure before any audio exists is still a clean
      // error response rather than a truncated 200.
      let first: IteratorResult<Uint8Array[]>;
      try {
        first = await audio.next();
      } catch (err) {
        throw new ApiError(500, `Speech synthesis failed: ${(err as Error).message}`);
      }
      const firstByteMs = performance.now() - started;
      return { contentType: CONTENT_TYPES[req.response_format], voice, chunks, audio: withFirst(first, audio), stats, firstByteMs, style: styleHeader };
    },
  };
}

/** `first`, then the rest of `audio`; returning early cancels `audio`. Module-level: see SpeechLifecycle.watched. */
async function* withFirst<T>(first: IteratorResult<T>, audio: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    if (!first.done) yield first.value;
    yield* audio;
  } finally {
    await audio.return(undefined);
  }
}

/** Every piece of `audio` in order, each valid until the next is asked for. */
export async function* pieces(audio: AsyncIterable<Uint8Array[]>): AsyncGenerator<Uint8Array> {
  for await (const batch of audio) yield* batch;
}

/** Every piece of `audio` in order, as copies to keep (one buffer per batch). */
export async function* ownedPieces(audio: AsyncIterable<Uint8Array[]>): AsyncGenerator<Uint8Array> {
  for await (const batch of audio) {
    const copy = Buffer.concat(batch);
    let at = 0;
    for (const piece of batch) { yield copy.subarray(at, at + piece.byteLength); at += piece.byteLength; }
  }
}

/** Plans and starts a request in one go (the CLI; the server charges and admits in between). */
export async function createSpeech(services: Services, req: SpeechRequest, opts: SpeakOptions = {}): Promise<Speech> {
  const source = localSource(services);
  return source.start(await source.plan(req, opts), opts);
}

/** Audio duration of what a job produced, in seconds. */
export const audioSeconds = (stats: SpeakStats) => stats.samples / OUTPUT_SAMPLE_RATE;

/**
 * Token counts for the SSE `usage` event. Local engines have no tokens, so these are honest
 * equivalents: about four characters per text token (as OpenAI's tokenizers average for English)
 * and one audio token per 25 ms of speech, close to the rate OpenAI's recordings show.
 */
export const usageFor = (input: string, stats: SpeakStats) => usageForSeconds(input, audioSeconds(stats));

/** The same, from seconds of audio (relayed audio has no SpeakStats). */
export function usageForSeconds(input: string, seconds: number) {
  const input_tokens = Math.max(1, Math.ceil([...input].length / 4));
  const output_tokens = Math.ceil(seconds * 40);
  return { input_tokens, output_tokens, total_tokens: input_tokens + output_tokens };
}
