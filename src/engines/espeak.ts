// eSpeak NG compiled with emscripten: formant synthesis in about 100 languages. Robotic, but it
// speaks almost anything, so it is the fallback for text in languages no other engine covers.
import type { Engine, Voice } from './types.js';

interface EspeakWorker {
  set_voice(name: string): number;
  set_rate(wpm: number): void;
  synthesize(text: string, cb: (samples: Int16Array) => void): void;
  list_voices(): { name: string; identifier: string; languages: { name: string }[] }[];
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
    voices: () => voices,
    *synthesize(input) {
      // A failed set_voice silently keeps the previous voice, so failure must be checked here.
      if (worker.set_voice(input.voice) !== 0) throw new Error(`espeak-ng has no voice '${input.voice}'`);
      worker.set_rate(Math.round(DEFAULT_RATE * input.speed));
      const chunks: Int16Array[] = [];
      worker.synthesize(input.text, (samples) => { chunks.push(samples); });
      yield* chunks;
    },
  };
}
