// The alias table: how OpenAI's model and voice names land on the engines this machine has.
// Every entry can be overridden from a config file (see config/index.ts and README).

/** For each OpenAI model id, engines to try in order; the first one installed wins. */
export const MODEL_ALIASES: Record<string, string[]> = {
  'tts-1': ['piper', 'kokoro', 'flite'],
  'tts-1-hd': ['kokoro', 'piper', 'flite'],
  'gpt-4o-mini-tts': ['kokoro', 'piper', 'flite'],
  'gpt-4o-mini-tts-2025-12-15': ['kokoro', 'piper', 'flite'],
};

/**
 * For each engine, the engine voice behind each of OpenAI's 13 voice names. flite has five
 * speakers, so some names share a speaker at a different pitch (`voice@Hz`, the mean f0 target)
 * to stay distinct; every pitch here was checked with a speech recogniser not to cost clarity
 * (BENCHMARKS.md, "Voices"): slt stays clear up to 220 Hz and smears by 240, and rms keeps its own
 * pitch model (a target does nothing), so it appears once. Female names (nova, shimmer, coral,
 * sage, marin) are slt; onyx is the deep one, kal16 lowered (the 8 kHz `kal` is too muffled);
 * fable is awb, the British (Scottish) speaker. alloy, the voice most clients default to, is
 * kal16 as flite ships it: the fastest flite voice.
 */
export const OPENAI_VOICE_MAP: Record<string, Record<string, string>> = {
  flite: {
    alloy: 'kal16',
    ash: 'rms',
    ballad: 'awb@118',
    coral: 'slt@205',
    echo: 'kal16@110',
    fable: 'awb',
    onyx: 'kal16@80',
    nova: 'slt@190',
    sage: 'slt@160',
    shimmer: 'slt@220',
    verse: 'kal16@125',
    marin: 'slt',
    cedar: 'awb@105',
  },
  espeak: {
    alloy: 'en-us+f2',
    ash: 'en-us+m1',
    ballad: 'en-gb-scotland+m3',
    coral: 'en-us+f3',
    echo: 'en-us+m3',
    fable: 'en-gb-x-rp+m2',
    onyx: 'en-us+m7',
    nova: 'en-us+f4',
    sage: 'en-us+f1',
    shimmer: 'en-us+f5',
    verse: 'en-us+m5',
    marin: 'en+f1',
    cedar: 'en-us+m6',
  },
};

/**
 * Model families (any installed model of the family) take the same table: Kokoro's speakers are
 * named by language and gender (`af_` American female, `bm_` British male). A name the installed
 * Kokoro lacks falls back to dealing the 13 names out over its speakers.
 */
OPENAI_VOICE_MAP.kokoro = {
  alloy: 'af_alloy',
  ash: 'am_adam',
  ballad: 'bm_george',
  coral: 'af_heart',
  echo: 'am_echo',
  fable: 'bm_fable',
  onyx: 'am_onyx',
  nova: 'af_nova',
  sage: 'af_sarah',
  shimmer: 'af_sky',
  verse: 'am_puck',
  marin: 'af_river',
  cedar: 'am_michael',
};

/** The engine that speaks any language the chosen engine cannot (and its voice ids are languages). */
export const FALLBACK_ENGINE = 'espeak';

/**
 * Models whose speakers the family table above mostly misses get their own table (a table keyed by
 * a model id wins over its family's), so each OpenAI name lands on a real speaker of matching
 * gender where the model has one. Kokoro v0.19 has 11 speakers (its `af` is American female);
 * v1.1-zh has 3 English speakers (all female) and 100 Chinese ones, so male names go to Chinese male
 * speakers, who read English through the same lexicon. Kitten nano's 8 are `expr-voice-N-f|m`.
 * OpenAI's ash, ballad, echo, fable, onyx, verse and cedar are male voices; the rest female.
 */
OPENAI_VOICE_MAP['kokoro-en-v0_19'] = {
  alloy: 'af', ash: 'am_adam', ballad: 'bm_george', coral: 'af_bella', echo: 'am_michael', fable: 'bm_lewis', onyx: 'am_michael',
  nova: 'af_nicole', sage: 'af_sarah', shimmer: 'af_sky', verse: 'am_adam', marin: 'bf_isabella', cedar: 'am_michael',
};
OPENAI_VOICE_MAP['kokoro-multi-lang-v1_1'] = {
  alloy: 'af_maple', ash: 'zm_009', ballad: 'zm_010', coral: 'af_sol', echo: 'zm_011', fable: 'zm_015', onyx: 'zm_012',
  nova: 'zf_001', sage: 'zf_002', shimmer: 'bf_vale', verse: 'zm_013', marin: 'zf_004', cedar: 'zm_014',
};
OPENAI_VOICE_MAP.kitten = {
  alloy: 'expr-voice-2-f', ash: 'expr-voice-2-m', ballad: 'expr-voice-3-m', coral: 'expr-voice-3-f', echo: 'expr-voice-4-m',
  fable: 'expr-voice-3-m', onyx: 'expr-voice-5-m', nova: 'expr-voice-5-f', sage: 'expr-voice-4-f', shimmer: 'expr-voice-3-f',
  verse: 'expr-voice-4-m', marin: 'expr-voice-2-f', cedar: 'expr-voice-5-m',
};
