// eSpeak NG compiled with emscripten: formant synthesis in about 100 languages. Robotic, but it
// speaks almost anything, so it is the fallback for text in languages no other engine covers.
import type { Engine, StyleInput, Voice } from './types.js';

interface EspeakWorker {
  set_voice(name: string): number;
  set_rate(wpm: number): void;
  set_pitch(value: number): void;
  set_range(value: number): void;
  synthesize(text: string, cb: (samples: Int16Array) => void): void;
  list_voices(): { name: string; identifier: string; languages: { name: string }[] }[];
}

/**
 * eSpeak NG's voice variants (espeak-ng-data/voices/!v, as this package ships them; `Mr serious`
 * left out for its space). A variant that does not exist is not an error to espeak-ng: set_voice
 * returns 0 and some names send it into an endless loop, so only these are accepted.
 */
export const ESPEAK_VARIANTS: readonly string[] = [
  'Alex', 'Alicia', 'Andrea', 'Andy', 'Annie', 'AnxiousAndy', 'Demonic', 'Denis', 'Diogo', 'Gene', 'Gene2', 'Henrique',
  'Hugo', 'Jacky', 'Lee', 'Marco', 'Mario', 'Michael', 'Mike', 'Nguyen', 'Reed', 'RicishayMax', 'RicishayMax2',
  'RicishayMax3', 'Storm', 'Tweaky', 'UniRobot', 'adam', 'anika', 'anikaRobot', 'announcer', 'antonio', 'aunty',
  'belinda', 'benjamin', 'boris', 'caleb', 'croak', 'david', 'ed', 'edward', 'edward2', 'f1', 'f2', 'f3', 'f4', 'f5',
  'fast', 'grandma', 'grandpa', 'gustave', 'ian', 'iven', 'iven2', 'iven3', 'iven4', 'john', 'kaukovalta', 'klatt',
  'klatt2', 'klatt3', 'klatt4', 'klatt5', 'klatt6', 'linda', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'marcelo',
  'max', 'michel', 'miguel', 'mike2', 'norbert', 'pablo', 'paul', 'pedro', 'quincy', 'rob', 'robert', 'robosoft',
  'robosoft2', 'robosoft3', 'robosoft4', 'robosoft5', 'robosoft6', 'robosoft7', 'robosoft8', 'sandro', 'shelby',
  'steph', 'steph2', 'steph3', 'travis', 'victor', 'whisper', 'whisperf', 'zac',
];
const VARIANTS = new Map(ESPEAK_VARIANTS.map((v) => [v.toLowerCase(), v]));
/** Longest voice name this engine has (`en-gb-x-gbclan` and the like) with room to spare. */
const MAX_VOICE_CHARS = 40;

/**
 * Splits `voice+variant` and checks the variant exists; returns the id with the variant's own
 * spelling (`en+F3` -> `en+f3`), or undefined when the variant is unknown or the id too long.
 */
export function espeakVoiceId(id: string): string | undefined {
  const plus = id.indexOf('+');
  const base = plus < 0 ? id : id.slice(0, plus);
  if (!base || base.length > MAX_VOICE_CHARS || !/^[a-z0-9-]+$/i.test(base)) return undefined;
  if (plus < 0) return id;
  const variant = VARIANTS.get(id.slice(plus + 1).toLowerCase());
  return variant ? `${base}+${variant}` : undefined;
}

// eSpeak NG's own default (espeakRATE_NORMAL, the CLI's `-s`); no English voice or variant sets a
// `speed` of its own, so speed 1 is the engine's pace. This build speaks ~4 % faster than Debian's
// espeak-ng 1.51 at the same rate (BENCHMARKS.md, "Voices"): a version difference, not a setting.
const DEFAULT_RATE = 175; // words per minute at speed 1
const MIN_RATE = 80;
const MAX_RATE = 450;

export async function createEngine(): Promise<Engine> {
  const { default: init } = await import('@echogarden/espeak-ng-emscripten');
  const module = await init();
  const worker: EspeakWorker = new module.eSpeakNGWorker();
  // set_voice() takes the voice file's name (`gmw/en-GB-scotland` -> `en-gb-scotland`), which is
  // not always the language it speaks (`en` speaks `en-gb`).
  const voices: Voice[] = worker.list_voices().map((v) => ({
    id: v.identifier.split('/').pop()!.toLowerCase(),
    name: v.name,
    language: v.languages[0]?.name ?? v.identifier,
  }));

  return {
    name: 'espeak',
    sampleRate: 22050,
    speedRange: [MIN_RATE / DEFAULT_RATE, MAX_RATE / DEFAULT_RATE],
    languages: 'any',
    styleControls: { pitch: true, pitchRange: true, whisper: true },
    voices: () => voices,
    *synthesize(input) {
      // An unknown variant can loop forever inside espeak-ng; the catalog refuses them first, and
      // this is the engine's own guard for any other caller.
      if (espeakVoiceId(input.voice) === undefined) throw new Error('espeak-ng has no such voice or variant');
      const voice = input.style?.whisper ? whisperVariant(input.voice) : input.voice;
      // A failed set_voice silently keeps the previous voice, so failure must be checked here.
      if (worker.set_voice(voice) !== 0) throw new Error(`espeak-ng has no voice '${input.voice}'`);
      worker.set_rate(Math.round(DEFAULT_RATE * input.speed));
      // Pitch and range persist in the worker between calls, so every call sets them.
      const { pitch, range } = styleParameters(input.style);
      worker.set_pitch(pitch);
      worker.set_range(range);
      const chunks: Int16Array[] = [];
      worker.synthesize(input.text, (samples) => { chunks.push(samples); });
      yield* chunks;
    },
  };
}

/**
 * eSpeak's pitch (0-100, 50 the voice's own) is about 7 semitones down at 0 and 8.5 up at 100
 * (measured with aubiopitch on en-us+m3 and +f3); range (0-100) scales the intonation.
 */
export function styleParameters(style?: StyleInput): { pitch: number; range: number } {
  if (!style) return { pitch: 50, range: 50 };
  const st = style.pitch;
  const pitch = Math.round(Math.min(100, Math.max(0, 50 + st * (st < 0 ? 7 : 5.8))));
  return { pitch, range: Math.round(Math.min(100, Math.max(0, 50 * style.pitchRange))) };
}

/** eSpeak's own whisper variants, keeping the speaker's gender: `en-us+f3` -> `en-us+whisperf`. */
export function whisperVariant(voice: string): string {
  const [base, variant = ''] = voice.split('+');
  return `${base}+${/^f\d|female|whisperf/.test(variant) ? 'whisperf' : 'whisper'}`;
}
