// A finished job is encoded once, in encoder threads (the event loop keeps serving), and stored:
// the whole book, plus one file per chapter when it has several. Called by the job's own process
// when its last piece is done (local.ts), or by the replica that took the job's assembly from the
// queue (redis.ts). The first store keeps every file; the others get a copy where they will.
import type { ResponseFormat } from '../contract.js';
import { threadEncoder } from '../encoders/thread.js';
import type { EncoderSettings } from '../encoders/types.js';
import { bookSamples, encodeInOrder } from './assemble.js';
import { crc32 } from './zip.js';
import type { ChapterSpan, JobResult, ResultStore, StoredFile } from './types.js';

export const BOOK = 'book';
/** The stored name of chapter n (from 1); a book of one chapter is that chapter. */
const chapterFile = (n: number) => `chapter-${n}`;
export const chapterName = (result: JobResult, n: number) => (result.chapters.length === 1 ? BOOK : chapterFile(n));

export interface StoreJobOptions {
  id: string;
  format: ResponseFormat;
  settings: EncoderSettings;
  chapters: ChapterSpan[];
  /** Samples of each piece, in order. */
  samples: number[];
  piece: (index: number) => Promise<Int16Array>;
  primary: ResultStore;
  copies?: ResultStore[];
  /** This replica's name, for a file only its disk holds. */
  replica?: string;
  signal?: AbortSignal;
}

async function* tap(bytes: AsyncIterable<Uint8Array>, file: StoredFile) {
  for await (const b of bytes) {
    file.crc = crc32(b, file.crc);
    file.bytes += b.length;
    yield b;
  }
}

export async function storeJob(o: StoreJobOptions): Promise<JobResult> {
  const spans: { title: string; first: number; count: number }[] = [];
  let first = 0;
  for (const c of o.chapters) { spans.push({ title: c.title, first, count: c.pieces }); first += c.pieces; }
  async function* pieces(from: number, count: number) {
    for (let i = from; i < from + count; i++) {
      if (o.signal?.aborted) throw new Error('cancelled');
      yield await o.piece(i);
    }
  }
  const encode = async (name: string, from: number, count: number) => {
    const file: StoredFile = { bytes: 0, crc: 0 };
    await o.primary.put(o.id, name, tap(encodeInOrder(o.format, o.settings, pieces(from, count), undefined, threadEncoder), file));
    return file;
  };
  // The whole and the chapters are encoded side by side, each in a thread.
  const [book, chapters] = await Promise.all([
    encode(BOOK, 0, o.samples.length),
    (async () => {
      if (spans.length < 2) return [];
      const out: StoredFile[] = [];
      for (const [i, s] of spans.entries()) out.push(await encode(chapterFile(i + 1), s.first, s.count));
      return out;
    })(),
  ]);
  const result: JobResult = {
    ...book,
    chapters: spans.map((s, i) => ({ title: s.title, samples: bookSamples(o.samples.slice(s.first, s.first + s.count)), ...(chapters[i] ?? book) })),
    where: o.primary.shared ? 'shared-dir' : 'dir',
    replica: o.replica,
  };
  if (!o.primary.shared) {
    let all = true;
    for (const copy of o.copies ?? []) {
      for (const [name, size] of [[BOOK, book.bytes], ...chapters.map((c, i) => [chapterFile(i + 1), c.bytes] as const)] as const) {
        const kept = await copy.put(o.id, name, o.primary.read(o.id, name, 0, size - 1), size);
        if (kept === undefined) all = false;
      }
      if (all) result.where = copy.kind === 'redis' ? 'redis' : result.where;
    }
  }
  return result;
}
