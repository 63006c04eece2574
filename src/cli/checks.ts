// Facts about this machine that the start-up summary and `mynah doctor` both report: tools on
// PATH, the models in the store with their memory, and the data files read at start-up.
import { accessSync, constants, readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Config } from '../config/index.js';
import { ConfigError, parseJson } from '../config/schema.js';
import { ENCODERS } from '../encoders/index.js';
import { scanStore, type InstalledModel } from '../models/store.js';
import { readKeysFile } from '../server/auth.js';

/** Resident memory per byte of model files: onnxruntime holds the weights plus its arenas. */
export const RSS_PER_MODEL_BYTE = 1.2;
/** A worker thread with the built-in engines (WebAssembly flite and espeak-ng) and no neural model. */
export const WORKER_BASE_BYTES = 75 * 2 ** 20;
/** The model `models list` and the summary suggest first: small, English, tts-1's first choice. */
export const SUGGESTED_MODEL = 'vits-piper-en_US-lessac-medium';

export const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** The full path of an executable on PATH, or undefined. */
export function onPath(bin: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const file = join(dir, bin);
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return file;
    } catch { /* not here */ }
  }
  return undefined;
}

/** true, or why response_format aac is refused (the aac encoder's own probe of ffmpeg). */
export async function aacStatus(ffmpeg: string): Promise<true | string> {
  return ENCODERS.aac.available({ ffmpeg });
}

export interface ModelFootprint {
  id: string;
  family: string;
  voices: number;
  languages: string[];
  /** Bytes of the files a worker loads (model, vocoder, voices, tokens, lexicons). */
  fileBytes: number;
  /** Estimated resident memory per worker. */
  memoryBytes: number;
}

const size = (path: string | undefined) => { try { return path ? statSync(path).size : 0; } catch { return 0; } };

export function footprint(m: InstalledModel): ModelFootprint {
  const fileBytes = [m.model, m.vocoder, m.voicesBin, m.tokens, ...m.lexicons].reduce((sum, f) => sum + size(f), 0);
  return { id: m.id, family: m.family, voices: m.speakers.length, languages: m.languages, fileBytes, memoryBytes: Math.round(fileBytes * RSS_PER_MODEL_BYTE) };
}

export async function storeFacts(root: string): Promise<{ models: ModelFootprint[]; broken: { id: string; reason: string }[] }> {
  const { models, skipped } = await scanStore(root);
  return { models: models.map(footprint), broken: skipped };
}

/** Estimated memory of all workers with every model loaded. */
export const workersMemory = (workers: number, models: ModelFootprint[]) =>
  workers * (WORKER_BASE_BYTES + models.reduce((sum, m) => sum + m.memoryBytes, 0));

/** The lexicon directory the server reads (see text/lexicon.ts). */
export const lexiconDir = (env: NodeJS.ProcessEnv = process.env) => env.MYNAH_LEXICON_DIR ?? './data/lexicon';

/** Problems in the lexicon files, one sentence each: malformed JSON with its line, values that are not text. */
export function lexiconProblems(dir: string): string[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /^[a-z]{2,3}\.json$/.test(f)).sort();
  } catch {
    return []; // no lexicon yet
  }
  const problems: string[] = [];
  for (const file of files) {
    const path = join(dir, file);
    try {
      const data = parseJson(readFileSync(path, 'utf8'), `lexicon ${path}`);
      if (typeof data !== 'object' || data === null || Array.isArray(data)) { problems.push(`lexicon ${path}: must be a JSON object of word: respelling`); continue; }
      const bad = Object.entries(data).find(([, v]) => typeof v !== 'string');
      if (bad) problems.push(`lexicon ${path}: the entry '${bad[0]}' must be a string, not ${JSON.stringify(bad[1])}`);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  return problems;
}

/** How many keys the keys file holds; a malformed file is a ConfigError naming it. */
export function keysFileCount(path: string | undefined): number {
  if (!path) return 0;
  try {
    return readKeysFile(path).length;
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}

/** What `serve` checks before starting workers: data files that would otherwise fail later, or with a stack. */
export function preflight(config: Config, env: NodeJS.ProcessEnv = process.env): void {
  keysFileCount(config.keysFile);
  const lexicon = lexiconProblems(config.lexiconDir);
  if (lexicon.length > 0) throw new ConfigError(lexicon[0]);
}
