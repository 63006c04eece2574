// Changing single functions of a compiled WebAssembly program (flite's hot loops, LAME's quality
// setting) without a toolchain: new code is written in the text format's flat form, the subset
// wasm2wat prints, assembled here, and put in the place of the original body or inserted into it.
// A patch only applies over the exact body it was written for (its SHA-256), so a different
// build of the program runs unchanged.
import { createHash } from 'node:crypto';
import { ModuleReader, uleb, type Section } from './module.js';

export interface FunctionPatch {
  /** The function's name in the module's name section, or the name it is exported as. */
  name: string;
  /** SHA-256 (hex) of the original body, locals included: the body the patch was written against. */
  original: string;
  /** The new body, locals included, from the original one (see replaceBody, insertAfter). */
  body(original: Uint8Array, functions: (name: string) => number): Uint8Array;
}

/** A whole new body: `(param $x i32)`/`(local $y v128)` lines, then flat instructions. */
export const replaceBody = (wat: string): FunctionPatch['body'] => (_, functions) => assemble(wat, functions);

/**
 * The original body with `insertion` added after the one place where the instructions `after`
 * occur (numbered locals, as the original's); an error if they occur nowhere or twice.
 */
export const insertAfter = (after: string, insertion: string): FunctionPatch['body'] => (original, functions) => {
  const pattern = instructions(after, functions);
  const at = indexOf(original, pattern);
  if (at < 0 || indexOf(original, pattern, at + 1) >= 0) throw new Error('wasm: the instructions to insert after must occur exactly once');
  const end = at + pattern.length;
  return new Uint8Array([...original.subarray(0, end), ...instructions(insertion, functions), ...original.subarray(end)]);
};

function indexOf(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}


