// How a job's style becomes engine inputs and DSP stages; synth/pipeline.ts calls this. What an
// engine controls itself (styleControls) it gets in SynthesisInput.style; the rest is DSP: pitch
// shift with Sonic, whisper by LPC resynthesis, loudness by gain, pauses as silence between pieces.
import { MAX_SPEED, MIN_SPEED } from '../contract.js';
import type { StyleControls, StyleInput } from '../engines/types.js';
import { createGain } from '../audio/gain.js';
import type { StreamProcessor } from '../audio/resample.js';
import { createWhisper } from '../audio/whisper.js';
import { NEUTRAL, type Style } from './style.js';

export interface StylePlan {
  /** The request's speed times the style's rate, within OpenAI's 0.25-4. */
  speed: number;
  /** What the engine applies itself, or undefined when the style asks nothing of it. */
  engine?: StyleInput;
  /** Pitch factor left to Sonic (1: none). */
  pitch: number;
  /** Stages after resampling and time-stretch, at `sampleRate`. */
  post(sampleRate: number): StreamProcessor[];
  /** A chunk's text as pieces spoken separately, each with the silence (ms) that goes before it. */
  pieces(text: string): { text: string; pauseMs: number }[];
  /** Silence (ms) before every chunk but the first. */
  chunkPauseMs: number;
}

export function planStyle(style: Style | undefined, speed: number, controls: StyleControls = {}): StylePlan {
  const s = style ?? NEUTRAL;
  const styled = s.pitch !== 0 || s.pitchRange !== 1 || s.whisper;
  return {
    speed: Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed * s.rate)),
    engine: styled ? { pitch: controls.pitch ? s.pitch : 0, pitchRange: controls.pitchRange ? s.pitchRange : 1, whisper: !!controls.whisper && s.whisper } : undefined,
    pitch: controls.pitch ? 1 : 2 ** (s.pitch / 12),
    post(sampleRate) {
      const stages: StreamProcessor[] = [];
      if (s.whisper && !controls.whisper) stages.push(createWhisper(sampleRate));
      if (s.loudness !== 0) stages.push(createGain(s.loudness));
      return stages;
    },
    pieces: (text) => splitForPauses(text, s.sentencePause, s.commaPause),
    chunkPauseMs: s.sentencePause,
  };
}

/** Splits after sentence ends (and commas) where a pause is asked for there. */
export function splitForPauses(text: string, sentenceMs: number, commaMs: number): { text: string; pauseMs: number }[] {
  if (!(sentenceMs > 0) && !(commaMs > 0)) return [{ text, pauseMs: 0 }];
  const out: { text: string; pauseMs: number }[] = [];
  let pause = 0;
  for (const sentence of sentenceMs > 0 ? text.split(/(?<=[.!?…。！？])\s+/u) : [text]) {
    const clauses = commaMs > 0 ? sentence.split(/(?<=[,;:，、])\s+/u) : [sentence];
    clauses.forEach((clause, i) => {
      if (!clause.trim()) return;
      out.push({ text: clause, pauseMs: out.length ? (i === 0 ? pause : commaMs) : 0 });
    });
    pause = sentenceMs;
  }
  return out.length ? out : [{ text, pauseMs: 0 }];
}

/** Runs PCM through stages in order; flush() drains each stage into the next. */
export function chain(stages: StreamProcessor[]): StreamProcessor {
  return {
    process: (pcm) => stages.reduce((x, st) => st.process(x), pcm),
    flush() {
      let out: Int16Array = new Int16Array(0);
      for (const [i, st] of stages.entries()) {
        const tail = stages.slice(i + 1).reduce((x, next) => next.process(x), st.flush());
        out = join(out, tail);
      }
      return out;
    },
    close: () => stages.forEach((st) => st.close()),
  };
}

const join = (a: Int16Array, b: Int16Array) => {
  if (!a.length) return b;
  const out = new Int16Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

export const silence = (ms: number, sampleRate: number) => new Int16Array(Math.round((ms / 1000) * sampleRate));
