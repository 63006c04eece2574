// `mynah models list|pull|rm`: the store of neural models (see src/models/).
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.js';
import { CATALOGUE } from '../models/catalogue.js';
import { progressBar, pullModel } from '../models/pull.js';
import { scanStore } from '../models/store.js';
import { HELP, RuntimeError, UsageError } from './common.js';

export async function models(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { sha256: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  const [action, name] = positionals;
  if (values.help || !action) return void console.log(HELP.models);
  const config = loadConfig(process.env, { logLevel: 'silent', workers: 1 });
  const root = config.modelsDir;
  if (action === 'list') return list(root);
  if (!name) throw new UsageError(`models ${action} needs a model name. Run 'mynah models list'.`);
  if (action === 'pull') {
    const model = await pullModel(name, { root, sha256: values.sha256, stallMs: config.pullStallMs, onProgress: progressBar(process.stderr) })
      .catch((err: Error) => { throw new RuntimeError(err.message); });
    console.log(`installed ${model.id} (${model.family}, ${model.speakers.length} voice${model.speakers.length === 1 ? '' : 's'}) in ${model.dir}`);
  } else if (action === 'rm') {
    const dir = join(root, name);
    // Dot-folders (the shared espeak-ng data, pulls in progress) are never models to remove.
    if (name.includes('/') || name.startsWith('.') || !existsSync(dir)) throw new UsageError(`${name} is not installed in ${root}`);
    await rm(dir, { recursive: true, force: true });
    console.log(`removed ${name}`);
  } else throw new UsageError(`unknown models command '${action}'. Run 'mynah models --help'.`);
}

async function list(root: string) {
  const { models: installed, skipped } = await scanStore(root);
  console.log(`Model store: ${root}\n`);
  for (const e of CATALOGUE) {
    const here = installed.find((m) => m.id === e.name);
    console.log(`${here ? '*' : ' '} ${e.name.padEnd(36)} ${`~${e.sizeMB} MB`.padStart(8)}  ${e.description}`);
  }
  const others = installed.filter((m) => !CATALOGUE.some((e) => e.name === m.id));
  for (const m of others) console.log(`* ${m.id.padEnd(36)} ${''.padStart(8)}  ${m.family}, installed by hand`);
  for (const m of installed) console.log(`\n${m.id} (${m.family}, ${m.languages.join(', ')}, ${m.sampleRate} Hz): ${m.speakers.map((s) => s.id).join(' ')}`);
  for (const s of skipped) console.log(`\n! ${s.id}: not a usable model (${s.reason})`);
  if (installed.length === 0) console.log(`\nNothing installed. Try: mynah models pull vits-piper-en_US-lessac-medium`);
}
