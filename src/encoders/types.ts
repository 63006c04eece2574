import type { ResponseFormat } from '../contract.js';

/**
 * A streaming encoder for one response. PCM comes in as 24 kHz mono signed 16-bit blocks of any
 * length; bytes go out as soon as the codec has them, so the HTTP layer can send them at once.
 * The concatenation of everything returned by write() and end() is the complete file.
 */
export interface Encoder {
  write(pcm: Int16Array): Uint8Array[] | Promise<Uint8Array[]>;
  /** Flushes the codec; called once, after the last write. */
  end(): Uint8Array[] | Promise<Uint8Array[]>;
  /** Frees resources (a child process, wasm memory) when the response is abandoned early. */
  close(): void;
}

/** Settings encoders take from config (read once at start-up, passed in). */
export interface EncoderSettings {
  /** The ffmpeg binary (aac). */
  ffmpeg: string;
}

export interface EncoderDriver {
  format: ResponseFormat;
  /** Resolves to true, or to a sentence saying why this format cannot be served on this machine. */
  available(settings: EncoderSettings): Promise<true | string>;
  create(sampleRate: number, settings: EncoderSettings): Promise<Encoder>;
}
