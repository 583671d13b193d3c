/**
 * The fuzzer's seeded mutator: `mutate(seed, rng)` returns a damaged copy of a seed file.
 *
 * Each mutant gets 1–3 edits drawn from (weights in `EDITS`):
 * - bit flips (1–8 random bits);
 * - a byte, or a 16/32-bit field in either byte order, set to an "interesting" value (0, 1, 0x7F,
 *   0x80, 0xFF, 0x7FFF, 0xFFFF, 2³¹−1, 2³¹, 2³²−1, …), anywhere in the file;
 * - header-field edits: the same values written where the format keeps its sizes and pointers
 *   (PNG IHDR width/height, BMP width/height/bit depth/compression/data offset, JPEG SOF
 *   dimensions, TIFF next-IFD pointers — aimed back at an earlier IFD — and the value or count of
 *   a tag such as ImageWidth, TileLength, RowsPerStrip or StripByteCounts, .npy shape text);
 * - duplication: a slice of the file (a PNG chunk, a TIFF IFD entry, or any span) copied in
 *   again at another place;
 * - truncation at a random length.
 * Everything is driven by the `Rng` passed in, so a (seed, index) pair always gives the same file.
 */
import type { Seed } from './seeds.ts';

/** A small fast PRNG (mulberry32) with helpers; same seed → same sequence. */
export class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0; }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number { return Math.floor(this.next() * n); }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]!; }
}

const INTERESTING = [0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 30000, 60000, 65535,
  0x7fffffff, 0x80000000, 0xffffffff];

type Edit = (b: Uint8Array, seed: Seed, rng: Rng) => Uint8Array;

function writeField(b: Uint8Array, at: number, width: 1 | 2 | 4, value: number, little: boolean): void {
  if (at < 0 || at + width > b.length) return;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (width === 1) v.setUint8(at, value & 0xff);
  else if (width === 2) v.setUint16(at, value & 0xffff, little);
  else v.setUint32(at, value >>> 0, little);
}

const flipBits: Edit = (b, _s, rng) => {
  for (let k = 1 + rng.int(8); k > 0; k--) {
    const i = rng.int(b.length);
    b[i]! ^= 1 << rng.int(8);
  }
  return b;
};

const setInteresting: Edit = (b, _s, rng) => {
  writeField(b, rng.int(b.length), rng.pick([1, 2, 4] as const), rng.pick(INTERESTING), rng.next() < 0.5);
  return b;
};

const truncate: Edit = (b, _s, rng) => b.slice(0, rng.int(b.length));

function insert(b: Uint8Array, at: number, piece: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length + piece.length);
  out.set(b.subarray(0, at));
  out.set(piece, at);
  out.set(b.subarray(at), at + piece.length);
  return out;
}

/** PNG chunks as [start, end) spans (length, type, data, CRC). */
function pngChunks(b: Uint8Array): [number, number][] {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: [number, number][] = [];
  for (let p = 8; p + 12 <= b.length;) {
    const end = p + 12 + v.getUint32(p);
    if (end > b.length) break;
    out.push([p, end]);
    p = end;
  }
  return out;
}

/** TIFF IFDs of the main chain: [offset, entry count] (at most 64, loops stopped). */
function tiffIfds(b: Uint8Array): { little: boolean; ifds: [number, number][] } {
  const little = b[0] === 0x49;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ifds: [number, number][] = [];
  if (b.length < 8) return { little, ifds };
  for (let at = v.getUint32(4, little); at !== 0 && at + 2 <= b.length && ifds.length < 64 && !ifds.some(([o]) => o === at);) {
    const n = v.getUint16(at, little);
    ifds.push([at, n]);
    if (at + 2 + 12 * n + 4 > b.length) break;
    at = v.getUint32(at + 2 + 12 * n, little);
  }
  return { little, ifds };
}

const duplicate: Edit = (b, seed, rng) => {
  if (seed.format === 'png' && rng.next() < 0.7) {
    const chunks = pngChunks(b);
    if (chunks.length > 1) {
      const [s, e] = rng.pick(chunks.slice(0, -1));
      return insert(b, rng.pick(chunks)[0], b.slice(s, e));
    }
  }
  if (seed.format === 'tiff' && rng.next() < 0.7) {
    const { little, ifds } = tiffIfds(b);
    if (ifds.length > 0) {
      // Overwrite one entry of an IFD with a copy of another of its entries (a duplicated tag).
      const [at, n] = rng.pick(ifds);
      if (n > 1 && at + 2 + 12 * n <= b.length) {
        const from = at + 2 + 12 * rng.int(n), to = at + 2 + 12 * rng.int(n);
        b.copyWithin(to, from, from + 12);
        if (rng.next() < 0.5) writeField(b, to + 4, 4, rng.pick(INTERESTING), little); // and a wild count
        return b;
      }
    }
  }
  const len = 1 + rng.int(Math.min(256, b.length));
  const s = rng.int(Math.max(1, b.length - len));
  return insert(b, rng.int(b.length), b.slice(s, s + len));
};

