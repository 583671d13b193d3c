/**
 * Builders of hostile files for the reader tests: minimal TIFF, BMP, JPEG, PNG and .npy files
 * whose headers say what a test wants (a looping IFD chain, a frame of 60000×60000, a tag of the
 * wrong type, …), written byte by byte so each case is visible in the test itself.
 */
import { deflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { encode as encodePng } from 'fast-png';

export { buildBmp } from '../../../scripts/fuzz/seeds.ts';

/** The error `fn` throws; fails the test when it returns. */
export function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

export const SHORT = 3, LONG = 4, RATIONAL = 5;
/** Stands for "the byte offset of the pixel data" in a TIFF entry's values. */
export const DATA = -1;

export type TiffEntry = [tag: number, type: number, values: number[]];

/** The entries of a 4×4 8-bit gray page stored uncompressed in one strip. */
export function gray4x4Entries(): TiffEntry[] {
  return [[256, SHORT, [4]], [257, SHORT, [4]], [258, SHORT, [8]], [259, SHORT, [1]], [262, SHORT, [1]],
    [273, LONG, [DATA]], [277, SHORT, [1]], [278, SHORT, [4]], [279, LONG, [16]]];
}

const TYPE_BYTES: Record<number, number> = { [SHORT]: 2, [LONG]: 4, [RATIONAL]: 8 };

/**
 * A little-endian TIFF with one IFD per entry list; `next` overrides the last IFD's next pointer
 * (e.g. 8: itself). Each page's pixel data (`data`, 16 bytes by default) follows the IFDs.
 */
export function buildTiff(pages: TiffEntry[][], options: { next?: number; data?: Uint8Array } = {}): Uint8Array {
  const data = options.data ?? Uint8Array.from({ length: 16 }, (_, i) => i * 16);
  const ifdAt: number[] = [];
  let at = 8;
  for (const entries of pages) {
    ifdAt.push(at);
    const extra = entries.reduce((s, [, type, v]) => s + (TYPE_BYTES[type]! * v.length > 4 ? TYPE_BYTES[type]! * v.length : 0), 0);
    at += 2 + 12 * entries.length + 4 + extra;
  }
  const dataAt = at;
  const out = new Uint8Array(dataAt + data.length * pages.length);
  const v = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]);
  v.setUint32(4, 8, true);
  pages.forEach((entries, p) => {
    const base = ifdAt[p]!;
    let extraAt = base + 2 + 12 * entries.length + 4;
    v.setUint16(base, entries.length, true);
    entries.forEach(([tag, type, values], e) => {
      const pos = base + 2 + 12 * e;
      v.setUint16(pos, tag, true);
      v.setUint16(pos + 2, type, true);
      v.setUint32(pos + 4, type === RATIONAL ? values.length / 2 : values.length, true);
      const size = TYPE_BYTES[type]! * (type === RATIONAL ? values.length / 2 : values.length);
      let w = size > 4 ? extraAt : pos + 8;
      if (size > 4) { v.setUint32(pos + 8, extraAt, true); extraAt += size; }
      for (const x of values) {
        const value = x === DATA ? dataAt + data.length * p : x;
        if (type === SHORT) { v.setUint16(w, value, true); w += 2; } else { v.setUint32(w, value >>> 0, true); w += 4; }
      }
    });
    v.setUint32(base + 2 + 12 * entries.length, p + 1 < pages.length ? ifdAt[p + 1]! : options.next ?? 0, true);
    out.set(data, dataAt + data.length * p);
  });
  return out;
}

/** An 8×8 baseline JPEG whose frame header then claims `width`×`height`. */
export function jpegClaiming(width: number, height: number): Uint8Array {
  const rgba = new Uint8Array(8 * 8 * 4).fill(128);
  const b = new Uint8Array(jpeg.encode({ width: 8, height: 8, data: rgba }, 50).data);
  for (let p = 2; p + 9 < b.length; p++) {
    if (b[p] === 0xff && b[p + 1] === 0xc0) {
      b.set([height >> 8, height & 255, width >> 8, width & 255], p + 5);
      return b;
    }
  }
  throw new Error('no SOF0 in the encoded JPEG');
}

/** A valid 16×16 gray PNG whose IDAT stream is replaced by `raw` bytes, deflated. */
export function pngWithImageData(raw: Uint8Array): Uint8Array {
  const png = encodePng({ width: 16, height: 16, data: new Uint8Array(256), depth: 8, channels: 1 });
  const idat = deflateSync(raw, { level: 9 });
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: Uint8Array[] = [];
  for (let p = 8; p + 12 <= png.length;) {
    const len = v.getUint32(p), type = String.fromCharCode(...png.subarray(p + 4, p + 8));
    chunks.push(type === 'IDAT' ? chunk('IDAT', idat) : png.subarray(p, p + 12 + len));
    p += 12 + len;
  }
  return concat([png.subarray(0, 8), ...chunks]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  let c = 0xffffffff;
  for (let i = 4; i < 8 + data.length; i++) c = CRC_TABLE[(c ^ out[i]!) & 255]! ^ (c >>> 8);
  v.setUint32(8 + data.length, (c ^ 0xffffffff) >>> 0);
  return out;
}

/** A .npy (v1.0) file of `descr` and `shape` holding `data` as is. */
export function buildNpy(descr: string, shape: number[], data: Uint8Array): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 255, header.length >> 8]);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(data, 10 + header.length);
  return out;
}

/**
 * An LZW stream (TIFF flavour: MSB-first, early change) that decodes to about 7 MB per cycle:
 * after each Clear it sends code 0, then always the next free code, so every code's string is one
 * byte longer than the last (lengths 1, 2, 3, … up to the full table).
 */
export function lzwBomb(cycles: number): Uint8Array {
  const out: number[] = [];
  let acc = 0, nbits = 0, width = 9;
  const emit = (code: number) => {
    acc = (acc << width) | code;
    nbits += width;
    while (nbits >= 8) {
      out.push((acc >>> (nbits - 8)) & 255);
      nbits -= 8;
    }
    acc &= (1 << nbits) - 1;
  };
  for (let c = 0; c < cycles; c++) {
    emit(256);
    width = 9;
    emit(0);
    for (let next = 258; next < 4000;) {
      emit(next);
      next++;
      if (next === [0, 0, 0, 0, 0, 0, 0, 0, 0, 511, 1023, 2047][width]) width++;
    }
  }
  emit(257);
  if (nbits > 0) out.push((acc << (8 - nbits)) & 255);
  return Uint8Array.from(out);
}
