// A voice style: what `instructions` ask of the voice, in units every engine can act on.
import type { StyleControls } from '../engines/types.js';

export interface Style {
  /** Speaking-rate factor (multiplies the request's `speed`). */
  rate: number;
  /** Mean pitch shift in semitones. */
  pitch: number;
  /** Pitch-range (intonation) factor: 0 is monotone, 1 the voice's own, 2 twice as lively. */
  pitchRange: number;
  /** Loudness change in dB. */
  loudness: number;
  /** Silence added after each sentence and after each comma, in milliseconds. */
  sentencePause: number;
  commaPause: number;
  whisper: boolean;
  /** Accent asked for, as a language tag (`en-GB`, `en-GB-scotland`, `en-AU`). */
  accent?: string;
}

export const NEUTRAL: Style = { rate: 1, pitch: 0, pitchRange: 1, loudness: 0, sentencePause: 0, commaPause: 0, whisper: false };

/** Limits that keep speech intelligible whatever the text asks for. */
export const LIMITS = { rate: [0.5, 2], pitch: [-12, 12], pitchRange: [0, 3], loudness: [-20, 12], pause: [0, 2000] } as const;

export const isNeutral = (s: Style) => formatStyle(s) === '';

/**
 * The `x-mynah-style` header value: only what differs from the voice's own style, e.g.
 * `rate=0.85; pitch=-2st; whisper`. Empty when nothing changed.
 */
export function formatStyle(s: Style): string {
  const parts: string[] = [];
  const round = (x: number, digits = 2) => +x.toFixed(digits);
  if (round(s.rate) !== 1) parts.push(`rate=${round(s.rate)}`);
  if (round(s.pitch, 1) !== 0) parts.push(`pitch=${round(s.pitch, 1) > 0 ? '+' : ''}${round(s.pitch, 1)}st`);
  if (round(s.pitchRange) !== 1) parts.push(`range=${round(s.pitchRange)}`);
  if (round(s.loudness, 1) !== 0) parts.push(`loudness=${round(s.loudness, 1) > 0 ? '+' : ''}${round(s.loudness, 1)}dB`);
  if (Math.round(s.sentencePause) > 0) parts.push(`pause=${Math.round(s.sentencePause)}ms`);
  if (Math.round(s.commaPause) > 0) parts.push(`comma-pause=${Math.round(s.commaPause)}ms`);
  if (s.whisper) parts.push('whisper');
  if (s.accent) parts.push(`accent=${s.accent}`);
  return parts.join('; ');
}

/**
 * The part of a style a given engine can honour: pitch, loudness, pauses, whisper and rate every
 * engine gets (natively or by DSP), but intonation range only where the engine controls it.
 * `accentApplied` says whether a voice variant for the accent was found.
 */
export function appliedStyle(s: Style, controls: StyleControls | undefined, accentApplied: boolean): Style {
  return { ...s, pitchRange: controls?.pitchRange ? s.pitchRange : 1, accent: accentApplied ? s.accent : undefined };
}
