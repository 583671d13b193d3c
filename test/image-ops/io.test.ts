import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encode as encodePng } from 'fast-png';
import { lookupOp, opRef } from 'dusk-graph/internal';
import { NDArray, arange, color, fromArray, io, zeros, type DType } from 'dusk-image-ops';
import { randomArray } from '../helpers/index.ts';

const FIXTURES = new URL('../fixtures/io/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'dusk-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Case { file: string; expected: string; dtype: string; shape: number[]; atol?: number; note?: string; asGray?: boolean }
const manifest = JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8')) as { cases: Case[] };


/** Pseudo-random array of `dtype` spanning the dtype's range (floats in [-3, 3)). */
const sample = (dtype: DType, shape: number[], seed = 1): NDArray =>
  randomArray(shape, { dtype, seed, ...(dtype.startsWith('float') ? { low: -3, high: 3 } : {}) });

function roundTrip(name: string, image: NDArray, options?: io.ImwriteOptions): NDArray {
  const p = join(dir, name);
  io.imwrite(p, image, options);
  return io.imread(p);
}

describe('imread on files written by imageio, Pillow and tifffile', () => {
  for (const c of manifest.cases) {
    const what = `${c.file}${c.asGray ? ' as gray' : ''}`;
    it(`reads ${what} as skimage.io.imread does${c.note ? ` (${c.note})` : ''}`, () => {
      const got = io.imread(join(FIXTURES, c.file), c.asGray ? { asGray: true } : {});
      const want = io.readNpy(join(FIXTURES, c.expected));
      expect(got).toMatchShape(c.shape);
      expect(got.dtype).toBe(want.dtype);
      expect(got.data.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(got).toBeCloseToArray(want, { atol: c.atol ?? 0 });
    });
  }

  it('writes gray and RGB BMPs byte for byte as imageio does', () => {
    for (const f of ['gray8.bmp', 'rgb24.bmp']) {
      const p = join(dir, `copy-${f}`);
      io.imwrite(p, io.readNpy(join(FIXTURES, `${f}.expected.npy`)));
      expect(readFileSync(p).equals(readFileSync(join(FIXTURES, f)))).toBe(true);
    }
  });

  it('agrees with color.rgb2gray for asGray on an RGB image', () => {
    const rgb = io.imread(join(FIXTURES, 'rgb8.png'));
    const gray = io.imread(join(FIXTURES, 'rgb8.png'), { asGray: true });
    expect(gray).toBeCloseToArray(color.rgb2gray(rgb), { atol: 1e-15 });
  });

  it('leaves gray images unconverted under asGray', () => {
    const g = io.imread(join(FIXTURES, 'gray16.png'), { asGray: true });
    expect(g.dtype).toBe('uint16');
  });
});

describe('PNG round trips', () => {
  for (const dtype of ['uint8', 'uint16'] as const) {
    for (const shape of [[9, 11], [9, 11, 2], [9, 11, 3], [9, 11, 4]]) {
      it(`keeps ${dtype} images of shape (${shape.join(', ')}) exactly`, () => {
        const a = sample(dtype, shape);
        const b = roundTrip(`rt-${dtype}-${shape.length}-${shape[2] ?? 1}.png`, a);
        expect(b.dtype).toBe(dtype);
        expect(b).toMatchShape(shape);
        expect(a).toEqualArray(b);
      });
    }
  }

  it('stores (H, W, 1) as gray and bool as 0/255', () => {
    const b = roundTrip('one.png', sample('uint8', [4, 5, 1]));
    expect(b).toMatchShape([4, 5]);
    const m = roundTrip('mask.png', fromArray([[1, 0], [0, 1]], { dtype: 'bool' }));
    expect(m.dtype).toBe('uint8');
    expect(m).toEqualArray([255, 0, 0, 255]);
  });

  it('writes a non-contiguous view in C order', () => {
    const a = arange(60, undefined, 1, { dtype: 'uint8' }).reshape([6, 10]);
    const v = a.view([[1, 5], [0, 10, 3]]);
    const b = roundTrip('view.png', v);
    expect(b.toArray()).toEqual(v.toArray());
  });
});

describe('interlaced PNG', () => {
  it('reads Adam7-interlaced 8 and 16-bit images', () => {
    for (const [depth, channels] of [[8, 3], [16, 1]] as const) {
      const a = sample(depth === 8 ? 'uint8' : 'uint16', [11, 13, channels], depth);
      const data = depth === 8 ? new Uint8Array(a.values()) : new Uint16Array(a.values());
      const p = join(dir, `adam7-${depth}.png`);
      writeFileSync(p, encodePng({ width: 13, height: 11, data, depth, channels }, { interlace: 'Adam7' }));
      expect(io.imread(p)).toEqualArray(channels === 1 ? a.reshape([11, 13]) : a);
    }
  });
});

describe('BMP round trips', () => {
  for (const shape of [[7, 13], [7, 13, 3], [7, 13, 4]]) {
    it(`keeps uint8 images of shape (${shape.join(', ')}) exactly`, () => {
      const a = sample('uint8', shape, 7);
      const b = roundTrip(`rt-${shape.length}-${shape[2] ?? 1}.bmp`, a);
      expect(b).toMatchShape(shape);
      expect(a).toEqualArray(b);
    });
  }
});

describe('TIFF round trips', () => {
  for (const dtype of ['uint8', 'uint16', 'int16', 'int32', 'float32', 'float64'] as const) {
    it(`keeps ${dtype} gray images exactly, uncompressed and deflated`, () => {
      const a = sample(dtype, [9, 14], 3);
      for (const compression of ['none', 'deflate'] as const) {
        const b = roundTrip(`rt-${dtype}-${compression}.tif`, a, { compression });
        expect(b.dtype).toBe(dtype);
        expect(b).toMatchShape([9, 14]);
        expect(a).toEqualArray(b);
      }
    });
  }

  for (const [dtype, shape] of [['uint8', [8, 5, 3]], ['uint16', [8, 5, 4]], ['float32', [8, 5, 3]], ['uint8', [3, 8, 5, 3]]] as const) {
    it(`keeps ${dtype} colour arrays of shape (${shape.join(', ')})`, () => {
      const a = sample(dtype, [...shape], 5);
      const b = roundTrip(`rt-rgb-${dtype}-${shape.length}.tif`, a);
      expect(b).toMatchShape(shape);
      expect(a).toEqualArray(b);
    });
  }

  it('writes a 3-D float32 stack as pages and reads them back as (pages, H, W)', () => {
    const a = sample('float32', [6, 10, 7], 9);
    const b = roundTrip('stack.tif', a);
    expect(b).toMatchShape([6, 10, 7]);
    expect(a).toEqualArray(b);
    const p = io.imread(join(dir, 'stack.tif'), { page: 4 });
    expect(p).toMatchShape([10, 7]);
    expect(p).toEqualArray(a.view([4]));
  });

  it("lays an uncompressed stack's pages back to back after the header, as tifffile reads a shaped series of small pages", () => {
    // tifffile reads the pages of a {"shape": ...} series as one block from the first page's
    // data when the IFD offsets leave room for it: with an IFD between pages it read IFD bytes.
    const a = sample('uint8', [3, 6, 5], 3);
    roundTrip('small-stack.tif', a);
    const bytes = readFileSync(join(dir, 'small-stack.tif'));
    expect(Array.from(bytes.subarray(8, 8 + 90))).toEqual(Array.from(a.values()));
  });

  it("stores (P, H, 3) as gray pages with photometric 'minisblack'", () => {
    const a = sample('uint16', [5, 6, 3], 2);
    const b = roundTrip('pages3.tif', a, { photometric: 'minisblack' });
    expect(b).toMatchShape([5, 6, 3]);
    expect(a).toEqualArray(b);
  });

  it('splits large pages into several strips', () => {
    const a = sample('uint16', [300, 257], 4);
    const b = roundTrip('strips.tif', a, { compression: 'deflate' });
    expect(a).toEqualArray(b);
  });

  it('stores bool as uint8 0/255', () => {
    const b = roundTrip('mask.tif', fromArray([[1, 0, 1]], { dtype: 'bool' }));
    expect(b).toEqualArray([255, 0, 255]);
  });
});

describe('JPEG', () => {
  const smooth = (c: number) => {
    const a = zeros([24, 32, c], { dtype: 'uint8' });
    for (let y = 0; y < 24; y++) for (let x = 0; x < 32; x++) for (let k = 0; k < c; k++) a.set([y, x, k], x * 4 + y * 3 + k * 30);
    return a;
  };

  it('round-trips an RGB image within JPEG loss at high quality', () => {
    const a = smooth(3);
    const b = roundTrip('rgb.jpg', a, { quality: 95 });
    expect(b).toMatchShape([24, 32, 3]);
    expect(a).toBeCloseToArray(b, { atol: 8 });
  });

  it('writes gray images as three equal channels', () => {
    const a = smooth(1).reshape([24, 32]);
    const b = roundTrip('gray.jpg', a, { quality: 95 });
    expect(b).toMatchShape([24, 32, 3]);
    expect(b.view([null, null, 0])).toEqualArray(b.view([null, null, 2]));
    expect(a).toBeCloseToArray(b.view([null, null, 0]), { atol: 8 });
  });

  it('makes smaller files at lower quality', () => {
    io.imwrite(join(dir, 'q20.jpg'), smooth(3), { quality: 20 });
    io.imwrite(join(dir, 'q95.jpg'), smooth(3), { quality: 95 });
    expect(readFileSync(join(dir, 'q20.jpg')).length).toBeLessThan(readFileSync(join(dir, 'q95.jpg')).length);
  });
});

describe('format choice', () => {
  it('reads by content when the extension lies', () => {
    const a = sample('uint8', [4, 4]);
    io.imwrite(join(dir, 'really-png.jpg'), a, { format: 'png' });
    expect(io.imread(join(dir, 'really-png.jpg'))).toEqualArray(a);
  });

  it('registers its ops for worker threads', () => {
    for (const name of ['imread', 'imwrite', 'readNpy', 'writeNpy', 'readRaw', 'writeRaw'] as const) {
      const ref = opRef(io[name]);
      expect(ref?.name).toBe(name);
      expect(lookupOp(ref!)).toBe(io[name]);
    }
  });
});

describe('asGray on TIFF stacks', () => {
  it('converts colour pages one by one and leaves gray stacks alone', () => {
    const rgb = sample('uint8', [2, 4, 5, 3], 11);
    io.imwrite(join(dir, 'rgbpages.tif'), rgb);
    const g = io.imread(join(dir, 'rgbpages.tif'), { asGray: true });
    expect(g).toMatchShape([2, 4, 5]);
    expect(g.view([1])).toBeCloseToArray(color.rgb2gray(rgb.view([1])), { atol: 1e-15 });
    const stack = sample('uint8', [4, 5, 3], 12);
    io.imwrite(join(dir, 'graypages.tif'), stack, { photometric: 'minisblack' });
    expect(io.imread(join(dir, 'graypages.tif'), { asGray: true }).dtype).toBe('uint8');
  });
});
