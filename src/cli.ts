#!/usr/bin/env node
// The `mynah` command: `serve` runs the HTTP server, `say` speaks text into a file.
import { createWriteStream, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { RESPONSE_FORMATS, type ResponseFormat } from './contract.js';
import { loadConfig } from './config/index.js';
import { buildServer, createServices } from './server/app.js';
import { ApiError } from './server/errors.js';
import { CHUNKING, createSpeech } from './speech.js';
import { lexiconFor, prepareText } from './text/index.js';
import { toSpeechRequest } from './routes/speech.js';
import { CATALOGUE } from './models/catalogue.js';
import { progressBar, pullModel } from './models/pull.js';
import { scanStore } from './models/store.js';

const HELP: Record<string, string> = {
  main: `mynah: a self-hosted speech server that speaks OpenAI's text-to-speech API

Usage:
  mynah serve [options]          start the HTTP server (POST /v1/audio/speech)
  mynah say "text" [options]     speak text into an audio file
  mynah normalize "text"         show the text an engine is given, chunk by chunk
  mynah models list|pull|rm      manage neural voices (Kokoro, Piper, Matcha, Kitten)
  mynah <command> --help         options of one command

Environment: PORT, HOST, MYNAH_API_KEYS, MYNAH_WORKERS, MYNAH_CONFIG, MYNAH_MODELS_DIR, ... (see README)`,
  models: `Usage: mynah models list | pull NAME [--sha256 HEX] | rm NAME

Manages the model store ($MYNAH_MODELS_DIR, default ~/.local/share/mynah/models): sherpa-onnx
text-to-speech models, one folder each, exactly as their .tar.bz2 archives unpack. The server
finds them at start-up; restart it after pulling.

Commands:
  list             models you can pull, and those installed (with their voices)
  pull NAME        download NAME.tar.bz2 from $MYNAH_MODELS_URL (default: the tts-models release
                   of github.com/k2-fsa/sherpa-onnx), verify it, unpack it into the store
  rm NAME          delete an installed model

Options:
  --sha256 HEX     with pull: the archive's expected sha256
  -h, --help       show this help`,
  serve: `Usage: mynah serve [--host HOST] [--port PORT]

Starts the server. With no neural models installed it speaks with the built-in engines
(flite, espeak-ng). Settings come from the environment and mynah.config.json (see README).

Options:
  --host HOST     address to listen on (default: $HOST or 0.0.0.0)
  --port PORT     port to listen on (default: $PORT or 8000)
  -h, --help      show this help`,
  say: `Usage: mynah say "text" [-o out.mp3] [options]

Speaks the text with the same pipeline the server uses and writes one audio file.

Options:
  -o, --output FILE     where to write; '-' for stdout (default: speech.<format>)
  -v, --voice NAME      an OpenAI voice (alloy, ash, ...) or an engine voice (default: alloy)
  -m, --model ID        tts-1, tts-1-hd, gpt-4o-mini-tts, or an engine id (default: gpt-4o-mini-tts)
  -f, --format FMT      mp3, opus, aac, flac, wav or pcm (default: from the file name, else mp3)
  -s, --speed X         0.25 to 4 (default: 1)
  -h, --help            show this help`,
  normalize: `Usage: mynah normalize [--lang xx] "text"   (or the text on stdin)

Prints what the engine will be given, one chunk a line, after markdown clean-up, the
pronunciation lexicon ($MYNAH_LEXICON_DIR or ./data/lexicon) and normalization.

Options:
  -l, --lang XX     the language (en, de, fr, es, ...); default: detected, else en
  -h, --help        show this help`,
};

function fail(message: string): never {
  process.stderr.write(`mynah: ${message}\n`);
  process.exit(2);
}

async function serve(args: string[]) {
  const { values } = parseArgs({ args, options: { host: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return console.log(HELP.serve);
  const config = loadConfig(process.env, {
    ...(values.host ? { host: values.host } : {}),
    ...(values.port ? { port: Number(values.port) } : {}),
  });
  const server = await buildServer(config);
  await server.app.listen({ host: config.host, port: config.port });
  const shutdown = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

async function say(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      voice: { type: 'string', short: 'v', default: 'alloy' },
      model: { type: 'string', short: 'm', default: 'gpt-4o-mini-tts' },
      format: { type: 'string', short: 'f' },
      speed: { type: 'string', short: 's', default: '1' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return console.log(HELP.say);
  const input = positionals.join(' ');
  if (!input.trim()) fail('say needs text to speak, e.g. mynah say "Hello there" -o hello.mp3');
  const fromName = values.output && values.output !== '-' ? extname(values.output).slice(1).toLowerCase() : '';
  const format = (values.format ?? ((RESPONSE_FORMATS as readonly string[]).includes(fromName) ? fromName : 'mp3')) as ResponseFormat;
  if (!(RESPONSE_FORMATS as readonly string[]).includes(format)) fail(`unknown format '${format}'; use one of ${RESPONSE_FORMATS.join(', ')}`);
  const speed = Number(values.speed);
  if (!(speed >= 0.25 && speed <= 4)) fail(`speed must be a number from 0.25 to 4, not '${values.speed}'`);
  const output = values.output ?? `speech.${format}`;

  const config = loadConfig(process.env, { logLevel: 'silent', workers: 1 });
  const services = await createServices(config);
  try {
    const speech = await createSpeech(services, toSpeechRequest({ model: values.model!, input, voice: values.voice!, response_format: format, speed }));
    const out = output === '-' ? process.stdout : createWriteStream(output);
    for await (const bytes of speech.audio) {
      if (!out.write(bytes)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    if (out !== process.stdout) await new Promise<void>((resolve) => out.end(() => resolve()));
    if (output !== '-') process.stderr.write(`wrote ${output} (${(speech.stats.samples / 24000).toFixed(1)} s, ${speech.voice.engine}/${speech.voice.voice})\n`);
  } finally {
    await services.pool.close();
  }
}

async function normalize(args: string[]) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { lang: { type: 'string', short: 'l' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return console.log(HELP.normalize);
  let input = positionals.join(' ');
  if (!input && !process.stdin.isTTY) for await (const part of process.stdin) input += part;
  if (!input.trim()) fail('normalize needs text, e.g. mynah normalize "It costs $4.50"');
  // The same chunk sizes and lexicon as the speech route, so what is printed is what is spoken.
  const text = prepareText(input, { ...CHUNKING, voiceLanguage: values.lang ?? 'en', detect: !values.lang, lexicon: lexiconFor() });
  text.chunks.forEach((chunk, i) => console.log(`[${i + 1} ${text.chunkLanguages[i]}] ${chunk}`));
}

async function models(args: string[]) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { sha256: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  const [action, name] = positionals;
  if (values.help || !action) return console.log(HELP.models);
  const root = loadConfig(process.env, { logLevel: 'silent' }).modelsDir;
  if (action === 'list') {
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
    return;
  }
  if (!name) fail(`models ${action} needs a model name. Run 'mynah models list'.`);
  if (action === 'pull') {
    const model = await pullModel(name, { root, sha256: values.sha256, onProgress: progressBar(process.stderr) });
    console.log(`installed ${model.id} (${model.family}, ${model.speakers.length} voice${model.speakers.length === 1 ? '' : 's'}) in ${model.dir}; restart the server to use it`);
  } else if (action === 'rm') {
    const dir = join(root, name);
    if (name.includes('/') || name.startsWith('.') || !existsSync(dir)) fail(`${name} is not installed in ${root}`);
    await rm(dir, { recursive: true, force: true });
    console.log(`removed ${name}`);
  } else fail(`unknown models command '${action}'. Run 'mynah models --help'.`);
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command || command === '-h' || command === '--help' || command === 'help') return console.log(HELP.main);
  if (command === 'serve') return serve(args);
  if (command === 'say') return say(args);
  if (command === 'normalize') return normalize(args);
  if (command === 'models') return models(args);
  fail(`unknown command '${command}'. Run 'mynah --help'.`);
}

main().catch((err) => {
  if (err instanceof ApiError) fail(err.message);
  if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) fail(`${(err as Error).message}. Run 'mynah --help'.`);
  // Expected failures (no network, bad archive) read best as one line; the rest keep their stack.
  fail(process.argv[2] === 'models' ? (err as Error).message : (err as Error).stack ?? String(err));
});
