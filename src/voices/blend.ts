// Kokoro voice blends, written as Kokoro-FastAPI accepts them: `af_bella+af_sky` mixes two
// speakers equally, `af_bella(2)+af_sky(1)` by weight. The mix is a weighted mean of the
// speakers' style vectors (see engines/sherpa.ts).

export interface BlendPart { voice: string; weight: number }

const PART = /^([A-Za-z0-9_-]{1,64})(?:\((\d{1,6}(?:\.\d{1,6})?)\))?$/;

/** A blend mixes at most this many speakers. */
export const MAX_BLEND_PARTS = 4;
/** Shares are rounded to this step (1/20), so `a(1)+b(1)`, `a(3)+b(3)` and `a(0.5001)+b(0.5)` are one blend. */
const STEP = 20;

export const isBlend = (id: string) => id.includes('+') || id.includes('(');

/** Parses a blend and checks every part against the speakers the model has; throws a plain message. */
export function parseBlend(id: string, speakers?: string[]): BlendPart[] {
  const parts = id.split('+').map((p) => p.trim());
  if (parts.length > MAX_BLEND_PARTS) throw new Error(`a blend mixes at most ${MAX_BLEND_PARTS} voices`);
  const out: BlendPart[] = [];
  for (const part of parts) {
    const m = part.match(PART);
    if (!m) throw new Error(`'${part.slice(0, 80)}' is not a voice or voice(weight)`);
    const weight = m[2] === undefined ? 1 : Number(m[2]);
    if (!(weight > 0)) throw new Error(`the weight of '${m[1]}' must be above 0`);
    if (speakers && !speakers.includes(m[1])) throw new Error(`the model has no voice '${m[1]}'`);
    out.push({ voice: m[1], weight });
  }
  return out;
}

/**
 * The one canonical form of a blend: repeated voices merged, weights turned into shares of 1
 * rounded to 1/20, parts that round to nothing dropped, sorted by voice. Two requests that mean
 * the same mix share one key, and so one loaded session; the number of distinct keys is bounded.
 */
export function normalizeBlend(parts: BlendPart[]): BlendPart[] {
  const merged = new Map<string, number>();
  for (const p of parts) merged.set(p.voice, (merged.get(p.voice) ?? 0) + p.weight);
  const total = [...merged.values()].reduce((a, b) => a + b, 0);
  const shares = [...merged].map(([voice, w]) => ({ voice, weight: Math.round((w / total) * STEP) / STEP })).filter((p) => p.weight > 0);
  if (shares.length === 0) throw new Error('every part of the blend rounds to nothing');
  return shares.sort((a, b) => a.voice.localeCompare(b.voice));
}

export const blendKey = (parts: BlendPart[]) => parts.map((p) => `${p.voice}(${p.weight})`).join('+');
