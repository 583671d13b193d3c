import { closeSync, existsSync, mkdirSync, openSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { arange, io, zeros, type DType } from 'dusk-image-ops';

const FIXTURES = new URL('../fixtures/io/', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'dusk-io-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => {
  const d = join(root, `d${n++}`);
  mkdirSync(d);
  return d;
};

describe('atomic writes', () => {
  it('writes the bytes and leaves only the target', () => {
    const d = freshDir();
    io.writeFileAtomic(join(d, 'a.bin'), new Uint8Array([1, 2, 3]));
    expect(readdirSync(d)).toEqual(['a.bin']);
    expect(Array.from(readFileSync(join(d, 'a.bin')))).toEqual([1, 2, 3]);
  });

  it('leaves no file and no temp file when the writer throws mid-way', () => {
    const d = freshDir();
    const boom = new Error('encoder failed on page 2');
    expect(() => io.writeFileAtomic(join(d, 'out.tif'), (f) => {
      f.write(new Uint8Array(1000));
      f.write(new Uint8Array(1000));
      throw boom;
    })).toThrow(boom);
    expect(readdirSync(d)).toEqual([]);
  });

  it('keeps the previous file intact when a rewrite fails', () => {
    const d = freshDir();
    const p = join(d, 'keep.bin');
    writeFileSync(p, 'old content');
    expect(() => io.writeFileAtomic(p, (f) => {
      f.write(new TextEncoder().encode('new, partial'));
      throw new Error('disk full (simulated)');
    })).toThrow('disk full');
    expect(readFileSync(p, 'utf8')).toBe('old content');
    expect(readdirSync(d)).toEqual(['keep.bin']);
  });

  it('fails naming the file when the directory does not exist, creating nothing', () => {
    const d = freshDir();
    const p = join(d, 'missing', 'x.png');
    expect(() => io.imwrite(p, zeros([2, 2], { dtype: 'uint8' }))).toThrow(/x\.png.*no such file or directory/);
    expect(readdirSync(d)).toEqual([]);
  });

  it('removes its temp file when the final rename fails', () => {
    const d = freshDir();
    const target = join(d, 'taken.png');
    mkdirSync(join(target, 'child'), { recursive: true }); // a non-empty directory cannot be replaced by a file
    expect(() => io.imwrite(target, zeros([2, 2], { dtype: 'uint8' }))).toThrow(/taken\.png.*cannot move the finished file into place/);
    expect(readdirSync(d)).toEqual(['taken.png']);
  });

  it('lets a chunked writer fill a preallocated file out of order, then commit', () => {
    const d = freshDir();
    const p = join(d, 'chunks.bin');
    const f = io.openAtomic(p, { size: 12 });
    expect(existsSync(p)).toBe(false);
    io.writeAt(f.fd, new Uint8Array([9, 10, 11, 12]), 8);
    f.write(new Uint8Array([1, 2, 3, 4]), 0);
    f.commit();
    expect(Array.from(readFileSync(p))).toEqual([1, 2, 3, 4, 0, 0, 0, 0, 9, 10, 11, 12]);
    expect(readdirSync(d)).toEqual(['chunks.bin']);
    expect(() => f.write(new Uint8Array(1), 0)).toThrow(/write after committed/);
  });

  it('validates the preallocation size and syncs when asked', () => {
    const d = freshDir();
    expect(() => io.openAtomic(join(d, 'x'), { size: -1 })).toThrow("option 'size' must be a non-negative integer");
    io.writeFileAtomic(join(d, 'synced.bin'), new Uint8Array([7]), { fsync: true });
    expect(Array.from(readFileSync(join(d, 'synced.bin')))).toEqual([7]);
  });

  it('aborts on dispose unless committed', () => {
    const d = freshDir();
    {
      using f = io.openAtomic(join(d, 'never.bin'));
      f.write(new Uint8Array([1]));
    }
    expect(readdirSync(d)).toEqual([]);
  });
});

describe('positional block I/O', () => {
  it('assembles a raw volume from chunks written in any order, readable by readRaw', () => {
    const d = freshDir();
    const vol = arange(4 * 6 * 5, undefined, 1, { dtype: 'float32' }).reshape([4, 6, 5]);
    const p = join(d, 'vol.raw');
    const f = io.openAtomic(p, { size: vol.size * 4 });
    const starts = [[2, 3, 0], [0, 0, 0], [2, 0, 0], [0, 3, 0]];
    for (const [z, y] of starts) io.writeRegion(f.fd, vol.view([[z!, z! + 2], [y!, y! + 3]]), { shape: vol.shape, start: [z!, y!, 0] });
    f.commit();
    expect(io.readRaw(p, { dtype: 'float32', shape: [4, 6, 5] })).toEqualArray(vol, { signedZeros: true, sameDType: true });
  });

  it('writes column strips and big-endian data, and reads blocks back', () => {
    const d = freshDir();
    const a = arange(6 * 7, undefined, 1, { dtype: 'int16' }).reshape([6, 7]);
    const p = join(d, 'be.raw');
    const f = io.openAtomic(p, { size: a.size * 2 });
    io.writeRegion(f.fd, a.view([null, [0, 3]]), { shape: [6, 7], start: [0, 0], littleEndian: false });
    io.writeRegion(f.fd, a.view([null, [3, 7]]), { shape: [6, 7], start: [0, 3], littleEndian: false });
    f.commit();
    expect(io.readRaw(p, { dtype: 'int16', shape: [6, 7], littleEndian: false })).toEqualArray(a, { signedZeros: true, sameDType: true });
  });

  it('reads a block of a raw volume, little- or big-endian, into shared memory', () => {
    const want = io.readNpy(join(FIXTURES, 'vol_f32.expected.npy'));
    for (const [file, littleEndian] of [['vol_f32_le.raw', true], ['vol_f32_be.raw', false]] as const) {
      const fd = openSync(join(FIXTURES, file), 'r');
      try {
        const block = io.readRegion(fd, 'float32', [2, 3, 5], { shape: [4, 6, 5], start: [1, 2, 0], littleEndian });
        expect(block.data.buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(block).toEqualArray(want.view([[1, 3], [2, 5]]).copy(), { signedZeros: true, sameDType: true });
        const col = io.readRegion(fd, 'float32', [4, 6, 1], { shape: [4, 6, 5], start: [0, 0, 4], littleEndian });
        expect(col).toEqualArray(want.view([null, null, [4, 5]]).copy(), { signedZeros: true, sameDType: true });
      } finally {
        closeSync(fd);
      }
    }
  });

  it('reads partial rows of a large file in merged spans, with the same result as reading each row', () => {
    // 3 × 1100 × 1000 float32 (13 MB): a half-width block's rows are 2 kB apart, so they are
    // read in spans of up to 8 MB (several per plane), then copied out.
    const d = freshDir();
    const a = arange(3 * 1100 * 1000, undefined, 1, { dtype: 'float32' }).reshape([3, 1100, 1000]);
    const p = join(d, 'big.raw');
    io.writeRaw(p, a);
    const fd = openSync(p, 'r');
    try {
      for (const [block, start] of [[[3, 1000, 500], [0, 50, 250]], [[2, 1100, 1], [1, 0, 999]], [[1, 1, 1000], [2, 1099, 0]]] as const) {
        const got = io.readRegion(fd, 'float32', block, { shape: [3, 1100, 1000], start });
        expect(got).toEqualArray(a.view(block.map((n, ax) => [start[ax]!, start[ax]! + n] as [number, number])).copy(), { signedZeros: true, sameDType: true });
      }
    } finally {
      closeSync(fd);
    }
  });

  it('reports a block that reaches past the end of the file', () => {
    const fd = openSync(join(FIXTURES, 'vol_f32_le.raw'), 'r');
    try {
      expect(() => io.readRegion(fd, 'float32', [1, 6, 5], { shape: [5, 6, 5], start: [4, 0, 0], path: 'vol_f32_le.raw' }))
        .toThrow(/vol_f32_le\.raw.*file ended after 480 bytes, expected at least 600/);
    } finally {
      closeSync(fd);
    }
  });

  it('refuses a block that does not fit the array', () => {
    expect(() => io.writeRegion(0, zeros([2, 2]), { shape: [3, 3], start: [2, 0] }))
      .toThrow('block [2, 2] at [2, 0] exceeds the array [3, 3] on axis 0');
  });

  it('writes a .npy piece by piece that equals writeNpy output', () => {
    const d = freshDir();
    const a = arange(5 * 8, undefined, 1, { dtype: 'uint16' }).reshape([5, 8]);
    const header = io.npyHeader('uint16', [5, 8]);
    const f = io.openAtomic(join(d, 'chunked.npy'), { size: header.length + a.size * 2 });
    f.write(header, 0);
    for (const r of [[3, 5], [0, 3]]) {
      io.writeRegion(f.fd, a.view([[r[0]!, r[1]!]]), { shape: [5, 8], start: [r[0]!, 0], byteOffset: header.length });
    }
    f.commit();
    io.writeNpy(join(d, 'whole.npy'), a);
    expect(readFileSync(join(d, 'chunked.npy')).equals(readFileSync(join(d, 'whole.npy')))).toBe(true);
  });
});

describe('readRaw', () => {
  it('reads little- and big-endian float32 volumes written by NumPy', () => {
    const want = io.readNpy(join(FIXTURES, 'vol_f32.expected.npy'));
    for (const [file, littleEndian] of [['vol_f32_le.raw', true], ['vol_f32_be.raw', false]] as const) {
      const got = io.readRaw(join(FIXTURES, file), { dtype: 'float32', shape: [4, 6, 5], littleEndian });
      expect(got.data.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(got).toEqualArray(want, { signedZeros: true, sameDType: true });
    }
  });

  it('skips a header with offset', () => {
    const d = freshDir();
    const p = join(d, 'hdr.raw');
    writeFileSync(p, new Uint8Array([0xaa, 0xbb, 0xcc, 1, 2, 3, 4, 5, 6]));
    expect(io.readRaw(p, { dtype: 'uint8', shape: [2, 3], offset: 3 })).toEqualArray([1, 2, 3, 4, 5, 6]);
  });

  it('round-trips every dtype through writeRaw', () => {
    const d = freshDir();
    for (const dtype of ['bool', 'uint8', 'uint16', 'int16', 'int32', 'float32', 'float64'] as DType[]) {
      const a = arange(12, undefined, 1, { dtype }).reshape([3, 4]);
      if (dtype === 'bool') a.data.set([1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0]);
      io.writeRaw(join(d, `${dtype}.raw`), a, { littleEndian: dtype !== 'int32' });
      expect(io.readRaw(join(d, `${dtype}.raw`), { dtype, shape: [3, 4], littleEndian: dtype !== 'int32' })).toEqualArray(a, { signedZeros: true, sameDType: true });
    }
  });
});

describe('readNpy and writeNpy', () => {
  it('round-trips every dtype, including non-contiguous views', () => {
    const d = freshDir();
    for (const dtype of ['uint8', 'uint16', 'int16', 'int32', 'float32', 'float64'] as DType[]) {
      const a = arange(24, undefined, 1, { dtype }).reshape([2, 3, 4]).view([null, [0, 3, 2], [1, 4]]);
      io.writeNpy(join(d, `${dtype}.npy`), a);
      const b = io.readNpy(join(d, `${dtype}.npy`));
      expect(b.data.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(b).toEqualArray(a.copy(), { signedZeros: true, sameDType: true });
    }
  });

  it('reads Fortran-ordered int64 and big-endian files written by NumPy', () => {
    for (const f of ['fortran_i64', 'bigendian_u2']) {
      expect(io.readNpy(join(FIXTURES, `${f}.npy`))).toEqualArray(io.readNpy(join(FIXTURES, `${f}.expected.npy`)), { signedZeros: true, sameDType: true });
    }
  });
});
