// The format registry: adding a format is one file plus one line here.
import type { ResponseFormat } from '../contract.js';
import type { EncoderDriver } from './types.js';
import mp3 from './mp3.js';
import opus from './opus.js';
import aac from './aac.js';
import flac from './flac.js';
import wav from './wav.js';
import pcm from './pcm.js';

export const ENCODERS: Record<ResponseFormat, EncoderDriver> = { mp3, opus, aac, flac, wav, pcm };

export function getEncoder(format: ResponseFormat): EncoderDriver {
  const driver = ENCODERS[format];
  if (!driver) throw new Error(`no encoder for format ${JSON.stringify(format)}`);
  return driver;
}

export type { Encoder, EncoderDriver, EncoderSettings } from './types.js';
