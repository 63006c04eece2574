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
