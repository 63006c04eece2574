// A request's `instructions` as the style its job is spoken with (see speech.ts).
import type { EngineInfo } from '../synth/job.js';
import type { ResolvedVoice } from '../voices/catalog.js';
import { accentVoice } from './accent.js';
import { readInstructions } from './read.js';
import { appliedStyle, formatStyle, isNeutral, type Style } from './style.js';

/** OpenAI: instructions "do not work with tts-1 or tts-1-hd"; they are ignored there unless allowed. */
export const honoursInstructions = (model: string, anyModel: boolean) => anyModel || !/^tts-1(-hd)?(-\d+)?$/.test(model);

export interface StyledVoice {
  voice: ResolvedVoice;
  /** The style the job is spoken with; undefined when nothing changes. */
  style?: Style;
  /** `x-mynah-style`: what was applied, e.g. `rate=0.85; pitch=-2st; whisper`; '' for nothing. */
  header: string;
}

export function styleVoice(instructions: string | undefined, model: string, anyModel: boolean, voice: ResolvedVoice, engine: EngineInfo | undefined): StyledVoice {
  if (!instructions || !honoursInstructions(model, anyModel)) return { voice, header: '' };
  const read = readInstructions(instructions);
  if (isNeutral(read)) return { voice, header: '' };
  const accented = accentVoice(voice, engine, read.accent);
  const style = appliedStyle(read, engine?.styleControls, !!accented);
  return { voice: accented ? { ...voice, voice: accented } : voice, style, header: formatStyle(style) };
}
