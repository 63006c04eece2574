// How long the audio an upstream sent is, read from the stream as it passes (for usage records):
// mp3 by walking its frame headers, wav from its header and data size, pcm from its byte count.
// Other formats answer null (unknown), never a guess.
import type { ResponseFormat } from '../contract.js';

export interface Meter { push(chunk: Uint8Array): void; seconds(): number | null }

const MP3_RATES = [[11025, 12000, 8000], null, [22050, 24000, 16000], [44100, 48000, 32000]] as const;
const L3_KBPS_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const L3_KBPS_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

/** MPEG audio layer III frames: samples per frame over the sample rate, summed. */
function mp3Meter(): Meter {
  let pending = new Uint8Array(0);
  let skip = 0; // bytes of an ID3v2 tag still to pass
  let seconds = 0;
  let frames = 0;
  let first = true;
  return {
    push(chunk) {
      const buf = new Uint8Array(pending.length + chunk.length);
      buf.set(pending);
      buf.set(chunk, pending.length);
      let pos = 0;
      if (skip > 0) { const n = Math.min(skip, buf.length); skip -= n; pos = n; }
      while (pos + 10 <= buf.length) {
        if (first && buf[pos] === 0x49 && buf[pos + 1] === 0x44 && buf[pos + 2] === 0x33) { // "ID3"
          const size = ((buf[pos + 6] & 0x7f) << 21) | ((buf[pos + 7] & 0x7f) << 14) | ((buf[pos + 8] & 0x7f) << 7) | (buf[pos + 9] & 0x7f);
          const total = 10 + size + (buf[pos + 5] & 0x10 ? 10 : 0);
          first = false;
          if (pos + total > buf.length) { skip = pos + total - buf.length; pos = buf.length; break; }
          pos += total;
          continue;
        }
        first = false;
        const b1 = buf[pos + 1];
        const b2 = buf[pos + 2];
        const version = (b1 >> 3) & 3;
        const rates = MP3_RATES[version];
        const bitrate = (version === 3 ? L3_KBPS_V1 : L3_KBPS_V2)[(b2 >> 4) & 15];
        const rate = rates?.[(b2 >> 2) & 3];
        if (buf[pos] !== 0xff || (b1 & 0xe0) !== 0xe0 || ((b1 >> 1) & 3) !== 1 || !rate || !bitrate) { pos += 1; continue; }
        const length = Math.floor(((version === 3 ? 144 : 72) * bitrate * 1000) / rate) + ((b2 >> 1) & 1);
        if (pos + length > buf.length) break;
        seconds += (version === 3 ? 1152 : 576) / rate;
        frames += 1;
        pos += length;
      }
      pending = buf.slice(pos);
    },
    seconds: () => (frames > 0 ? seconds : null),
  };
}

/** RIFF WAVE: the fmt chunk's byte rate, then every byte after the data chunk's header. */
function wavMeter(): Meter {
  let head = new Uint8Array(0);
  let byteRate = 0;
  let data = -1; // bytes of sample data seen; -1 until the data chunk starts
  return {
    push(chunk) {
      if (data >= 0) { data += chunk.length; return; }
      const buf = new Uint8Array(head.length + chunk.length);
      buf.set(head);
      buf.set(chunk, head.length);
      head = buf;
      const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      let pos = 12;
      while (pos + 8 <= buf.length) {
        const id = String.fromCharCode(buf[pos], buf[pos + 1], buf[pos + 2], buf[pos + 3]);
        const size = view.getUint32(pos + 4, true);
        if (id === 'data') { data = buf.length - (pos + 8); head = new Uint8Array(0); return; }
        if (id === 'fmt ' && pos + 16 <= buf.length) byteRate = view.getUint32(pos + 16, true);
        pos += 8 + size + (size & 1);
      }
    },
    seconds: () => (data >= 0 && byteRate > 0 ? data / byteRate : null),
  };
}

function pcmMeter(): Meter {
  let bytes = 0;
  return { push: (c) => { bytes += c.length; }, seconds: () => bytes / 48000 };
}

export function meterFor(format: ResponseFormat): Meter | undefined {
  if (format === 'mp3') return mp3Meter();
  if (format === 'wav') return wavMeter();
  if (format === 'pcm') return pcmMeter();
  return undefined;
}
