// `mynah instructions`: prints the voice style the server reads from an `instructions` text.
import { parseArgs } from 'node:util';
import { readInstructions } from '../style/read.js';
import { formatStyle } from '../style/style.js';
import { UsageError } from './common.js';

export const INSTRUCTIONS_HELP = `Usage: mynah instructions [--json] "Speak slowly, in a deep and calm voice."   (or the text on stdin)

Prints the voice style that \`instructions\` ask for, as the x-mynah-style response header names it
(rate, pitch in semitones, intonation range, loudness in dB, pauses, whisper, accent). Unknown
phrasing changes nothing. Understands English, German, French, Spanish and Vietnamese words.

Options:
      --json        print every field as JSON
  -h, --help        show this help`;

export async function instructions(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void console.log(INSTRUCTIONS_HELP);
  let text = positionals.join(' ');
  if (!text && !process.stdin.isTTY) for await (const part of process.stdin) text += part;
  if (!text.trim()) throw new UsageError('instructions needs text, e.g. mynah instructions "Speak slowly and calmly."');
  const style = readInstructions(text);
  console.log(values.json ? JSON.stringify(style) : formatStyle(style) || '(no change: the voice as it is)');
}
