// One book, one file: pieces of text are synthesized to 24 kHz PCM and the whole is encoded once,
// through a single encoder, because concatenating encoded files is wrong for most formats (two
// WAV headers, two Ogg streams, two FLAC STREAMINFO blocks, MP3 encoder padding in the middle).
// Used by `mynah say` and by the jobs API (in-process and shared mode alike).
import { OUTPUT_SAMPLE_RATE, type ResponseFormat, type SpeechRequest } from '../contract.js';
import { toSamples } from '../audio/samples.js';
import { getEncoder } from '../encoders/index.js';
import type { Encoder, EncoderSettings } from '../encoders/types.js';
import { createSpeech, pieces, type Services } from '../speech.js';
import { toSpeechRequest } from '../routes/speech.js';
import type { ResolvedVoice } from '../voices/catalog.js';

/** A breath between pieces: they were cut at paragraph breaks, where a reader pauses. */
export const GAP_SAMPLES = Math.round(OUTPUT_SAMPLE_RATE * 0.3);

/** What a book is spoken with: a speech request without its text and format. */
export interface VoiceParams {
  model: string;
  voice: string | { id: string };
  speed: number;
  instructions?: string;
}

export interface PieceOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Hears which engine voice spoke the piece (after language detection). */
  onVoice?: (voice: ResolvedVoice) => void;
}

/** One piece of text as PCM, through the same pipeline (and worker pool) as a speech request. */
export async function* piecePcm(services: Services, params: VoiceParams, text: string, opts: PieceOptions = {}): AsyncGenerator<Int16Array> {
  const req: SpeechRequest = toSpeechRequest({ ...params, input: text, response_format: 'pcm' });
  const speech = await createSpeech(services, req, opts);
  opts.onVoice?.(speech.voice);
  yield* toSamples(pieces(speech.audio));
}

/** Synthesizes a piece completely, as one buffer (a job piece is stored whole). */
export async function renderPiece(services: Services, params: VoiceParams, text: string, opts: PieceOptions = {}): Promise<Int16Array> {
  const parts: Int16Array[] = [];
  let n = 0;
  for await (const pcm of piecePcm(services, params, text, opts)) { parts.push(pcm); n += pcm.length; }
  const out = new Int16Array(n);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** Files encoded so far in this process (tests check that a download encodes nothing). */
export const encodes = { started: 0 };

/** Makes the encoder for a file: in this thread by default, or in a thread of its own (encoders/thread.ts). */
export type MakeEncoder = (format: ResponseFormat, sampleRate: number, settings: EncoderSettings) => Promise<Encoder>;

/**
 * Encodes pieces of PCM, in the order given, into one file, with a short gap between pieces.
 * `onSamples` hears of every sample written (gaps included), for progress.
 */
export async function* encodeInOrder(format: ResponseFormat, settings: EncoderSettings, pieces: AsyncIterable<AsyncIterable<Int16Array> | Int16Array>, onSamples: (n: number) => void = () => {}, make: MakeEncoder = (f, rate, s) => getEncoder(f).create(rate, s)): AsyncGenerator<Uint8Array> {
  encodes.started++;
  const encoder = await make(format, OUTPUT_SAMPLE_RATE, settings);
  try {
    let first = true;
    for await (const piece of pieces) {
      if (!first) {
        yield* await encoder.write(new Int16Array(GAP_SAMPLES));
        onSamples(GAP_SAMPLES);
      }
      first = false;
      const blocks = piece instanceof Int16Array ? [piece] : piece;
      for await (const pcm of blocks) {
        onSamples(pcm.length);
        yield* await encoder.write(pcm);
      }
    }
    yield* await encoder.end();
  } finally {
    encoder.close();
  }
}

/** Samples of a book once assembled: its pieces plus the gaps between them. */
export const bookSamples = (pieceSamples: number[]) => pieceSamples.reduce((a, b) => a + b, 0) + Math.max(0, pieceSamples.length - 1) * GAP_SAMPLES;
