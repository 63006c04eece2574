// Opus in Ogg like OpenAI's: OpusHead v1, mono, pre-skip 312 (at 24 kHz input), 20 ms packets.
import { createRequire } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import type { EncoderDriver } from './types.js';
import { OggStream } from '../audio/ogg.js';

interface OpusEncoder {
  ctl(cmd: number, value?: number): number;
  encode(pcm: ArrayBufferView): Uint8Array;
}
type OpusCtor = new (o: { channels: 1 | 2; sample_rate: number; application: 'audio' | 'voip' }) => OpusEncoder;

const CTL_SET_BITRATE = 4002;
const CTL_SET_SIGNAL = 4024;
const SIGNAL_VOICE = 3001;
const CTL_GET_LOOKAHEAD = 4027;
const BITRATE = 32000; // transparent enough for 24 kHz speech; OpenAI does not document theirs
const PAGE_PACKETS = 10; // 200 ms per page at most, so bytes leave while a long block is encoded
const OPUS_RATES = new Set([8000, 12000, 16000, 24000, 48000]);

let ctor: OpusCtor | undefined;
function loadOpus(): OpusCtor {
  if (ctor) return ctor;
  const require = createRequire(import.meta.url);
  // The native addon is not context-aware: loading it inside a worker_thread segfaults the whole
  // process when the worker exits (seen with @evan/opus 1.0.3). Workers use the wasm build instead.
  const mod = isMainThread ? require('@evan/opus/lib.js') : require('@evan/opus/wasm/index.js');
  ctor = mod.Encoder as OpusCtor;
  return ctor;
}

function opusHead(preSkip: number, inputRate: number): Uint8Array {
  const h = new Uint8Array(19);
  const dv = new DataView(h.buffer);
  h.set(new TextEncoder().encode('OpusHead'), 0);
  h[8] = 1; // version
  h[9] = 1; // channels
  dv.setUint16(10, preSkip, true);
  dv.setUint32(12, inputRate, true);
  dv.setInt16(16, 0, true); // output gain
  h[18] = 0; // channel mapping family 0: mono/stereo, no table
  return h;
}

function opusTags(vendor: string): Uint8Array {
  const v = new TextEncoder().encode(vendor);
  const t = new Uint8Array(8 + 4 + v.length + 4);
  const dv = new DataView(t.buffer);
  t.set(new TextEncoder().encode('OpusTags'), 0);
  dv.setUint32(8, v.length, true);
  t.set(v, 12);
  dv.setUint32(12 + v.length, 0, true); // no user comments
  return t;
}

const opus: EncoderDriver = {
  format: 'opus',
  async available() {
    try {
      loadOpus();
      return true;
    } catch (e) {
      return `the Opus encoder (@evan/opus) could not be loaded: ${(e as Error).message}`;
    }
  },
  async create(sampleRate) {
    if (!OPUS_RATES.has(sampleRate)) throw new RangeError(`Opus cannot encode ${sampleRate} Hz input`);
    const Enc = loadOpus();
    const enc = new Enc({ channels: 1, sample_rate: sampleRate, application: 'audio' });
    enc.ctl(CTL_SET_BITRATE, BITRATE);
    enc.ctl(CTL_SET_SIGNAL, SIGNAL_VOICE);
    const toGranule = 48000 / sampleRate; // Ogg Opus granules always count 48 kHz samples
    const preSkip = Math.round(enc.ctl(CTL_GET_LOOKAHEAD) * toGranule);
    const frame = sampleRate / 50;
    const ogg = new OggStream();
    const pending = new Int16Array(frame);
    let filled = 0;
    let packets = 0;
    let inputSamples = 0;
    let headersSent = false;
    let done = false;

    const headers = (): Uint8Array[] => {
      if (headersSent) return [];
      headersSent = true;
      ogg.packet(opusHead(preSkip, sampleRate), 0n);
      const pages = ogg.flush();
      ogg.packet(opusTags('mynah (libopus via @evan/opus)'), 0n);
      return pages.concat(ogg.flush());
    };
    const encodeFrame = (last = false): void => {
      const data = enc.encode(pending).slice(); // native build reuses one output buffer
      packets++;
      const granule = last ? BigInt(preSkip + Math.round(inputSamples * toGranule)) : BigInt(packets * frame * toGranule);
      ogg.packet(data, granule);
      filled = 0;
    };

    return {
      write(pcm) {
        if (done) throw new Error('opus encoder already finished');
        const out = headers();
        inputSamples += pcm.length;
        for (let off = 0; off < pcm.length; ) {
          const n = Math.min(frame - filled, pcm.length - off);
          pending.set(pcm.subarray(off, off + n), filled);
          filled += n;
          off += n;
          if (filled === frame) {
            encodeFrame();
            if (packets % PAGE_PACKETS === 0) out.push(...ogg.flush());
          }
        }
        out.push(...ogg.flush());
        return out;
      },
      end() {
        if (done) return [];
        done = true;
        const out = headers();
        // Feed silence until the decoder, after dropping pre-skip, has produced every input sample;
        // the final granule then trims the padding away.
        const needed = preSkip + Math.round(inputSamples * toGranule);
        const frameGranules = frame * toGranule;
        while (filled > 0 || packets * frameGranules < needed) {
          pending.fill(0, filled);
          filled = frame;
          const last = (packets + 1) * frameGranules >= needed;
          encodeFrame(last);
        }
        out.push(...ogg.flush(true));
        return out;
      },
      close() {
        done = true; // both builds free the codec state when the encoder object is collected
      },
    };
  },
};

export default opus;
