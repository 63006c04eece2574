// OpenAI's "pcm": headerless 24 kHz mono s16le.
import type { EncoderDriver } from './types.js';
import { pcmBytes } from './bytes.js';

const pcm: EncoderDriver = {
  format: 'pcm',
  available: async () => true,
  async create() {
    return {
      write: (block) => (block.length ? [pcmBytes(block)] : []),
      end: () => [],
      close() {},
    };
  },
};

export default pcm;
