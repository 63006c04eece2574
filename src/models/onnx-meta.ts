// Reads an ONNX file's metadata_props (ModelProto field 14) without loading the model: real
// models are 60-350 MB, and start-up only needs the few strings sherpa-onnx itself reads
// (model_type, comment, sample_rate, speaker_names, ...). Top-level fields are walked and the big
// ones (the graph) skipped by their length prefix.
import { open } from 'node:fs/promises';

export async function readOnnxMetadata(path: string): Promise<Record<string, string>> {
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    let pos = 0;
    const out: Record<string, string> = {};
    const head = Buffer.alloc(20);
    const readVarint = async (): Promise<number> => {
      await file.read(head, 0, 10, pos);
      let value = 0, shift = 0, i = 0;
      for (;;) {
        const b = head[i++];
        value += (b & 0x7f) * 2 ** shift;
        shift += 7;
        if (!(b & 0x80)) break;
        if (i >= 10) throw new Error('bad varint');
      }
      pos += i;
      return value;
    };
    while (pos < size) {
      const key = await readVarint();
      const field = Math.floor(key / 8), wire = key & 7;
      if (wire === 0) await readVarint();
      else if (wire === 1) pos += 8;
      else if (wire === 5) pos += 4;
      else if (wire === 2) {
        const length = await readVarint();
        if (field === 14) {
          const entry = Buffer.alloc(length);
          await file.read(entry, 0, length, pos);
          const [k, v] = parseEntry(entry);
          out[k] = v;
        }
        pos += length;
      } else throw new Error(`${path} is not an ONNX model (wire type ${wire})`);
    }
    return out;
  } finally {
    await file.close();
  }
}

/** StringStringEntryProto: key = 1, value = 2. */
function parseEntry(buf: Buffer): [string, string] {
  const parts: string[] = ['', ''];
  let i = 0;
  while (i < buf.length) {
    const key = buf[i++];
    let len = 0, shift = 0, b: number;
    do { b = buf[i++]; len += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    const field = key >> 3;
    if (field === 1 || field === 2) parts[field - 1] = buf.toString('utf8', i, i + len);
    i += len;
  }
  return [parts[0], parts[1]];
}
