// Neural voices through sherpa-onnx (k2-fsa): one engine per model installed in the store
// (Kokoro, Kitten, Piper and other VITS voices, Matcha). sherpa-onnx-node is a native addon that
// works inside worker_threads; its generateAsync runs inference off the JS thread (on libuv's
// pool: see cli/threadpool.ts) and reports each sentence through onProgress, so audio streams
// sentence by sentence and a cancelled request stops at the next sentence (onProgress returns 0).
// The engine is described from the model's metadata alone; the session (hundreds of MB) is
// created on the first request that needs it, so a worker only holds the models it has used.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Engine, SynthesisInput } from './types.js';
import { ESPEAK_LANG, type InstalledModel } from '../models/store.js';
import { blendKey, isBlend, normalizeBlend, parseBlend } from '../voices/blend.js';

interface GeneratedAudio { samples: Float32Array; sampleRate: number }
interface GenerationRequest {
  text: string; sid: number; speed: number;
  generationConfig?: { sid: number; speed: number; extra?: Record<string, string> };
  onProgress?: (info: { samples: Float32Array; progress: number }) => number;
}
interface OfflineTts { sampleRate: number; numSpeakers: number; generateAsync(req: GenerationRequest): Promise<GeneratedAudio> }
interface Sherpa { OfflineTts: { createAsync(config: object): Promise<OfflineTts> } }

let sherpa: Sherpa | undefined;
const load = () => (sherpa ??= createRequire(import.meta.url)('sherpa-onnx-node') as Sherpa);

export interface SherpaOptions {
  threads: number;
  /** Blended voices kept loaded (least recently used dropped); 0 turns blends off. */
  blendSessions?: number;
}

/** Speeds the models are trained to handle well; beyond these the pipeline time-stretches. */
const SPEED_RANGE: [number, number] = [0.5, 2];
/**
 * Blended Kokoro voices kept loaded per worker by default. Each is a whole second session of the
 * model (~370 MB for Kokoro v1.0): sherpa-onnx reads style vectors only from a voices.bin at load
 * time, so there is no way to mix them per request. The default worker count counts them.
 */
export const BLEND_SESSIONS = 2;

/** A session's memory is native; dropping the last reference frees it only when V8 collects the wrapper. */
let collect: (() => void) | undefined;
function collectGarbage() {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}

export function ttsConfig(m: InstalledModel, threads: number, voicesBin = m.voicesBin) {
  const common = { tokens: m.tokens, dataDir: m.dataDir ?? '', lexicon: m.lexicons.join(',') };
  const model = m.family === 'kokoro' ? { kokoro: { model: m.model, voices: voicesBin, ...common } }
    : m.family === 'kitten' ? { kitten: { model: m.model, voices: voicesBin, tokens: m.tokens, dataDir: m.dataDir ?? '' } }
    : m.family === 'matcha' ? { matcha: { acousticModel: m.model, vocoder: m.vocoder, ...common } }
    : { vits: { model: m.model, ...common } };
  return { model: { ...model, numThreads: threads, provider: 'cpu', debug: 0 }, maxNumSentences: 1, ruleFsts: m.ruleFsts.join(',') };
}

/**
 * The espeak-ng language sherpa-onnx should read this request in (its `extra.lang`), for
 * multi-language Kokoro models; undefined leaves sherpa's default (the model's `voice`, en-us).
 */
export function espeakLang(m: InstalledModel, voice: string, language?: string): string | undefined {
  if (m.family !== 'kokoro' || m.lexicons.length === 0 || !language) return undefined;
  // espeak-ng names British English `en` (gmw/en); it has no voice called `en-gb`.
  if (language === 'en') return /^b[fm]?(_|$)/.test(voice) ? 'en' : 'en-us';
  return ESPEAK_LANG[language];
}

export async function createSherpaEngine(m: InstalledModel, { threads, blendSessions = BLEND_SESSIONS }: SherpaOptions): Promise<Engine> {
  const { OfflineTts } = load();
  let main: Promise<OfflineTts> | undefined;
  const session = () => {
    main ??= OfflineTts.createAsync(ttsConfig(m, threads));
    main.catch(() => { main = undefined; });
    return main;
  };
  const speakerIds = m.speakers.map((s) => s.id);
  /** Least recently used first. */
  const blends = new Map<string, Promise<OfflineTts>>();

  /** A blend is a style vector mixed from the model's own; sherpa takes it as a voices.bin whose row 0 is the mix. */
  function blended(voice: string): Promise<OfflineTts> {
    const parts = normalizeBlend(parseBlend(voice, speakerIds));
    const key = blendKey(parts);
    let found = blends.get(key);
    if (found) {
      blends.delete(key);
      blends.set(key, found);
      return found;
    }
    found = (async () => {
      const table = new Float32Array(new Uint8Array(await readFile(m.voicesBin!)).buffer);
      const row = table.length / speakerIds.length;
      const mix = new Float32Array(table);
      mix.fill(0, 0, row);
      for (const p of parts) {
        const at = speakerIds.indexOf(p.voice) * row;
        for (let i = 0; i < row; i++) mix[i] += table[at + i] * p.weight;
      }
      const dir = await mkdtemp(join(tmpdir(), 'mynah-blend-'));
      try {
        await writeFile(join(dir, 'voices.bin'), new Uint8Array(mix.buffer));
        // sherpa-onnx reads voices.bin into memory while loading; the file is not needed after.
        return await OfflineTts.createAsync(ttsConfig(m, threads, join(dir, 'voices.bin')));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    })();
    blends.set(key, found);
    found.catch(() => blends.delete(key));
    if (blends.size > blendSessions) {
      // Jobs still speaking with the evicted session hold their own reference to it.
      blends.delete(blends.keys().next().value!);
      collectGarbage();
    }
    return found;
  }

  async function* synthesize(input: SynthesisInput): AsyncGenerator<Int16Array> {
    let engine: OfflineTts;
    let sid = speakerIds.indexOf(input.voice);
    if (sid < 0 && m.family === 'kokoro' && blendSessions > 0 && isBlend(input.voice)) { engine = await blended(input.voice); sid = 0; }
    else if (sid < 0 && speakerIds.length === 1) sid = 0;
    if (sid < 0) throw new Error(`${m.id} has no voice '${input.voice}'`);
    engine ??= await session();
    const lang = espeakLang(m, input.voice.split(/[(+]/)[0], input.language);
    const queue: Int16Array[] = [];
    let stopped = false, done = false, failure: unknown;
    let wake: (() => void) | undefined;
    engine.generateAsync({
      text: input.text, sid, speed: input.speed,
      ...(lang ? { generationConfig: { sid, speed: input.speed, extra: { lang } } } : {}),
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
    blends: m.family === 'kokoro' && blendSessions > 0,
    sampleRate: m.sampleRate,
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
