// Neural voices through sherpa-onnx (k2-fsa): one engine per model installed in the store
// (Kokoro, Kitten, Piper and other VITS voices, Matcha). sherpa-onnx-node is a native addon that
// works inside worker_threads; its generateAsync runs inference off the JS thread and reports each
// sentence through onProgress, so audio streams sentence by sentence and a cancelled request stops
// at the next sentence (onProgress returns 0).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine, SynthesisInput } from './types.js';
import type { InstalledModel } from '../models/store.js';
import { isBlend, parseBlend } from '../voices/blend.js';

interface GeneratedAudio { samples: Float32Array; sampleRate: number }
interface OfflineTts {
  sampleRate: number;
  numSpeakers: number;
  generateAsync(req: { text: string; sid: number; speed: number; onProgress?: (info: { samples: Float32Array; progress: number }) => number }): Promise<GeneratedAudio>;
}
interface Sherpa { OfflineTts: { createAsync(config: object): Promise<OfflineTts> } }

let sherpa: Sherpa | undefined;
const load = () => (sherpa ??= createRequire(import.meta.url)('sherpa-onnx-node') as Sherpa);

export interface SherpaOptions { threads: number }

/** Speeds the models are trained to handle well; beyond these the pipeline time-stretches. */
const SPEED_RANGE: [number, number] = [0.5, 2];
/** Blended Kokoro voices kept loaded per worker (each is a second session of the model). */
const BLEND_CACHE = 4;

function ttsConfig(m: InstalledModel, threads: number, voicesBin = m.voicesBin) {
  const common = { tokens: m.tokens, dataDir: m.dataDir ?? '', lexicon: m.lexicons.join(',') };
  const model = m.family === 'kokoro' ? { kokoro: { model: m.model, voices: voicesBin, ...common, ...(m.dictDir ? { dictDir: m.dictDir } : {}) } }
    : m.family === 'kitten' ? { kitten: { model: m.model, voices: voicesBin, tokens: m.tokens, dataDir: m.dataDir ?? '' } }
    : m.family === 'matcha' ? { matcha: { acousticModel: m.model, vocoder: m.vocoder, ...common } }
    : { vits: { model: m.model, ...common } };
  return { model: { ...model, numThreads: threads, provider: 'cpu', debug: 0 }, maxNumSentences: 1 };
}

export async function createSherpaEngine(m: InstalledModel, { threads }: SherpaOptions): Promise<Engine> {
  const { OfflineTts } = load();
  const tts = await OfflineTts.createAsync(ttsConfig(m, threads));
  const speakerIds = m.speakers.map((s) => s.id);
  const blends = new Map<string, Promise<OfflineTts>>();

  /** A blend is a style vector mixed from the model's own; sherpa takes it as a voices.bin whose row 0 is the mix. */
  async function blended(voice: string): Promise<OfflineTts> {
    let found = blends.get(voice);
    if (!found) {
      found = (async () => {
        const parts = parseBlend(voice, speakerIds);
        const table = new Float32Array(new Uint8Array(await readFile(m.voicesBin!)).buffer);
        const row = table.length / speakerIds.length;
        const total = parts.reduce((sum, p) => sum + p.weight, 0);
        const mix = new Float32Array(table);
        mix.fill(0, 0, row);
        for (const p of parts) {
          const at = speakerIds.indexOf(p.voice) * row;
          for (let i = 0; i < row; i++) mix[i] += (table[at + i] * p.weight) / total;
        }
        const file = join(await mkdtemp(join(tmpdir(), 'mynah-blend-')), 'voices.bin');
        await writeFile(file, new Uint8Array(mix.buffer));
        return OfflineTts.createAsync(ttsConfig(m, threads, file));
      })();
      blends.set(voice, found);
      found.catch(() => blends.delete(voice));
      if (blends.size > BLEND_CACHE) blends.delete(blends.keys().next().value!);
    }
    return found;
  }

  async function* synthesize(input: SynthesisInput): AsyncGenerator<Int16Array> {
    let engine = tts;
    let sid = speakerIds.indexOf(input.voice);
    if (sid < 0 && m.voicesBin && isBlend(input.voice)) { engine = await blended(input.voice); sid = 0; }
    if (sid < 0) throw new Error(`${m.id} has no voice '${input.voice}'`);
    const queue: Int16Array[] = [];
    let stopped = false, done = false, failure: unknown;
    let wake: (() => void) | undefined;
    engine.generateAsync({
      text: input.text, sid, speed: input.speed,
      onProgress: ({ samples }) => {
        if (stopped || input.signal?.aborted) return 0;
        queue.push(toPcm16(samples));
        wake?.();
        return 1;
      },
    }).catch((err) => { failure = err; }).finally(() => { done = true; wake?.(); });
    try {
      for (;;) {
        if (queue.length) { yield queue.shift()!; continue; }
        if (failure) throw failure;
        if (done) return;
        await new Promise<void>((resolve) => { wake = resolve; });
        wake = undefined;
      }
    } finally {
      stopped = true;
    }
  }

  return {
    name: m.id,
    family: m.family,
    blends: m.family === 'kokoro',
    sampleRate: tts.sampleRate,
    speedRange: SPEED_RANGE,
    languages: m.languages,
    voices: () => m.speakers,
    synthesize,
  };
}

function toPcm16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32767)));
  return out;
}

/** One engine factory per model in the store, registered under the model's folder name. */
export async function storeEngines(root: string, options: SherpaOptions): Promise<Record<string, () => Promise<Engine>>> {
  const { scanStore } = await import('../models/store.js');
  const { models } = await scanStore(root);
  return Object.fromEntries(models.map((m) => [m.id, () => createSherpaEngine(m, options)]));
}
