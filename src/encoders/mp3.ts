// MP3 like OpenAI's: MPEG-2 Layer III, 24 kHz mono, CBR 128 kb/s, LAME compiled to wasm.
import { createEncoder, createMp3Encoder, type WasmMediaEncoder } from 'wasm-media-encoders';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { EncoderDriver } from './types.js';
import { int16ToFloat32 } from './bytes.js';
import { OUTPUT_SAMPLE_RATE } from '../contract.js';
import { insertAfter, patchFunctions, type FunctionPatch } from '../wasm/edit.js';

type Mp3 = WasmMediaEncoder<'audio/mpeg'>;

/**
 * LAME's quality setting (lame_set_quality; the package leaves LAME's default, 3). wasm-media-encoders
 * exposes no setter, so its `enc_init` gets one store after lame_init(), into lame_global_flags'
 * `quality` (offset 44, which lame_init_params reads). 7 keeps the psychoacoustic model and drops
 * noise shaping: it encodes in about half the time, and at 128 kb/s for 24 kHz mono there is no
 * shortage of bits for shaping to hide. On 112 s of kal16 the coding noise is 53.7 dB below the
 * speech at 7 and 46.1 dB at 3, log-spectral distance 1.92 and 2.08 dB (BENCHMARKS.md, "Patched
 * WebAssembly and steady state"; test/wasm-patches.test.ts). Written against wasm-media-encoders 0.7's mp3.wasm; another build is
 * used as shipped.
 */
export const LAME_QUALITY = 7;
const SET_QUALITY: FunctionPatch = {
  name: 'enc_init',
  original: '83094f8611c7d5d8e1648332c7b33bfe5d188e649568d351de58c0636d7554d0',
  // After `enc->lame = lame_init()` (function 226, stored at offset 28): if it is not null, set the quality.
  body: insertAfter('call 226\nlocal.tee 3\ni32.store offset=28', `local.get 3\nif\nlocal.get 3\ni32.const ${LAME_QUALITY}\ni32.store offset=44\nend`),
};

/** Whether this thread's compiled LAME has the quality patch (false until the first encoder). */
export let lameQualityApplied = false;
// The default factory decodes an inlined base64 wasm on every call; compiling the shipped .wasm once
// per thread makes a new encoder per response cheap.
let compiled: Promise<WebAssembly.Module | null> | undefined;

async function newEncoder(): Promise<Mp3> {
  compiled ??= (async () => {
    try {
      const file = createRequire(import.meta.url).resolve('wasm-media-encoders/wasm/mp3');
      const { bytes, applied } = patchFunctions(await readFile(file), [SET_QUALITY]);
      const module = await WebAssembly.compile(bytes);
      lameQualityApplied = applied.length > 0;
      return module;
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
