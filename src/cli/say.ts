// `mynah say`: text (argument, file or stdin; a sentence or a whole book) into one audio file.
// Every piece is synthesized to PCM and the whole is encoded once, through a single encoder,
// because concatenating encoded files is wrong for most formats (two WAV headers, two Ogg
// streams, two FLAC STREAMINFO blocks, MP3 encoder padding in the middle).
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { text as readStream } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { OUTPUT_SAMPLE_RATE, RESPONSE_FORMATS, type ResponseFormat } from '../contract.js';
import { loadConfig } from '../config/index.js';
import { getEncoder } from '../encoders/index.js';
import { encodeInOrder, piecePcm } from '../jobs/assemble.js';
import { createServices } from '../server/app.js';
import type { Services } from '../speech.js';
import { splitChapters, splitPieces, speakable } from './book.js';
import { HELP, RuntimeError, UsageError } from './common.js';
import { findPlayer } from './player.js';
import { Progress } from './progress.js';
import { sayRemote } from './remote.js';

interface Options {
  voice: string;
  model: string;
  format: ResponseFormat;
  speed: number;
  instructions?: string;
  quiet: boolean;
}

export async function say(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      input: { type: 'string', short: 'i' },
      output: { type: 'string', short: 'o' },
      voice: { type: 'string', short: 'v', default: 'alloy' },
      model: { type: 'string', short: 'm', default: 'gpt-4o-mini-tts' },
      format: { type: 'string', short: 'f' },
      speed: { type: 'string', short: 's', default: '1' },
      instructions: { type: 'string', short: 'I' },
      chapters: { type: 'boolean' },
      play: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      server: { type: 'string' }, // issue 15: speak as a job on a Mynah server
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(HELP.say);
  const formats = RESPONSE_FORMATS as readonly string[];
  const fromName = values.output && values.output !== '-' ? extname(values.output).slice(1).toLowerCase() : '';
  const format = values.format?.toLowerCase() ?? (formats.includes(fromName) ? fromName : 'mp3');
  if (!formats.includes(format)) throw new UsageError(`unknown format '${format}'; use one of ${RESPONSE_FORMATS.join(', ')}`);
  const speed = Number(values.speed);
  if (!(speed >= 0.25 && speed <= 4)) throw new UsageError(`--speed must be a number from 0.25 to 4, not '${values.speed}'`);
  if (positionals.length && values.input !== undefined) throw new UsageError('give the text as an argument or with --input, not both');
  if (values.chapters && (values.output === '-' || values.play)) throw new UsageError('--chapters writes several files; it cannot go with -o - or --play');
  if (values.play && values.output === '-') throw new UsageError('--play needs a file, not -o -');
  const opts: Options = { voice: values.voice!, model: values.model!, format: format as ResponseFormat, speed, instructions: values.instructions, quiet: !!values.quiet };

  if (values.server !== undefined) {
    // issue 15: the book becomes a job on a server (cli/remote.ts); nothing is synthesized here.
    if (values.play) throw new UsageError('--server writes files; it cannot go with --play');
    const text = await readInput(positionals, values.input);
    return sayRemote(text, values.output ?? `speech.${format}`, { ...opts, server: values.server, apiKey: process.env.MYNAH_API_KEY ?? process.env.OPENAI_API_KEY, chapters: !!values.chapters });
  }
  // Fail on an unplayable or unencodable format before minutes of synthesis, not after.
  const player = values.play ? findPlayer(opts.format) : undefined;
  const availability = await getEncoder(opts.format).available({ ffmpeg: loadConfig(process.env).ffmpeg });
  if (availability !== true) throw new RuntimeError(availability);
  const text = await readInput(positionals, values.input);

  const tmp = player && !values.output ? await mkdtemp(join(tmpdir(), 'mynah-play-')) : undefined;
  const output = values.output ?? (tmp ? join(tmp, `speech.${format}`) : `speech.${format}`);
  // One worker: pieces are spoken in order and streamed into the encoder, so memory stays flat
  // however long the book (see the note on crashes in the README).
  const workers = 1;
  const services = await createServices(loadConfig(process.env, { logLevel: 'silent', workers }));
  try {
    if (values.chapters) {
      const chapters = splitChapters(text);
      if (chapters.length === 1 && !opts.quiet) process.stderr.write('mynah: no chapter headings found; writing one file\n');
      const ext = extname(output);
      const stem = ext ? output.slice(0, -ext.length) : output;
      const width = Math.max(2, String(chapters.length).length);
      for (const [i, chapter] of chapters.entries()) {
        const file = `${stem}-${String(i + 1).padStart(width, '0')}${ext || `.${format}`}`;
        if (!opts.quiet) process.stderr.write(`chapter ${i + 1}/${chapters.length}${chapter.title ? `: ${chapter.title}` : ''}\n`);
        await speakToFile(services, speakable(chapter.text), file, opts);
      }
    } else {
      await speakToFile(services, speakable(text), output, opts);
      if (player) await player.play(output);
    }
  } finally {
    await services.pool.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}

async function readInput(positionals: string[], input: string | undefined): Promise<string> {
  let text: string;
  if (positionals.length) text = positionals.join(' ');
  else if (input !== undefined && input !== '-') {
    try {
      text = await readFile(input, 'utf8');
    } catch (err) {
      throw new RuntimeError(`cannot read --input ${input}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
  } else if (input === '-' || !process.stdin.isTTY) text = await readStream(process.stdin);
  else throw new UsageError('say needs text: mynah say "Hello there", mynah say -i book.txt, or pipe text on stdin');
  if (!text.trim()) throw new UsageError(`the text to speak is empty${input ? ` (${input === '-' ? 'stdin' : input})` : ''}`);
  return text;
}

/** Synthesizes the pieces in order, feeding each one's PCM to the single encoder as it arrives. */
async function speakToFile(services: Services, text: string, output: string, opts: Options): Promise<void> {
  const pieces = splitPieces(text);
  const progress = new Progress(pieces.reduce((n, p) => n + p.length, 0), opts.quiet);
  const started = performance.now();

  const out = output === '-' ? process.stdout : createWriteStream(output);
  const failed = new Promise<never>((_, reject) => out.once('error', (err) => reject(new RuntimeError(`cannot write ${output}: ${err.message}`))));
  failed.catch(() => {}); // observed through the races below; never unhandled
  let samples = 0;
  const params = { model: opts.model, voice: opts.voice, speed: opts.speed, instructions: opts.instructions };
  async function* spoken() {
    for (const piece of pieces) {
      yield piecePcm(services, params, piece, { onVoice: (v) => { voice = `${v.engine}/${v.voice}`; } });
      // The encoder has taken the whole piece by the time it asks for the next one.
    }
  }
  let voice = '';
  let done = 0;
  for await (const bytes of encodeInOrder(opts.format, { ffmpeg: services.config.ffmpeg }, progressOf(spoken()), (n) => { samples += n; })) {
    if (!out.write(bytes)) await Promise.race([new Promise<void>((resolve) => out.once('drain', () => resolve())), failed]);
  }
  async function* progressOf(gen: AsyncGenerator<AsyncIterable<Int16Array>>) {
    for await (const piece of gen) {
      yield piece;
      progress.update(pieces[done++].length, samples / OUTPUT_SAMPLE_RATE);
    }
  }
  if (out !== process.stdout) await new Promise<void>((resolve) => out.end(() => resolve()));
  const seconds = samples / OUTPUT_SAMPLE_RATE;
  progress.finish(`wrote ${output === '-' ? 'stdout' : basename(output)}: ${Progress.clock(seconds)} of audio from ${pieces.length} piece${pieces.length > 1 ? 's' : ''} in ${((performance.now() - started) / 1000).toFixed(1)} s (${voice})`);
}
