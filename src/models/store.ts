// The model store: a folder of sherpa-onnx TTS models, each one extracted as-is from its
// published `.tar.bz2` archive (model .onnx, tokens.txt, voices.bin, lexicons, espeak-ng-data/).
// Models are recognised by what sherpa-onnx itself reads: the ONNX metadata and the files present.
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Voice } from '../engines/types.js';
import { readOnnxMetadata } from './onnx-meta.js';

export type Family = 'kokoro' | 'kitten' | 'piper' | 'vits' | 'matcha';

export interface InstalledModel {
  /** Folder name in the store, which is also the engine id (`kokoro-multi-lang-v1_0`). */
  id: string;
  family: Family;
  dir: string;
  /** The acoustic model; for Matcha, `vocoder` turns its mel frames into audio. */
  model: string;
  vocoder?: string;
  tokens: string;
  voicesBin?: string;
  /** Lexicons in the order sherpa-onnx should read them (the first one wins on a duplicate word). */
  lexicons: string[];
  /** Text-normalisation FSTs (Chinese numbers, dates, phone numbers), in the order sherpa applies them. */
  ruleFsts: string[];
  dataDir?: string;
  sampleRate: number;
  /** Bytes of model data sherpa-onnx holds in memory once loaded (model, vocoder, voices, lexicons). */
  bytes: number;
  /** ISO 639-1 languages the model speaks. */
  languages: string[];
  speakers: Voice[];
}

/**
 * sherpa-onnx initialises espeak-ng once per process, from the data folder of the first model it
 * loads. `models pull` keeps a copy of that folder here, at the store's top level, which
 * `models rm` never touches, and every model points at it: removing a model can never pull the
 * phoneme data from under a running server.
 */
export const SHARED_ESPEAK_DATA = '.espeak-ng-data';

/**
 * The lexicons sherpa-onnx's own Kokoro examples pass, in their order. Any other order (or every
 * `lexicon-*.txt` sorted, which puts gb-en first) changes which pronunciation wins.
 */
const KOKORO_LEXICONS = ['lexicon-us-en.txt', 'lexicon-zh.txt'];
/** Chinese text normalisation shipped in the multi-lang Kokoro archives, in sherpa's example order. */
const RULE_FSTS = ['phone-zh.fst', 'date-zh.fst', 'number-zh.fst'];

export function defaultModelsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MYNAH_MODELS_DIR) return env.MYNAH_MODELS_DIR;
  const data = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(data, 'mynah', 'models');
}

