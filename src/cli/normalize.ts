// `mynah normalize`: prints what an engine will be given, chunk by chunk.
import { parseArgs } from 'node:util';
import { CHUNKING } from '../speech.js';
import { loadConfig } from '../config/index.js';
import { loadLexicon, prepareText } from '../text/index.js';
import { HELP, UsageError } from './common.js';

export async function normalize(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { lang: { type: 'string', short: 'l' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void console.log(HELP.normalize);
  let input = positionals.join(' ');
  if (!input && !process.stdin.isTTY) for await (const part of process.stdin) input += part;
  if (!input.trim()) throw new UsageError('normalize needs text, e.g. mynah normalize "It costs $4.50"');
  // The same chunk sizes and lexicon as the speech route, so what is printed is what is spoken.
  const text = prepareText(input, { ...CHUNKING, voiceLanguage: values.lang ?? 'en', detect: !values.lang, lexicon: loadLexicon(loadConfig(process.env, { logLevel: 'silent' }).lexiconDir) });
  text.chunks.forEach((chunk, i) => console.log(`[${i + 1} ${text.chunkLanguages[i]}] ${chunk}`));
}
