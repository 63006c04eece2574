// What every command shares: help texts, exit codes, and turning errors into one clear line.
import { ApiError } from '../server/errors.js';
import { ConfigError } from '../config/schema.js';

/**
 * Exit codes: 0 ok, 1 the work failed, 2 the command line was wrong, 3 the configuration is
 * invalid (config file or environment), 4 the server cannot listen (port taken, no permission).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, config: 3, listen: 4 } as const;

/** `mynah serve` could not open its port: reported without a stack, exit code 4. */
export class ListenError extends Error {}

/** A mistake on the command line: reported without a stack, exit code 2. */
export class UsageError extends Error {}

/** Something went wrong while doing the work: reported without a stack, exit code 1. */
export class RuntimeError extends Error {}

export function report(err: unknown): number {
  const line = (message: string, hint = '') => process.stderr.write(`mynah: ${message}${hint}\n`);
  if (err instanceof UsageError) return line(err.message), EXIT.usage;
  if (err instanceof RuntimeError) return line(err.message), EXIT.failure;
  if (err instanceof ConfigError) return line(err.message), EXIT.config;
  if (err instanceof ListenError) return line(err.message), EXIT.listen;
  // An unknown model or voice, a bad speed: the request the command line made was wrong.
  if (err instanceof ApiError) return line(err.message), err.status < 500 ? EXIT.usage : EXIT.failure;
  const code = (err as { code?: string }).code ?? '';
  if (code.startsWith('ERR_PARSE_ARGS')) return line((err as Error).message, ". Run 'mynah <command> --help'."), EXIT.usage;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') return line((err as Error).message), EXIT.failure;
  line((err as Error).stack ?? String(err));
  return EXIT.failure;
}

export const HELP = {
  main: `mynah: a self-hosted speech server that speaks OpenAI's text-to-speech API

Usage:
  mynah serve [options]          start the HTTP server (POST /v1/audio/speech, playground at /)
  mynah say "text" [options]     speak text (or a file, or stdin) into an audio file
  mynah voices [--model ID]      list voices with language and engine
  mynah normalize "text"         show the text an engine is given, chunk by chunk
  mynah instructions "text"      show the voice style read from an \`instructions\` text
  mynah models list|pull|rm      manage neural voices (Kokoro, Piper, Matcha, Kitten)
  mynah doctor                   check this machine and the configuration, and say what to fix
  mynah <command> --help         options of one command

Environment: PORT, HOST, MYNAH_API_KEYS, MYNAH_WORKERS, MYNAH_CONFIG, MYNAH_LOG_FORMAT, ... (see README)`,
  serve: `Usage: mynah serve [--host HOST] [--port PORT]

Starts the server. With no neural models installed it speaks with the built-in engines
(flite, espeak-ng). Settings come from the environment and mynah.config.json (see README).
Open http://HOST:PORT/ in a browser for the playground.

On a terminal it prints a summary (address, voices, models, workers, keys, what is missing) and
readable logs; otherwise the same facts as one JSON log line ("event":"startup") and JSON logs.
MYNAH_LOG_FORMAT=pretty|json forces either.

Options:
  --host HOST     address to listen on (default: $HOST or 0.0.0.0)
  --port PORT     port to listen on (default: $PORT or 8000)
  -h, --help      show this help

Exit codes: 0 stopped by SIGINT/SIGTERM, 1 failure, 2 wrong command line, 3 invalid configuration
(config file, environment, keys file, lexicon), 4 cannot listen (port taken, no permission).`,
  doctor: `Usage: mynah doctor [--host HOST] [--port PORT] [--json]

Checks what mynah serve needs and prints one line per check (ok, WARN, FAIL) with what to fix:
Node's version, ffmpeg (for aac), bzip2 and tar (for models pull), the config file (unknown keys,
wrong types), the model store (each model's metadata and files), memory for the workers with
every model loaded, the port, the keys file and the lexicon files.

Options:
  --host HOST     the address to check (default: as mynah serve would use)
  --port PORT     the port to check (default: as mynah serve would use)
  --json          print the findings as JSON
  -h, --help      show this help

Exit codes: 0 all good, 1 something is broken (FAIL), 2 wrong command line, 3 it works but
something optional is missing (WARN only: ffmpeg, bzip2, tar, memory now free).`,
  say: `Usage: mynah say "text" [-o out.mp3] [options]
       mynah say -i book.txt -o book.mp3
       cat notes.txt | mynah say -o notes.wav

Speaks text with the same pipeline the server uses and writes one audio file. Text comes from the
arguments, else from --input, else from stdin. Long text (a whole book) is split into pieces of at
most 4096 characters at paragraph and sentence breaks and encoded into one continuous file.

Options:
  -i, --input FILE      read the text from FILE ('-' for stdin)
  -o, --output FILE     where to write; '-' for stdout (default: speech.<format>)
  -v, --voice NAME      an OpenAI voice (alloy, ash, ...) or an engine voice (default: alloy)
  -m, --model ID        tts-1, tts-1-hd, gpt-4o-mini-tts, or an engine id (default: gpt-4o-mini-tts)
  -f, --format FMT      mp3, opus, aac, flac, wav or pcm (default: from the file name, else mp3)
  -s, --speed X         0.25 to 4 (default: 1)
  -I, --instructions T  tone, pace, pitch, emotion, whisper, accent ("Speak slowly and calmly.")
      --chapters        one file per chapter (lines like 'Chapter 3' or '# Heading'),
                        named out-01.mp3, out-02.mp3, ... after --output
      --play            play the result through ffplay, afplay, paplay or aplay
  -q, --quiet           no progress on stderr
      --server URL      speak on a Mynah server as a job (POST /v1/audio/jobs) and download
                        the file (with --chapters, one per chapter); the key comes from
                        $MYNAH_API_KEY or $OPENAI_API_KEY
  -h, --help            show this help

Exit codes: 0 done, 1 synthesis or file error, 2 wrong command line.`,
  voices: `Usage: mynah voices [--model ID] [--json]

Lists the voices this machine offers: OpenAI's names with the engine voice behind each, then
every engine voice, with language, gender and engine.

Options:
  -m, --model ID   only the voices of this model (tts-1, gpt-4o-mini-tts, flite, espeak, ...)
      --json       print the list as JSON, as GET /v1/audio/voices does
  -h, --help       show this help`,
  normalize: `Usage: mynah normalize [--lang xx] "text"   (or the text on stdin)

Prints what the engine will be given, one chunk a line, after markdown clean-up, the
pronunciation lexicon ($MYNAH_LEXICON_DIR or ./data/lexicon) and normalization.

Options:
  -l, --lang XX     the language (en, de, fr, es, ...); default: detected, else en
  -h, --help        show this help`,
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
};
