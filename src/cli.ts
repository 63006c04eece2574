#!/usr/bin/env node
// The `mynah` command: `serve` runs the HTTP server, `say` speaks text into a file.
import { createWriteStream } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { RESPONSE_FORMATS, type ResponseFormat } from './contract.js';
import { loadConfig } from './config/index.js';
import { buildServer, createServices } from './server/app.js';
import { ApiError } from './server/errors.js';
import { createSpeech } from './speech.js';
import { toSpeechRequest } from './routes/speech.js';

const HELP: Record<string, string> = {
  main: `mynah: a self-hosted speech server that speaks OpenAI's text-to-speech API

Usage:
  mynah serve [options]          start the HTTP server (POST /v1/audio/speech)
  mynah say "text" [options]     speak text into an audio file
  mynah <command> --help         options of one command

Environment: PORT, HOST, MYNAH_API_KEYS, MYNAH_WORKERS, MYNAH_CONFIG, ... (see README)`,
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
  // SIGTERM/SIGINT: stop accepting, let in-flight requests finish within the grace period, exit 0.
  // A second signal exits at once.
  const shutdown = async (signal: string) => {
    process.once(signal, () => process.exit(0));
    server.app.log.info({ graceMs: config.shutdownGraceMs }, `${signal}: draining`);
    await server.drain(config.shutdownGraceMs);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
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

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command || command === '-h' || command === '--help' || command === 'help') return console.log(HELP.main);
  if (command === 'serve') return serve(args);
  if (command === 'say') return say(args);
  fail(`unknown command '${command}'. Run 'mynah --help'.`);
}

main().catch((err) => {
  if (err instanceof ApiError) fail(err.message);
  if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) fail(`${(err as Error).message}. Run 'mynah --help'.`);
  fail((err as Error).stack ?? String(err));
});
