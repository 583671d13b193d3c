/**
 * Seed files for the fuzzer: one small valid file of every format and variant dusk reads.
 *
 * Where they come from: the tiny committed fixtures under test/fixtures/io (written by imageio,
 * Pillow and tifffile: palette/1-bit/16-bit PNG, RLE8 and palette BMP, LZW, tiled, PackBits,
 * planar, deflate, predictor and multi-page TIFF, baseline and progressive JPEG, Fortran-order
 * and big-endian .npy, raw volumes) plus files built here with dusk's own writers and by hand
 * (an RLE4 BMP, which no fixture has, a `<u4` .npy, a raw uint16 volume). Each seed names the
 * readers that should be fed its mutants: images go to `imread`, TIFF stacks also to
 * `fromTiff`, `.npy` to `readNpy` and `fromNpy`, raw to `readRaw` and `fromRaw`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { io, zeros, type NDArray } from 'dusk-image-ops';

export const READERS = ['imread', 'fromTiff', 'readNpy', 'fromNpy', 'readRaw', 'fromRaw'] as const;
export type Reader = (typeof READERS)[number];
export type SeedFormat = 'png' | 'bmp' | 'tiff' | 'jpeg' | 'npy' | 'raw';

export interface Seed {
  name: string;
  format: SeedFormat;
  bytes: Uint8Array;
  readers: Reader[];
}

const FIXTURES = new URL('../../test/fixtures/io/', import.meta.url).pathname;

/** The raw seeds' layout, which `readRaw`/`fromRaw` are told (their files carry no header). */
export const RAW_LAYOUT = { dtype: 'uint16', shape: [6, 7, 5] } as const;

const READERS_OF: Record<SeedFormat, Reader[]> = {
  png: ['imread'], bmp: ['imread'], jpeg: ['imread'], tiff: ['imread', 'fromTiff'],
  npy: ['readNpy', 'fromNpy'], raw: ['readRaw', 'fromRaw'],
};

function formatOf(name: string): SeedFormat | undefined {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return ({ png: 'png', bmp: 'bmp', tif: 'tiff', tiff: 'tiff', jpg: 'jpeg', npy: 'npy', raw: 'raw' } as const)[ext as 'png'];
}

/** A pattern image of `shape` and `dtype` (deterministic, not constant: codecs see real data). */
function pattern(shape: number[], dtype: NDArray['dtype']): NDArray {
  const a = zeros(shape, { dtype });
  for (let i = 0; i < a.size; i++) a.data[i] = dtype === 'float32' || dtype === 'float64' ? Math.sin(i) : (i * 37 + (i >> 3)) % 251;
  return a;
}

/**
 * A BMP: BITMAPINFOHEADER for `width`×`height` at `bits` per pixel and `compression`, a palette
 * (default: gray, 2^bits entries, for bits ≤ 8), then `body`; zero-padded to `size` bytes.
 */
export function buildBmp(
  width: number, height: number, bits: number, compression: number, body: Uint8Array,
  options: { size?: number; palette?: number[][] } = {},
): Uint8Array {
  const palette = options.palette ?? (bits <= 8 ? Array.from({ length: 1 << bits }, (_, k) => [k, k, k]) : []);
  const dataAt = 54 + 4 * palette.length;
  const out = new Uint8Array(Math.max(options.size ?? 0, dataAt + body.length));
  const v = new DataView(out.buffer);
  out.set([0x42, 0x4d]);
  v.setUint32(2, out.length, true);
  v.setUint32(10, dataAt, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, width, true);
  v.setInt32(22, height, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, bits, true);
  v.setUint32(30, compression, true);
  v.setUint32(34, body.length, true);
  v.setUint32(46, palette.length, true);
  palette.forEach(([r = 0, g = 0, b = 0], k) => out.set([b, g, r, 0], 54 + 4 * k));
  out.set(body, dataAt);
  return out;
}

/** A `width`×`height` 4-bit palette image as a BI_RLE4 BMP (runs of two alternating nibbles). */
function rle4Bmp(width: number, height: number): Uint8Array {
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x += 6) {
      const n = Math.min(6, width - x);
      rows.push(n, (((x + y) % 16) << 4) | ((x + 2 * y + 1) % 16));
    }
    rows.push(0, 0);
  }
  rows.push(0, 1);
  const palette = Array.from({ length: 16 }, (_, k) => [k * 16, 255 - k * 16, (k * 80) % 256]);
  return buildBmp(width, height, 4, 2, Uint8Array.from(rows), { palette });
}

/** Bytes of a file written by `write(path)` into `dir`. */
function written(dir: string, name: string, write: (path: string) => void): Uint8Array {
  const path = join(dir, name);
  write(path);
  return new Uint8Array(readFileSync(path));
}

/** Every seed; `dir` is a scratch directory for the files dusk's writers produce. */
export function buildSeeds(dir: string): Seed[] {
  const seeds: Seed[] = [];
  const add = (name: string, format: SeedFormat, bytes: Uint8Array) => seeds.push({ name, format, bytes, readers: READERS_OF[format] });
  for (const name of readdirSync(FIXTURES).sort()) {
    const format = formatOf(name);
    if (!format || name.includes('.expected.') || name.includes('.asgray.') || format === 'raw') continue; // raw seeds are built below, with a known layout
    add(name, format, new Uint8Array(readFileSync(join(FIXTURES, name))));
  }
  add('built-gray8.png', 'png', written(dir, 'a.png', (p) => io.imwrite(p, pattern([9, 11], 'uint8'))));
  add('built-rgba16.png', 'png', written(dir, 'b.png', (p) => io.imwrite(p, pattern([7, 5, 4], 'uint16'))));
  add('built-gray8.bmp', 'bmp', written(dir, 'c.bmp', (p) => io.imwrite(p, pattern([9, 11], 'uint8'))));
  add('built-rle4.bmp', 'bmp', rle4Bmp(13, 7));
  add('built-rgb.jpg', 'jpeg', written(dir, 'd.jpg', (p) => io.imwrite(p, pattern([16, 24, 3], 'uint8'), { quality: 80 })));
  add('built-deflate-f32.tif', 'tiff', written(dir, 'e.tif', (p) => io.imwrite(p, pattern([3, 8, 6], 'float32'), { compression: 'deflate' })));
  add('built-stack-u16.tif', 'tiff', written(dir, 'f.tif', (p) => io.imwrite(p, pattern([4, 5, 6], 'uint16'))));
  add('built-f64.npy', 'npy', written(dir, 'g.npy', (p) => io.writeNpy(p, pattern([5, 4, 3], 'float64'))));
  const u4 = written(dir, 'h.npy', (p) => io.writeNpy(p, pattern([3, 4], 'int32')));
  u4.set(new TextEncoder().encode("'<u4'"), u4.indexOf(0x27, 10) + 9); // {'descr': '<i4' → '<u4'
  add('built-u4.npy', 'npy', u4);
  add('built-u16.raw', 'raw', written(dir, 'i.raw', (p) => io.writeRaw(p, pattern([...RAW_LAYOUT.shape], RAW_LAYOUT.dtype))));
  return seeds;
}
