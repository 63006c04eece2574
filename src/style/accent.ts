// Accent: a variant of the same voice where the engine has one, keeping the speaker's gender.
import type { EngineInfo } from '../synth/job.js';
import type { ResolvedVoice } from '../voices/catalog.js';

/** eSpeak NG's English voice files by accent; its variant suffix (`+f3`) carries over. */
const ESPEAK: Record<string, string> = {
  'en-GB': 'en-gb-x-rp', 'en-GB-scotland': 'en-gb-scotland', 'en-US': 'en-us', 'en-029': 'en-029',
};
/** flite has one British voice, awb (a Scottish man). */
const FLITE: Record<string, string> = { 'en-GB': 'awb', 'en-GB-scotland': 'awb' };
/** Kokoro names speakers by accent and gender: `bf_` British female, `am_` American male. */
const KOKORO: Record<string, string> = { 'en-GB': 'b', 'en-GB-scotland': 'b', 'en-US': 'a' };

/** The voice id that speaks with `accent`, or undefined when the engine has no such variant. */
export function accentVoice(voice: ResolvedVoice, engine: EngineInfo | undefined, accent: string | undefined): string | undefined {
  if (!accent || !engine || voice.language !== 'en') return undefined;
  const has = (id: string) => engine.voices.some((v) => v.id === id);
  if (engine.name === 'espeak') {
    const target = ESPEAK[accent];
    const [base, variant] = voice.voice.split('+');
    if (!target || !has(target) || base === target) return undefined;
    return variant ? `${target}+${variant}` : target;
  }
  if (engine.name === 'flite') {
    const [base, pitch] = voice.voice.split('@');
    const target = FLITE[accent];
    if (!target || base === target || voice.gender !== 'male') return undefined;
    return pitch ? `${target}@${pitch}` : target;
  }
  if (engine.family === 'kokoro') {
    const prefix = KOKORO[accent];
    const gender = voice.gender === 'female' ? 'f' : voice.gender === 'male' ? 'm' : voice.voice[1];
    if (!prefix || voice.voice.startsWith(`${prefix}${gender}_`)) return undefined;
    return engine.voices.find((v) => v.id.startsWith(`${prefix}${gender}_`))?.id;
  }
  return undefined;
}
