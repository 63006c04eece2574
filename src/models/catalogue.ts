// Models `mynah models pull` knows by name: sherpa-onnx's own packagings, published as
// `.tar.bz2` archives on the `tts-models` release of github.com/k2-fsa/sherpa-onnx. Sizes are
// approximate (for the progress bar and the listing); the download is checked against the
// server's Content-Length, and against a sha256 when one is given (`--sha256`).

export interface CatalogueEntry {
  name: string;
  family: 'kokoro' | 'piper' | 'matcha' | 'kitten';
  description: string;
  /** Approximate archive size in MB. */
  sizeMB: number;
  sha256?: string;
  /** Files fetched into the model folder after unpacking (Matcha's vocoder is published apart). */
  extras?: { file: string; url: string }[];
}

export const DEFAULT_MODELS_URL = 'https://github.com/k2-fsa/sherpa-onnx/releases/download/tts-models';
const VOCODER_URL = 'https://github.com/k2-fsa/sherpa-onnx/releases/download/vocoder-models/vocos-22khz-univ.onnx';

export const CATALOGUE: CatalogueEntry[] = [
  { name: 'kokoro-multi-lang-v1_0', family: 'kokoro', sizeMB: 333, description: 'Kokoro v1.0: 53 speakers; English, Chinese, Spanish, French, Hindi, Italian, Portuguese (tts-1-hd, gpt-4o-mini-tts)' },
  { name: 'kokoro-multi-lang-v1_1', family: 'kokoro', sizeMB: 340, description: 'Kokoro v1.1-zh: 103 speakers (100 Chinese), better Chinese; English and Chinese' },
  { name: 'kokoro-en-v0_19', family: 'kokoro', sizeMB: 305, description: 'Kokoro v0.19: 11 English speakers' },
  { name: 'vits-piper-en_US-lessac-medium', family: 'piper', sizeMB: 64, description: 'Piper lessac, US English (tts-1)' },
  { name: 'vits-piper-de_DE-thorsten-medium', family: 'piper', sizeMB: 64, description: 'Piper thorsten, German' },
  { name: 'vits-piper-es_ES-davefx-medium', family: 'piper', sizeMB: 64, description: 'Piper davefx, Spanish' },
  { name: 'vits-piper-fr_FR-siwis-medium', family: 'piper', sizeMB: 64, description: 'Piper siwis, French' },
  { name: 'vits-piper-vi_VN-vais1000-medium', family: 'piper', sizeMB: 64, description: 'Piper vais1000, Vietnamese' },
  {
    name: 'matcha-icefall-en_US-ljspeech', family: 'matcha', sizeMB: 73, description: 'Matcha-TTS LJSpeech, US English (+ 51 MB vocos vocoder)',
    extras: [{ file: 'vocos-22khz-univ.onnx', url: VOCODER_URL }],
  },
  { name: 'kitten-nano-en-v0_1-fp16', family: 'kitten', sizeMB: 25, description: 'KittenTTS nano: 8 English speakers, small and fast' },
];

/** Where archives come from: MYNAH_MODELS_URL (a mirror, or a local server in tests) or GitHub. */
export const modelsBaseUrl = (env: NodeJS.ProcessEnv = process.env) => (env.MYNAH_MODELS_URL || DEFAULT_MODELS_URL).replace(/\/+$/, '');

/** A mirror (MYNAH_MODELS_URL) serves the extra files beside the archives, under their file names. */
export const extraUrl = (extra: { file: string; url: string }, env: NodeJS.ProcessEnv = process.env) =>
  env.MYNAH_MODELS_URL ? `${modelsBaseUrl(env)}/${extra.file}` : extra.url;
