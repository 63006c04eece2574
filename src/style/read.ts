// Reads free-text `instructions` ("Speak slowly, in a deep and very calm voice.") into a Style.
// Pure and table-driven: each language's words live in lexicon-<lang>.ts; phrasing the tables do
// not know changes nothing. Effects of every phrase found are summed (factors as logarithms), with
// an intensifier just before a phrase scaling it (`very`, `slightly`) and a negation up to three
// words before it reversing half of it (`not too fast` is a little slow, not fast).
import { NEUTRAL, LIMITS, type Style } from './style.js';
import type { Effect, Lexicon } from './lexicon.js';
import { EN } from './lexicon-en.js';
import { DE } from './lexicon-de.js';
import { FR } from './lexicon-fr.js';
import { ES } from './lexicon-es.js';
import { VI } from './lexicon-vi.js';

export const LEXICONS: Lexicon[] = [EN, DE, FR, ES, VI];

/** How much of an effect a negated phrase keeps, reversed. */
const NEGATED = -0.5;
const NEGATION_REACH = 3;

interface Phrase { words: string[]; prefix: boolean; effect: Effect }

function compile(lexicons: Lexicon[]) {
  const byFirst = new Map<string, Phrase[]>();
  const prefixed: Phrase[] = [];
  const seen = new Set<string>();
  for (const lex of lexicons) {
    for (const [key, effect] of Object.entries(lex.words)) {
      // The first table to define a phrase owns it (English `grave` is serious, not deep).
      if (seen.has(key)) continue;
      seen.add(key);
      const prefix = key.endsWith('*');
      const phrase = { words: tokens(prefix ? key.slice(0, -1) : key), prefix, effect };
      if (prefix && phrase.words.length === 1) prefixed.push(phrase);
      else byFirst.set(phrase.words[0], [...(byFirst.get(phrase.words[0]) ?? []), phrase]);
    }
  }
  // Longest phrase first, so `dramatic pauses` wins over `dramatic`.
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  const intensifiers = new Map<string, number>();
  for (const lex of lexicons) for (const [w, k] of Object.entries(lex.intensifiers)) if (!intensifiers.has(w)) intensifiers.set(w, k);
  const negators = new Set(lexicons.flatMap((lex) => lex.negators));
  return { byFirst, prefixed, intensifiers, negators };
}

const TABLES = compile(LEXICONS);

/** Lower-case words; hyphens and apostrophe-less forms count as spaces (`high-pitched`). */
function tokens(text: string): string[] {
  return text.normalize('NFC').toLowerCase().replace(/[’‘]/g, "'").match(/[\p{L}\p{M}\p{N}']+/gu) ?? [];
}

function matchAt(words: string[], at: number): Phrase | undefined {
  const w = words[at];
  for (const p of TABLES.byFirst.get(w) ?? []) {
    if (p.words.every((x, i) => (p.prefix && i === p.words.length - 1 ? words[at + i]?.startsWith(x) : words[at + i] === x))) return p;
  }
  for (const p of TABLES.prefixed) if (w.startsWith(p.words[0])) return p;
  return undefined;
}

export function readInstructions(text: string | undefined | null): Style {
  if (!text) return { ...NEUTRAL };
  // Each effect counts once, at its strongest: "cheerful and positive" is one cheerful voice.
  const found = new Map<Effect, number>();
  let whisper = false;
  let accent: string | undefined;
  // Negation and intensity reach within a clause only: "not fast, but cheerful".
  for (const clause of text.split(/[.,;:!?\n()"]+|\bbut\b|\baber\b|\bmais\b|\bpero\b|\bnhưng\b/iu)) {
    const words = tokens(clause);
    for (let at = 0; at < words.length; ) {
      const phrase = matchAt(words, at);
      if (!phrase) { at++; continue; }
      let scale = 1;
      const before = words.slice(Math.max(0, at - NEGATION_REACH), at);
      const intensity = TABLES.intensifiers.get(words[at - 1]) ?? TABLES.intensifiers.get(words[at - 2] ?? '');
      if (intensity !== undefined && !TABLES.negators.has(words[at - 1])) scale *= intensity;
      const negated = before.some((w) => TABLES.negators.has(w));
      if (negated) scale *= NEGATED;
      const e = phrase.effect;
      if (Math.abs(scale) > Math.abs(found.get(e) ?? 0)) found.set(e, scale);
      if (e.whisper && !negated) whisper = true;
      if (e.accent && !negated) accent = e.accent;
      at += phrase.words.length;
    }
  }
  const sum = { rate: 0, pitch: 0, range: 0, loudness: 0, sentencePause: 0, commaPause: 0 };
  for (const [e, scale] of found) {
    if (e.rate) sum.rate += Math.log2(e.rate) * scale;
    if (e.range) sum.range += Math.log2(e.range) * scale;
    sum.pitch += (e.pitch ?? 0) * scale;
    sum.loudness += (e.loudness ?? 0) * scale;
    sum.sentencePause += (e.sentencePause ?? 0) * scale;
    sum.commaPause += (e.commaPause ?? 0) * scale;
  }
  const clamp = (x: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, x));
  return {
    rate: clamp(2 ** sum.rate, LIMITS.rate),
    pitch: clamp(sum.pitch, LIMITS.pitch),
    pitchRange: clamp(2 ** sum.range, LIMITS.pitchRange),
    loudness: clamp(sum.loudness, LIMITS.loudness),
    sentencePause: clamp(sum.sentencePause, LIMITS.pause),
    commaPause: clamp(sum.commaPause, LIMITS.pause),
    whisper,
    ...(accent ? { accent } : {}),
  };
}
