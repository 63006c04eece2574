// OpenAI's speech contract: the names, limits and content types every other module agrees on.
// Source: ../shared/reference/openai-speech-api.md

export const OPENAI_VOICES = [
  'alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx',
  'nova', 'sage', 'shimmer', 'verse', 'marin', 'cedar',
] as const;
export type OpenAIVoice = (typeof OPENAI_VOICES)[number];

export const OPENAI_MODELS = ['tts-1', 'tts-1-hd', 'gpt-4o-mini-tts', 'gpt-4o-mini-tts-2025-12-15'] as const;

export const RESPONSE_FORMATS = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const;
export type ResponseFormat = (typeof RESPONSE_FORMATS)[number];

export const STREAM_FORMATS = ['audio', 'sse'] as const;
export type StreamFormat = (typeof STREAM_FORMATS)[number];

export const CONTENT_TYPES: Record<ResponseFormat, string> = {
  mp3: 'audio/mpeg',
  opus: 'audio/opus',
  aac: 'audio/aac',
  flac: 'audio/flac',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
};

/** Every format leaves the server as 24 kHz mono, like OpenAI's. */
export const OUTPUT_SAMPLE_RATE = 24000;

export const MAX_INPUT_CHARS = 4096;
export const MIN_SPEED = 0.25;
export const MAX_SPEED = 4;

export interface SpeechRequest {
  model: string;
  input: string;
  voice: string | { id: string };
  instructions?: string;
  response_format: ResponseFormat;
  speed: number;
  stream_format: StreamFormat;
}
