// One request, start to finish: resolve model and voice, prepare the text, synthesize in a worker
// (where the audio is also resampled, stretched and encoded), and hand back a stream of bytes.
import { CONTENT_TYPES, OPENAI_VOICES, OUTPUT_SAMPLE_RATE, type SpeechRequest } from './contract.js';
import type { Config } from './config/index.js';
import { getEncoder } from './encoders/index.js';
import { ApiError, badRequest } from './server/errors.js';
import type { SpeakStats } from './synth/job.js';
import type { SpeakOptions, SynthPool } from './synth/pool.js';
import { prepareText, type Lexicon } from './text/index.js';
import type { Catalog, ResolvedVoice } from './voices/catalog.js';

export interface Services {
  config: Config;
  catalog: Catalog;
  pool: SynthPool;
  /** The pronunciation lexicon, loaded at start-up. */
  lexicon: Lexicon;
}

export interface Speech {
  contentType: string;
  voice: ResolvedVoice;
  chunks: string[];
  /** Encoded audio, in order; breaking out of the loop cancels synthesis. */
  audio: AsyncGenerator<Uint8Array>;
  /** Filled in as synthesis runs; complete once `audio` is exhausted. */
  stats: SpeakStats;
  /** Milliseconds from the call until the first audio bytes were ready. */
  firstByteMs: number;
}

// The first chunk gates time to first audio, so it is one short sentence; later chunks are
// batched because each engine call has a fixed start-up cost (flite: ~20 ms).
export const CHUNKING = { firstChars: 200, maxChars: 600 };

export async function createSpeech({ config, catalog, pool, lexicon }: Services, req: SpeechRequest, opts: SpeakOptions = {}): Promise<Speech> {
  const started = performance.now();
  const encoder = getEncoder(req.response_format);
  const availability = await encoder.available();
  if (availability !== true) throw badRequest(availability, 'response_format', 'unsupported_response_format');

  const chosen = catalog.resolve(req.model, req.voice);
  const voiceName = typeof req.voice === 'string' ? req.voice : req.voice.id;
  // OpenAI's voices speak whatever language they are given; a language-specific engine voice
  // (espeak's `de`, say) is a deliberate choice and is kept.
  const languageFixed = !(OPENAI_VOICES as readonly string[]).includes(voiceName) && catalog.engine(chosen.engine)?.languages === 'any';
  const text = prepareText(req.input, { ...CHUNKING, voiceLanguage: chosen.language, detect: config.detectLanguage && !languageFixed, lexicon });
  if (text.chunks.length === 0) throw badRequest('Input must contain some text to speak.', 'input', 'empty_input');
  const voice = catalog.voiceForLanguage(chosen, text.language);

  const stats: SpeakStats = { samples: 0, synthMs: 0 };
  const audio = pool.speak(
    { engine: voice.engine, voice: voice.voice, language: voice.language, chunks: text.chunks, speed: req.speed, format: req.response_format },
    stats,
    opts,
  );
  // Wait for the first bytes here, so that a failure before any audio exists is still a clean
  // error response rather than a truncated 200.
  let first: IteratorResult<Uint8Array>;
  try {
    first = await audio.next();
  } catch (err) {
    throw new ApiError(500, `Speech synthesis failed: ${(err as Error).message}`);
  }
  const firstByteMs = performance.now() - started;

  async function* all(): AsyncGenerator<Uint8Array> {
    try {
      if (!first.done) yield first.value;
      yield* audio;
    } finally {
      await audio.return(undefined);
    }
  }
  return { contentType: CONTENT_TYPES[req.response_format], voice, chunks: text.chunks, audio: all(), stats, firstByteMs };
}

/** Audio duration of what a job produced, in seconds. */
export const audioSeconds = (stats: SpeakStats) => stats.samples / OUTPUT_SAMPLE_RATE;

/**
 * Token counts for the SSE `usage` event. Local engines have no tokens, so these are honest
 * equivalents: about four characters per text token (as OpenAI's tokenizers average for English)
 * and one audio token per 25 ms of speech, close to the rate OpenAI's recordings show.
 */
export function usageFor(input: string, stats: SpeakStats) {
  const input_tokens = Math.max(1, Math.ceil([...input].length / 4));
  const output_tokens = Math.ceil(audioSeconds(stats) * 40);
  return { input_tokens, output_tokens, total_tokens: input_tokens + output_tokens };
}
