// Minimal Ogg muxer (RFC 3533) for one logical stream: packets in, complete OggS pages out.
// Pages are cut whenever the caller flushes, so a streaming response never waits on a full page.

const CRC_TABLE = (() => {
  // Ogg uses the MSB-first CRC-32 with polynomial 0x04C11DB7, no reflection, init 0, no final xor.
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

export function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < bytes.length; i++) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ bytes[i]) & 0xff]) >>> 0;
  return crc;
}

interface Pending {
  data: Uint8Array;
  granule: bigint;
}

const MAX_SEGMENTS = 255;

export class OggStream {
  private queue: Pending[] = [];
  /** Offset into queue[0].data already written on an earlier page (a packet split across pages). */
  private partial = 0;
  private seq = 0;
  private started = false;
  private ended = false;

  constructor(private readonly serial: number = (Math.random() * 0x100000000) >>> 0) {}

  /** Queues a packet; granule is the stream position (in codec units) after this packet ends. */
  packet(data: Uint8Array, granule: bigint): void {
    if (this.ended) throw new Error('Ogg stream already ended');
    this.queue.push({ data, granule });
  }

  /**
   * Emits all queued packets as one or more pages. With eos the final page carries the
   * end-of-stream flag; an eos flush with nothing queued still writes an empty closing page.
   */
  flush(eos = false): Uint8Array[] {
    const pages: Uint8Array[] = [];
    while (this.queue.length > 0) {
      pages.push(this.page(eos));
    }
    if (eos && !this.ended) {
      // Only reached when nothing was queued: close the stream with an empty page.
      pages.push(this.build([], -1n, this.partial > 0, true));
    }
    if (eos) this.ended = true;
    return pages;
  }

  private page(eos: boolean): Uint8Array {
    const lacing: number[] = [];
    const bodies: Uint8Array[] = [];
    const continued = this.partial > 0;
    let granule = -1n; // stays -1 when no packet finishes on this page, as the spec requires
    while (this.queue.length > 0 && lacing.length < MAX_SEGMENTS) {
      const p = this.queue[0];
      const rest = p.data.length - this.partial;
      const room = MAX_SEGMENTS - lacing.length;
      const full = Math.floor(rest / 255);
      if (full + 1 <= room) {
        // The whole remainder fits, including its terminating lacing value (< 255).
        for (let i = 0; i < full; i++) lacing.push(255);
        lacing.push(rest % 255);
        bodies.push(p.data.subarray(this.partial));
        granule = p.granule;
        this.queue.shift();
        this.partial = 0;
      } else {
        // Fill the page with 255-byte segments; the packet continues on the next page.
        for (let i = 0; i < room; i++) lacing.push(255);
        bodies.push(p.data.subarray(this.partial, this.partial + room * 255));
        this.partial += room * 255;
      }
    }
    const last = eos && this.queue.length === 0;
    if (last) this.ended = true;
    return this.build(lacing, granule, continued, last, bodies);
  }

  private build(lacing: number[], granule: bigint, continued: boolean, eos: boolean, bodies: Uint8Array[] = []): Uint8Array {
    const bodyLen = bodies.reduce((s, b) => s + b.length, 0);
    const out = new Uint8Array(27 + lacing.length + bodyLen);
    const dv = new DataView(out.buffer);
    out.set([0x4f, 0x67, 0x67, 0x53], 0); // "OggS"
    out[4] = 0; // version
    out[5] = (continued ? 1 : 0) | (this.started ? 0 : 2) | (eos ? 4 : 0);
    dv.setBigUint64(6, BigInt.asUintN(64, granule), true);
    dv.setUint32(14, this.serial, true);
    dv.setUint32(18, this.seq++, true);
    // CRC field (22..25) stays zero while the checksum is computed.
    out[26] = lacing.length;
    out.set(lacing, 27);
    let o = 27 + lacing.length;
    for (const b of bodies) {
      out.set(b, o);
      o += b.length;
    }
    dv.setUint32(22, oggCrc(out), true);
    this.started = true;
    return out;
  }
}
