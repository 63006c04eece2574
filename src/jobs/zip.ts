// A store-only zip (no compression: audio does not shrink) of files whose sizes and CRC-32s are
// known in advance, so the archive is streamed with its exact length and no data descriptors.
// Classic zip only: over 4 GiB (or 65,535 files) it refuses, and the caller answers 413.

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (zip's, IEEE 802.3), carried over chunks: crc32(b, crc32(a)) is the CRC of a then b. */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let c = ~previous >>> 0;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

export interface ZipEntry {
  name: string;
  size: number;
  crc: number;
  data: () => AsyncIterable<Uint8Array>;
}

export const ZIP_LIMIT = 0xffffffff;

/** The archive's length, or undefined when it does not fit a classic zip. */
export function zipSize(entries: ZipEntry[]): number | undefined {
  let offset = 0;
  let central = 0;
  for (const e of entries) {
    if (offset > ZIP_LIMIT) return undefined;
    const name = Buffer.byteLength(e.name);
    offset += 30 + name + e.size;
    central += 46 + name;
  }
  const total = offset + central + 22;
  return entries.length > 0xffff || offset > ZIP_LIMIT || total > ZIP_LIMIT ? undefined : total;
}

// 1980-01-01 00:00 would do; the date is today's, in DOS form.
function dosTime(d = new Date()) {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((Math.max(1980, d.getFullYear()) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

export async function* zipStream(entries: ZipEntry[]): AsyncGenerator<Uint8Array> {
  if (zipSize(entries) === undefined) throw new RangeError('too large for a zip file');
  const { time, date } = dosTime();
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4); // version needed: 1.0 (stored)
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(0, 8); // method: stored
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.size, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    yield local;
    yield name;
    let n = 0;
    for await (const chunk of e.data()) { n += chunk.length; yield chunk; }
    if (n !== e.size) throw new Error(`zip entry ${e.name}: ${n} bytes, expected ${e.size}`);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(0x031e, 4); // made by: Unix, 3.0
    c.writeUInt16LE(10, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt16LE(0, 10);
    c.writeUInt16LE(time, 12);
    c.writeUInt16LE(date, 14);
    c.writeUInt32LE(e.crc >>> 0, 16);
    c.writeUInt32LE(e.size, 20);
    c.writeUInt32LE(e.size, 24);
    c.writeUInt16LE(name.length, 28);
    // extra, comment, disk, internal attributes: 0
    c.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external: a regular file, rw-r--r--
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += 30 + name.length + e.size;
  }
  const dir = Buffer.concat(central);
  yield dir;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  yield end;
}
