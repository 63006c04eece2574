// Reading a WebAssembly module's binary: LEB128 numbers, names, its sections in order and the
// subsections of its `name` section. Shared by wasm/edit.ts (replacing functions) and
// engines/wasi-memory.ts (flite's memory image).

/** Unsigned LEB128, as WebAssembly writes sizes and indices. */
export const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};

/** A section: its id, where its header starts, where its content starts and ends. */
export interface Section { id: number; header: number; start: number; end: number }

export class ModuleReader {
  /** Where the next read starts: after the 8-byte preamble at first. */
  at = 8;

  constructor(readonly bytes: Uint8Array) {}

  leb(): number {
    let value = 0;
    let shift = 0;
    let byte: number;
    do { byte = this.bytes[this.at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    return value;
  }

  /** A name: its length, then its UTF-8 bytes. */
  name(): string {
    const length = this.leb();
    return new TextDecoder().decode(this.bytes.subarray(this.at, (this.at += length)));
  }

  /** The sections in order, `at` at each one's content; the next starts at its end, whatever was read. */
  *sections(): Generator<Section> {
    while (this.at < this.bytes.length) {
      const header = this.at;
      const id = this.bytes[this.at++];
      const size = this.leb();
      const start = this.at;
      yield { id, header, start, end: start + size };
      this.at = start + size;
    }
  }

  /** A custom section's name (leaves `at` after it). */
  customName(section: Section): string | undefined {
    if (section.id !== 0) return undefined;
    this.at = section.start;
    return this.name();
  }

  /** The ids of the `name` section's subsections, `at` at each one's content; none for another section. */
  *nameSubsections(section: Section): Generator<number> {
    if (this.customName(section) !== 'name') return;
    while (this.at < section.end) {
      const id = this.bytes[this.at++];
      const end = this.leb() + this.at;
      yield id;
      this.at = end;
    }
  }
}
