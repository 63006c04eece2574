// Kokoro voice blends, written as Kokoro-FastAPI accepts them: `af_bella+af_sky` mixes two
// speakers equally, `af_bella(2)+af_sky(1)` by weight. The mix is a weighted mean of the
// speakers' style vectors (see engines/sherpa.ts).

export interface BlendPart { voice: string; weight: number }

const PART = /^([A-Za-z0-9_-]+)(?:\((\d+(?:\.\d+)?)\))?$/;

export const isBlend = (id: string) => id.includes('+') || id.includes('(');

/** Parses a blend and checks every part against the speakers the model has; throws a plain message. */
export function parseBlend(id: string, speakers?: string[]): BlendPart[] {
  const parts = id.split('+').map((p) => p.trim());
  const out: BlendPart[] = [];
  for (const part of parts) {
    const m = part.match(PART);
    if (!m) throw new Error(`'${part}' is not a voice or voice(weight)`);
    const weight = m[2] === undefined ? 1 : Number(m[2]);
    if (!(weight > 0)) throw new Error(`the weight of '${m[1]}' must be above 0`);
    if (speakers && !speakers.includes(m[1])) throw new Error(`the model has no voice '${m[1]}'`);
    out.push({ voice: m[1], weight });
  }
  return out;
}