const sleb = (n: bigint): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = Number(n & 0x7fn);
    n >>= 7n;
    if ((n === 0n && !(b & 0x40)) || (n === -1n && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
};

const TYPES: Record<string, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/** Instructions with no immediate, or only a memory argument (natural alignment as log2). */
const PLAIN: Record<string, number> = {
  unreachable: 0x00, else: 0x05, end: 0x0b, return: 0x0f, drop: 0x1a, select: 0x1b,
  'i32.eqz': 0x45, 'i32.eq': 0x46, 'i32.ne': 0x47, 'i32.lt_s': 0x48, 'i32.lt_u': 0x49, 'i32.gt_s': 0x4a, 'i32.gt_u': 0x4b,
  'i32.le_s': 0x4c, 'i32.le_u': 0x4d, 'i32.ge_s': 0x4e, 'i32.ge_u': 0x4f, 'i64.eqz': 0x50, 'i64.eq': 0x51, 'i64.ne': 0x52, 'f64.lt': 0x63,
  'i32.clz': 0x67, 'i32.ctz': 0x68, 'i32.add': 0x6a, 'i32.sub': 0x6b, 'i32.mul': 0x6c, 'i32.div_s': 0x6d, 'i32.div_u': 0x6e,
  'i32.and': 0x71, 'i32.or': 0x72, 'i32.xor': 0x73, 'i32.shl': 0x74, 'i32.shr_s': 0x75, 'i32.shr_u': 0x76,
  'i64.ctz': 0x7a, 'i64.add': 0x7c, 'i64.sub': 0x7d, 'i64.and': 0x83, 'i64.or': 0x84, 'i64.xor': 0x85, 'i64.shr_u': 0x88,
  'f64.abs': 0x99, 'f64.mul': 0xa2, 'i32.wrap_i64': 0xa7, 'i32.trunc_f64_s': 0xaa, 'i64.extend_i32_u': 0xad, 'f64.promote_f32': 0xbb,
};
const MEMORY: Record<string, [op: number, align: number]> = {
  'i32.load': [0x28, 2], 'i64.load': [0x29, 3], 'f32.load': [0x2a, 2], 'i32.load8_u': [0x2d, 0], 'i32.load16_s': [0x2e, 1],
  'i32.load16_u': [0x2f, 1], 'i32.store': [0x36, 2], 'i32.store16': [0x3b, 1],
};
/** SIMD (0xfd prefix): [opcode, natural alignment for loads/stores, or -1]. */
const SIMD: Record<string, [op: number, align: number]> = {
  'v128.load': [0x00, 4], 'i32x4.splat': [0x11, -1], 'i32x4.add': [0xae, -1], 'i32x4.mul': [0xb5, -1],
};

/**
 * Assembles one function body (locals declaration + code + final `end`). `functions` resolves
 * `call $name`; locals and params are named (`$x`) or numbered. Blocks are void unless followed by
 * `(result T)`; branch depths are numbers, as wasm2wat prints them.
 */
export function assemble(wat: string, functions: (name: string) => number): Uint8Array {
  const locals: number[] = [];
  const code = instructions(wat, functions, locals);
  const groups: number[][] = [];
  for (const type of locals) {
    const last = groups.at(-1);
    if (last && last[1] === type) last[0]++;
    else groups.push([1, type]);
  }
  return new Uint8Array([...uleb(groups.length), ...groups.flatMap(([n, t]) => [...uleb(n), t]), ...code, 0x0b]);
}

/** The bytes of flat instructions; `(param)`/`(local)` lines name locals (their types go to `locals`). */
function instructions(wat: string, functions: (name: string) => number, locals: number[] = []): Uint8Array {
  const lines = wat.split('\n').map((l) => l.replace(/;;.*$/, '').trim()).filter(Boolean);
  const names = new Map<string, number>();
  let count = 0;
  const code: number[] = [];
  for (const line of lines) {
    const decl = /^\((param|local) \$(\w+) (\w+)\)$/.exec(line);
    if (decl) {
      const [, kind, name, type] = decl;
      if (!(type in TYPES)) throw new Error(`wat: unknown type ${type}`);
      if (kind === 'local') locals.push(TYPES[type]);
      else if (locals.length) throw new Error('wat: params come before locals');
      names.set(name, count++);
      continue;
    }
    const [word, ...rest] = line.split(/\s+/);
    const arg = rest.join(' ');
    const local = () => {
      const index = arg.startsWith('$') ? names.get(arg.slice(1)) : Number(arg);
      if (index === undefined || !Number.isInteger(index)) throw new Error(`wat: unknown local ${arg}`);
      return uleb(index);
    };
    if (word in PLAIN && !arg) code.push(PLAIN[word]);
    else if (word === 'block' || word === 'loop' || word === 'if') {
      const result = /^\(result (\w+)\)$/.exec(arg);
      if (arg && !result) throw new Error(`wat: ${line}`);
      code.push({ block: 0x02, loop: 0x03, if: 0x04 }[word], result ? TYPES[result[1]] : 0x40);
    } else if (word === 'br' || word === 'br_if') code.push(word === 'br' ? 0x0c : 0x0d, ...uleb(Number(arg)));
    else if (word === 'local.get' || word === 'local.set' || word === 'local.tee') code.push({ 'local.get': 0x20, 'local.set': 0x21, 'local.tee': 0x22 }[word], ...local());
    else if (word === 'call') code.push(0x10, ...uleb(/^\d+$/.test(arg) ? Number(arg) : functions(arg.replace(/^\$/, ''))));
    else if (word === 'call_indirect') {
      const type = /^\(type (\d+)\)$/.exec(arg);
      if (!type) throw new Error(`wat: ${line}`);
      code.push(0x11, ...uleb(Number(type[1])), 0x00);
    } else if (word === 'i32.const' || word === 'i64.const') code.push(word === 'i32.const' ? 0x41 : 0x42, ...sleb(BigInt(arg)));
    else if (word === 'f64.const') code.push(0x44, ...new Uint8Array(new Float64Array([Number(arg)]).buffer));
    else if (word === 'memory.size') code.push(0x3f, 0x00);
    else if (word in MEMORY || (word in SIMD && SIMD[word][1] >= 0)) {
      const [prefix, [op, align]] = word in MEMORY ? [[], MEMORY[word]] : [[0xfd], SIMD[word]];
      const offset = /^(?:offset=(\d+))?$/.exec(arg);
      if (!offset) throw new Error(`wat: ${line}`);
      code.push(...prefix, ...uleb(op), align, ...uleb(Number(offset[1] ?? 0)));
    } else if (word === 'i32x4.extract_lane') code.push(0xfd, ...uleb(0x1b), Number(arg));
    else if (word in SIMD && !arg) code.push(0xfd, ...uleb(SIMD[word][0]));
    else throw new Error(`wat: unknown instruction: ${line}`);
  }
  return new Uint8Array(code);
}

/**
 * `bytes` with each patch whose original body is found in place of that body; the module's
 * other bytes are kept as they are. Returns the names of the functions replaced.
 */
export function patchFunctions(bytes: Uint8Array, patches: FunctionPatch[]): { bytes: Uint8Array<ArrayBuffer>; applied: string[] } {
  const r = new ModuleReader(bytes);
  let imported = 0;
  let code: Section | undefined;
  const byName = new Map<string, number>();
  const exported = new Map<string, number>();
  for (const section of r.sections()) {
    if (section.id === 2) {
      for (let i = 0, n = r.leb(); i < n; i++) {
        r.name();
        r.name();
        const kind = bytes[r.at++];
        if (kind === 0) { r.leb(); imported++; continue; }
        if (kind === 1) r.at++; // a table's element type, then its limits as a memory's
        if (kind === 1 || kind === 2) { const flags = r.leb(); r.leb(); if (flags & 1) r.leb(); } else r.at += 2; // a global: type, mutability
      }
    } else if (section.id === 7) {
      for (let i = 0, n = r.leb(); i < n; i++) {
        const name = r.name();
        const kind = bytes[r.at++];
        const index = r.leb();
        if (kind === 0) exported.set(name, index);
      }
    } else if (section.id === 10) code = section;
    else {
      // Subsection 1: function names.
      for (const sub of r.nameSubsections(section)) {
        if (sub === 1) for (let i = 0, n = r.leb(); i < n; i++) { const index = r.leb(); byName.set(r.name(), index); }
      }
    }
  }
  if (!code) return { bytes: bytes.slice(), applied: [] };
  for (const [name, index] of exported) if (!byName.has(name)) byName.set(name, index);
  const functionIndex = (name: string) => {
    const index = byName.get(name);
    if (index === undefined) throw new Error(`wasm: no function named ${name}`);
    return index;
  };

  r.at = code.start;
  const bodies: Uint8Array[] = [];
  for (let i = 0, n = r.leb(); i < n; i++) {
    const size = r.leb();
    bodies.push(bytes.subarray(r.at, (r.at += size)));
  }
  const applied: string[] = [];
  for (const patch of patches) {
    const slot = (byName.get(patch.name) ?? -1) - imported;
    const body = bodies[slot];
    if (!body || createHash('sha256').update(body).digest('hex') !== patch.original) continue;
    bodies[slot] = patch.body(body, functionIndex);
    applied.push(patch.name);
  }
  if (!applied.length) return { bytes: bytes.slice(), applied };
  const payload = [...uleb(bodies.length)];
  const parts: Uint8Array[] = [];
  for (const body of bodies) parts.push(new Uint8Array(uleb(body.length)), body);
  const length = payload.length + parts.reduce((n, p) => n + p.length, 0);
  return { bytes: Buffer.concat([bytes.subarray(0, code.header), new Uint8Array([10, ...uleb(length), ...payload]), ...parts, bytes.subarray(code.end)]), applied };
}