/** Where a format keeps its sizes and pointers: [offset, width, littleEndian] candidates. */
function headerFields(b: Uint8Array, seed: Seed, rng: Rng): [number, 1 | 2 | 4, boolean][] {
  switch (seed.format) {
    case 'png': return [[16, 4, false], [20, 4, false], [24, 1, false], [25, 1, false], [28, 1, false]];
    case 'bmp': return [[10, 4, true], [18, 4, true], [22, 4, true], [28, 2, true], [30, 4, true], [46, 4, true]];
    case 'jpeg': {
      for (let p = 2; p + 9 < b.length; p++) {
        if (b[p] === 0xff && b[p + 1]! >= 0xc0 && b[p + 1]! <= 0xc2) return [[p + 5, 2, false], [p + 7, 2, false], [p + 9, 1, false], [p + 2, 2, false]];
      }
      return [];
    }
    case 'tiff': {
      const { little, ifds } = tiffIfds(b);
      const out: [number, 1 | 2 | 4, boolean][] = [[4, 4, little]];
      for (const [at, n] of ifds) {
        out.push([at, 2, little], [at + 2 + 12 * n, 4, little]);
        const e = at + 2 + 12 * rng.int(Math.max(1, n));
        out.push([e + 2, 2, little], [e + 4, 4, little], [e + 8, 4, little], [e + 8, 2, little]);
      }
      return out;
    }
    case 'npy': return [[8, 2, true], [6, 1, true]];
    case 'raw': return [];
  }
}

const editHeader: Edit = (b, seed, rng) => {
  if (seed.format === 'tiff' && rng.next() < 0.3) {
    // Point a next-IFD link back at an earlier IFD (or at itself): a loop.
    const { little, ifds } = tiffIfds(b);
    if (ifds.length > 0) {
      const k = rng.int(ifds.length);
      const [at, n] = ifds[k]!;
      writeField(b, at + 2 + 12 * n, 4, ifds[rng.int(k + 1)]![0], little);
      return b;
    }
  }
  if (seed.format === 'npy' && b[6] === 1 && rng.next() < 0.6) {
    // Rewrite one dimension of the shape, keeping the header-length field consistent.
    const len = b[8]! | (b[9]! << 8);
    const text = new TextDecoder('latin1').decode(b.subarray(10, 10 + len));
    const m = /'shape': \(([^)]*)\)/.exec(text);
    if (m) {
      const dims = m[1]!.split(',').map((s) => s.trim()).filter(Boolean);
      dims[rng.int(Math.max(1, dims.length))] = String(rng.pick([0, 1, 65535, 2 ** 31, 1e6, 3e9, 1e300, -1]));
      const header = new TextEncoder().encode(text.replace(m[0], `'shape': (${dims.join(', ')}${dims.length === 1 ? ',' : ''})`));
      const out = insert(b.subarray(10 + len), 0, header);
      return insert(out, 0, new Uint8Array([...b.subarray(0, 8), header.length & 0xff, header.length >> 8]));
    }
  }
  const fields = headerFields(b, seed, rng);
  if (fields.length === 0) return setInteresting(b, seed, rng);
  const [at, width, little] = rng.pick(fields);
  writeField(b, at, width, rng.pick(INTERESTING), little);
  return b;
};

const EDITS: [Edit, number][] = [[flipBits, 3], [setInteresting, 2], [editHeader, 3], [duplicate, 1], [truncate, 1]];
const TOTAL = EDITS.reduce((s, [, w]) => s + w, 0);

/** A mutant of `seed`: 1–3 edits, all drawn from `rng`. */
export function mutate(seed: Seed, rng: Rng): Uint8Array {
  let b: Uint8Array = seed.bytes.slice();
  for (let k = 1 + rng.int(3); k > 0 && b.length > 0; k--) {
    let r = rng.next() * TOTAL;
    const edit = EDITS.find(([, w]) => (r -= w) < 0)?.[0] ?? flipBits;
    b = edit(b, seed, rng);
  }
  return b;
}