/** Every usable model in the store; folders that are not (yet) models are skipped, with a reason. */
export async function scanStore(root: string): Promise<{ models: InstalledModel[]; skipped: { id: string; reason: string }[] }> {
  const models: InstalledModel[] = [];
  const skipped: { id: string; reason: string }[] = [];
  if (!existsSync(root)) return { models, skipped };
  for (const entry of (await readdir(root, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    // `.partial` folders are pulls still unpacking.
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    try {
      models.push(await detectModel(join(root, entry.name)));
    } catch (err) {
      skipped.push({ id: entry.name, reason: (err as Error).message });
    }
  }
  return { models, skipped };
}

export async function detectModel(dir: string): Promise<InstalledModel> {
  const id = basename(dir);
  const files = await readdir(dir);
  const has = (name: string) => files.includes(name) ? join(dir, name) : undefined;
  const onnx = files.filter((f) => f.endsWith('.onnx') && !/^(vocos|hifigan)/.test(f));
  if (onnx.length === 0) throw new Error('no .onnx model');
  // Prefer the full-precision model when an archive ships int8/fp16 variants beside it.
  const modelFile = onnx.find((f) => !/int8|fp16/.test(f)) ?? onnx[0];
  const meta = await readOnnxMetadata(join(dir, modelFile));
  const tokens = has('tokens.txt');
  if (!tokens) throw new Error('no tokens.txt');
  const kind = `${meta.model_type ?? ''} ${meta.comment ?? ''}`.toLowerCase();
  const family: Family | undefined = kind.includes('kokoro') ? 'kokoro' : kind.includes('kitten') ? 'kitten'
    : kind.includes('matcha') || id.startsWith('matcha') ? 'matcha' : kind.includes('piper') ? 'piper'
    : kind.includes('vits') || meta.add_blank !== undefined ? 'vits' : undefined;
  if (!family) throw new Error(`unknown model type '${kind.trim()}'`);
  const voicesBin = has('voices.bin');
  if ((family === 'kokoro' || family === 'kitten') && !voicesBin) throw new Error(`${family} model without voices.bin`);
  const vocoder = files.find((f) => /^(vocos|hifigan).*\.onnx$/.test(f));
  if (family === 'matcha' && !vocoder) throw new Error('matcha model without a vocoder (vocos-22khz-univ.onnx)');
  const lexicons = (family === 'kokoro' ? KOKORO_LEXICONS : ['lexicon.txt']).filter((f) => files.includes(f)).map((f) => join(dir, f));
  const ruleFsts = RULE_FSTS.filter((f) => files.includes(f)).map((f) => join(dir, f));
  const sampleRate = Number(meta.sample_rate ?? 22050);
  const speakers = speakersOf(id, family, meta, modelLanguages(id, family, meta, lexicons, [])[0]);
  const languages = modelLanguages(id, family, meta, lexicons, speakers);
  const shared = join(dirname(dir), SHARED_ESPEAK_DATA);
  const dataDir = has('espeak-ng-data') ? (existsSync(join(shared, 'phontab')) ? shared : join(dir, 'espeak-ng-data')) : undefined;
  const heavy = [join(dir, modelFile), vocoder && join(dir, vocoder), voicesBin, ...lexicons].filter((f): f is string => !!f);
  const bytes = (await Promise.all(heavy.map((f) => stat(f)))).reduce((sum, st) => sum + st.size, 0);
  return {
    id, family, dir, model: join(dir, modelFile), vocoder: vocoder && join(dir, vocoder), tokens, voicesBin, lexicons, ruleFsts,
    dataDir, sampleRate, bytes, languages, speakers,
  };
}

function modelLanguages(id: string, family: Family, meta: Record<string, string>, lexicons: string[], speakers: Voice[]): string[] {
  if (family === 'kokoro') {
    // English always; Chinese through lexicon-zh.txt; every other language one of its speakers
    // is trained on, read by espeak-ng in that language (the request's `lang`, see engines/sherpa.ts).
    // Japanese is left out: sherpa-onnx has no Japanese front end for Kokoro and espeak-ng reads
    // no kanji, so Japanese text goes to the fallback engine rather than to an English reading.
    const fromLexicons = lexicons.map((l) => basename(l).match(/lexicon-(?:[a-z]{2}-)?([a-z]{2})\.txt$/)?.[1]).filter((l): l is string => !!l);
    const fromSpeakers = speakers.map((s) => s.language.split('-')[0]).filter((l) => ESPEAK_LANG[l]);
    return [...new Set(['en', ...fromLexicons, ...fromSpeakers])];
  }
  const tag = id.match(/(?:^|-)([a-z]{2,3})_[A-Z]{2}(?:-|$)/)?.[1] ?? (meta.voice || 'en').split(/[-_]/)[0];
  return [tag.toLowerCase()];
}

/** Kokoro's speaker names encode language and gender: `af_heart` is American English, female; v0.19's `af` too. */
const KOKORO_LANG: Record<string, string> = { a: 'en-US', b: 'en-GB', e: 'es', f: 'fr', h: 'hi', i: 'it', j: 'ja', p: 'pt-BR', z: 'zh' };

/**
 * The espeak-ng voice sherpa-onnx should read a language with (its `lang`); English follows the
 * speaker's accent. Chinese is absent on purpose: its characters go through lexicon-zh.txt, and
 * the Latin words inside Chinese text are read as English, as sherpa-onnx does by default.
 */
export const ESPEAK_LANG: Record<string, string> = { es: 'es', fr: 'fr', hi: 'hi', it: 'it', pt: 'pt-br' };

function speakersOf(id: string, family: Family, meta: Record<string, string>, language: string): Voice[] {
  const count = Number(meta.n_speakers ?? 1) || 1;
  const names = (meta.speaker_names ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (family === 'kokoro' || family === 'kitten') {
    return Array.from({ length: count }, (_, i) => {
      const name = names[i] ?? `speaker_${i}`;
      const m = name.match(/^([a-z])([fm])(?:_|$)/);
      const gender = m ? (m[2] === 'f' ? 'female' : 'male') : /-f$/.test(name) ? 'female' : /-m$/.test(name) ? 'male' : undefined;
      return { id: name, name, language: (m && KOKORO_LANG[m[1]]) ?? 'en-US', ...(gender ? { gender } : {}) };
    });
  }
  // Piper: `vits-piper-en_US-lessac-medium` is voice `en_US-lessac-medium`.
  const voice = id.replace(/^vits-piper-|^vits-|^matcha-(icefall-)?/, '');
  const locale = voice.match(/^([a-z]{2,3}_[A-Z]{2})/)?.[1]?.replace('_', '-') ?? language;
  if (count === 1) return [{ id: voice, name: `${voice} (${locale})`, language: locale }];
  return Array.from({ length: count }, (_, i) => ({ id: `${voice}:${i}`, name: names[i] ?? `${voice} speaker ${i}`, language: locale }));
}
