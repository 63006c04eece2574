// MP3 like OpenAI's: MPEG-2 Layer III, 24 kHz mono, CBR 128 kb/s, LAME compiled to wasm.
import { createEncoder, createMp3Encoder, type WasmMediaEncoder } from 'wasm-media-encoders';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { EncoderDriver } from './types.js';
import { int16ToFloat32 } from './bytes.js';
import { OUTPUT_SAMPLE_RATE } from '../contract.js';

type Mp3 = WasmMediaEncoder<'audio/mpeg'>;
// The default factory decodes an inlined base64 wasm on every call; compiling the shipped .wasm once
// per thread makes a new encoder per response cheap.
let compiled: Promise<WebAssembly.Module | null> | undefined;

async function newEncoder(): Promise<Mp3> {
  compiled ??= (async () => {
    try {
      const file = createRequire(import.meta.url).resolve('wasm-media-encoders/wasm/mp3');
      return await WebAssembly.compile(await readFile(file));
    } catch {
      return null; // layout changed in some version: the slower factory still works
    }
  })();
  const module = await compiled;
  return module ? createEncoder('audio/mpeg', module) : createMp3Encoder();
}

const mp3: EncoderDriver = {
  format: 'mp3',
  available: async () => true,
  async create(sampleRate) {
    const enc = await newEncoder();
    enc.configure({ sampleRate, channels: 1, bitrate: 128, outputSampleRate: OUTPUT_SAMPLE_RATE });
    let done = false;
    return {
      write(pcm) {
        if (done) throw new Error('mp3 encoder already finished');
        if (pcm.length === 0) return [];
        // The returned view belongs to the encoder and is overwritten by the next call: copy it.
        const out = enc.encode([int16ToFloat32(pcm)]);
        return out.length ? [out.slice()] : [];
      },
      end() {
        if (done) return [];
        done = true;
        const out = enc.finalize();
        return out.length ? [out.slice()] : [];
      },
      close() {
        done = true; // wasm memory is reclaimed with the encoder object; nothing else to free
      },
    };
  },
};

export default mp3;
