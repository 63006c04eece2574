// Reads an ONNX file's metadata_props (ModelProto field 14) without loading the model: real
// models are 60-350 MB, and start-up only needs the few strings sherpa-onnx itself reads
// (model_type, comment, sample_rate, speaker_names, ...). Top-level fields are walked and the big
// ones (the graph) skipped by their length prefix. Every length is checked against the file
// before anything is allocated: a file from an archive is untrusted input.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** The longest metadata entry accepted; real ones are under 4 KB (103 Kokoro speaker names). */
export const MAX_META_ENTRY = 1 << 20;

export async function readOnnxMetadata(path: string): Promise<Record<string, string>> {
  // O_NONBLOCK: a FIFO named model.onnx must fail here, not hold a thread forever waiting for a writer.
  const file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = await file.stat();
    if (!stat.isFile()) throw new Error(`${path} is not a regular file`);
    const size = stat.size;
    let pos = 0;
    const out: Record<string, string> = {};
    const head = Buffer.alloc(10);
    const readVarint = async (): Promise<number> => {
      const { bytesRead } = await file.read(head, 0, 10, pos);
      let value = 0, shift = 0, i = 0;
      for (;;) {
        if (i >= bytesRead) throw new Error(`${path} is not an ONNX model (truncated varint)`);
        const b = head[i++];
        value += (b & 0x7f) * 2 ** shift;
        shift += 7;
        if (!(b & 0x80)) break;
        if (i >= 10) throw new Error(`${path} is not an ONNX model (bad varint)`);
      }
      pos += i;
      return value;
    };
    while (pos < size) {
      const key = await readVarint();
      const field = Math.floor(key / 8), wire = key % 8;
      if (wire === 0) await readVarint();
      else if (wire === 1) pos += 8;
      else if (wire === 5) pos += 4;
      else if (wire === 2) {
        const length = await readVarint();
        if (length > size - pos) throw new Error(`${path} is not an ONNX model (field ${field} claims ${length} bytes, ${size - pos} left)`);
        if (field === 14) {
          if (length > MAX_META_ENTRY) throw new Error(`${path}: a metadata entry of ${length} bytes is too large`);
          const entry = Buffer.alloc(length);
          await file.read(entry, 0, length, pos);
          const [k, v] = parseEntry(entry, path);
          out[k] = v;
        }
        pos += length;
      } else throw new Error(`${path} is not an ONNX model (wire type ${wire})`);
    }
    if (pos !== size) throw new Error(`${path} is not an ONNX model (truncated)`);
    return out;
  } finally {
    await file.close();
  }
}

/** StringStringEntryProto: key = 1, value = 2. */
function parseEntry(buf: Buffer, path: string): [string, string] {
  const parts: string[] = ['', ''];
  let i = 0;
  while (i < buf.length) {
    const key = buf[i++];
    let len = 0, shift = 0, b: number;
    do {
      if (i >= buf.length || shift > 28) throw new Error(`${path}: malformed metadata entry`);
      b = buf[i++]; len += (b & 0x7f) * 2 ** shift; shift += 7;
    } while (b & 0x80);
    if ((key & 7) !== 2 || len > buf.length - i) throw new Error(`${path}: malformed metadata entry`);
    const field = key >> 3;
    if (field === 1 || field === 2) parts[field - 1] = buf.toString('utf8', i, i + len);
    i += len;
  }
  return [parts[0], parts[1]];
}
