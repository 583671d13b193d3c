/**
 * Hostile files (issue 10): each case builds its input in code and first reads it in an isolated
 * child process (scripts/fuzz/host.ts, 15 s and 1.5 GB caps), so a reader that loops, blocks or
 * eats memory fails the test in bounded time instead of taking the test run down; then, where the
 * result matters, the same read runs here and its value or message is checked.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, lstatSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compute, delayed } from 'dusk-graph';
import { writeFileAtomic } from 'dusk-graph/internal';
import { createPool } from 'dusk-scheduler';
import { exposure, fromNpy, fromRaw, fromTiff, io, zeros } from 'dusk-image-ops';
import { decode as decodeTiff } from 'tiff';
import { lzwDecodedLength } from 'dusk-image-ops/testing';
import { ReadHost, type Outcome } from '../../scripts/fuzz/host.ts';
import type { Reader } from '../../scripts/fuzz/seeds.ts';
import { buildBmp, buildNpy, caught, buildTiff, DATA, gray4x4Entries, jpegClaiming, LONG, lzwBomb, pngWithImageData, RATIONAL, SHORT, type TiffEntry } from './helpers/hostile.ts';

const dir = mkdtempSync(join(tmpdir(), 'dusk-hostile-'));
const host = new ReadHost({ timeoutMs: 15_000, killAtMB: 1536 });
afterAll(() => {
  host.close();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, bytes: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

/** Read in the child; the outcome must be `expected` (never a hang, crash or memory blow-up). */
async function isolated(reader: Reader, path: string, expected: Outcome): Promise<string | undefined> {
  const r = await host.run(reader, path);
  expect(`${r.outcome}: ${r.message ?? ''}`).toMatch(new RegExp(`^${expected}`));
  return r.message;
}

const withTag = (entries: TiffEntry[], tag: number, type: number, values: number[]): TiffEntry[] =>
  entries.map((e) => (e[0] === tag ? [tag, type, values] : e));

describe('TIFF structure', () => {
  it('reads a TIFF whose next-IFD pointer points at its own IFD, stopping at the loop', async () => {
    const p = file('self-loop.tif', buildTiff([gray4x4Entries()], { next: 8 }));
    await isolated('imread', p, 'ok');
    await isolated('fromTiff', p, 'ok');
    expect(io.imread(p).shape).toEqual([4, 4]);
    expect(fromTiff(p).shape).toEqual([1, 4, 4]);
  });

  it('reads a TIFF whose second IFD points back to the first as two pages', async () => {
    const p = file('back-loop.tif', buildTiff([gray4x4Entries(), gray4x4Entries()], { next: 8 }));
    await isolated('imread', p, 'ok');
    expect(io.imread(p).shape).toEqual([2, 4, 4]);
  });

  it('refuses a tiled TIFF whose TileLength has no values, in bounded time', async () => {
    const tiled: TiffEntry[] = [...gray4x4Entries().filter(([t]) => t !== 273 && t !== 278 && t !== 279),
      [322, SHORT, [4]], [323, SHORT, []], [324, LONG, [DATA]], [325, LONG, [16]]];
    const p = file('tile-count0.tif', buildTiff([tiled]));
    expect(await isolated('imread', p, 'ImageIOError')).toMatch(/TileLength of page 0 has no values \(count 0\)/);
    await isolated('fromTiff', p, 'ImageIOError');
  });

  it('refuses an ImageWidth of type RATIONAL with an ImageIOError naming the tag and type', async () => {
    const p = file('rational-width.tif', buildTiff([withTag(gray4x4Entries(), 256, RATIONAL, [1018, 100])]));
    expect(await isolated('imread', p, 'ImageIOError')).toMatch(/ImageWidth of page 0 has type RATIONAL, expected SHORT or LONG/);
  });

  it('refuses an ImageLength of 0xFFFFFFFF as over the pixel limit before allocating', async () => {
    const p = file('huge-length.tif', buildTiff([withTag(withTag(gray4x4Entries(), 257, LONG, [0xffffffff]), 278, LONG, [0xffffffff])]));
    expect(await isolated('imread', p, 'ImageIOError')).toMatch(/TIFF image of 4×4294967295 pixels exceeds the limit of 178,956,970 pixels/);
    await isolated('fromTiff', p, 'ImageIOError');
  });

  it('refuses a page without StripOffsets through fromTiff with an ImageIOError', async () => {
    const p = file('no-offsets.tif', buildTiff([gray4x4Entries().filter(([t]) => t !== 273)]));
    expect(await isolated('fromTiff', p, 'ImageIOError')).toMatch(/has no StripOffsets tag/);
  });

  it('reports a deflate TIFF cut inside its strip data through fromTiff as an ImageIOError', async () => {
    const whole = join(dir, 'deflate-whole.tif');
    const stack = zeros([3, 32, 32], { dtype: 'uint16' });
    for (let i = 0; i < stack.size; i++) stack.data[i] = (i * 7919) % 65536;
    io.imwrite(whole, stack, { compression: 'deflate' });
    const bytes = readFileSync(whole);
    for (const cut of [0.3, 0.5, 0.7]) {
      const p = file(`deflate-cut-${cut}.tif`, bytes.subarray(0, Math.floor(bytes.length * cut)));
      await isolated('fromTiff', p, 'ImageIOError');
      await isolated('imread', p, 'ImageIOError');
    }
    const e = caught(() => fromTiff(join(dir, 'deflate-cut-0.3.tif')));
    expect(e).toBeInstanceOf(io.ImageIOError);
    expect(e.message).toMatch(/^fromTiff\(".*deflate-cut-0\.3\.tif"\): truncated TIFF/); // named after the call, not the decoder inside
  });

  it('refuses an uncompressed page whose strips hold fewer bytes than the image needs, before allocating', async () => {
    const p = file('short-strip.tif', buildTiff([withTag(withTag(gray4x4Entries(), 257, SHORT, [4000]), 278, SHORT, [4000])]));
    expect(await isolated('imread', p, 'ImageIOError')).toMatch(/strips hold 16 bytes, the image needs 16000/);
  });
});

describe('decompression bombs', () => {
  it('measures LZW strips as tiff decodes them, and refuses a 4×4 TIFF whose LZW strip expands to 14 MB', async () => {
    const fixture = new Uint8Array(readFileSync(new URL('../fixtures/io/lzw_rgb8.tif', import.meta.url)));
    const [ifd] = decodeTiff(fixture, { ignoreImageData: true });
    const rowBytes = ifd!.width * 3, rps = Math.min(ifd!.rowsPerStrip, ifd!.height);
    ifd!.stripOffsets.forEach((at, s) => {
      const rows = Math.min(rps, ifd!.height - s * rps);
      expect(lzwDecodedLength(fixture.subarray(at, at + ifd!.stripByteCounts[s]!), Infinity)).toBe(rows * rowBytes);
    });
    const bomb = lzwBomb(2);
    expect(lzwDecodedLength(bomb, Infinity)).toBeGreaterThan(14e6);
    const entries = withTag(withTag(gray4x4Entries(), 259, SHORT, [5]), 279, LONG, [bomb.length]);
    const p = file('lzw-bomb.tif', buildTiff([entries], { data: bomb }));
    expect(await isolated('imread', p, 'ImageIOError')).toMatch(/strip 0 decompresses to more than the 16 bytes it holds/);
  });

  it('refuses a 758-byte-class JPEG whose frame claims 60000×60000 from its header', async () => {
    const bytes = jpegClaiming(60000, 60000);
    expect(bytes.length).toBeLessThan(1000);
    const p = file('bomb.jpg', bytes);
    expect(await isolated('imread', p, 'ImageIOError')).toMatch(/JPEG image of 60000×60000 pixels exceeds the limit/);
  });

  it('refuses a tiny JPEG whose frame claims 13000×13000, under the pixel limit, before the decoder allocates the frame', async () => {
    // jpeg-js allocates ~5 bytes a pixel first (2.5 GB here) and only then finds the scan data missing.
    const p = file('small-bomb.jpg', jpegClaiming(13000, 13000));
    expect(await isolated('imread', p, 'ImageIOError')).toMatch(/corrupt or truncated JPEG: its frame of 13000×13000 pixels has 2640625 blocks of 8×8, whose scan data takes at least 330079 bytes \(a bit per block\), but the file has \d+$/);
  });

  it('refuses an 8-bit RLE BMP of 1,080 bytes claiming 30000×30000 or 65535×65535', async () => {
    for (const side of [30000, 65535]) {
      const p = file(`rle8-${side}.bmp`, buildBmp(side, side, 8, 1, new Uint8Array([0, 1]), { size: 1080 }));
      expect(readFileSync(p).length).toBe(1080);
      expect(await isolated('imread', p, 'ImageIOError')).toMatch(new RegExp(`BMP image of ${side}×${side} pixels exceeds the limit`));
    }
  });

  it('refuses a 24-bit BMP of width 2³¹−1 without a bare RangeError', async () => {
    const p = file('wide.bmp', buildBmp(2 ** 31 - 1, 1, 24, 0, new Uint8Array(64)));
    expect(await isolated('imread', p, 'ImageIOError')).toMatch(/BMP image of 2147483647×1 pixels exceeds the limit/);
  });

  it('refuses a 16×16 PNG whose image data inflates to 64 MB', async () => {
    const p = file('idat-bomb.png', pngWithImageData(new Uint8Array(64 * 2 ** 20)));
    expect(readFileSync(p).length).toBeLessThan(100_000);
    expect(await isolated('imread', p, 'ImageIOError')).toMatch(/inflates to more than the 272 bytes a 16×16 image needs/);
  });

  it('gives pools created after setMaxImagePixels the same limit in their workers', async () => {
    const p = join(dir, 'for-workers.png');
    io.imwrite(p, zeros([20, 30], { dtype: 'uint8' }));
    const previous = io.setMaxImagePixels(100);
    try {
      await using pool = createPool({ workers: 1 });
      const e = await compute(delayed(io.imread)(p), { pool }).then(() => undefined, (err: Error) => err);
      expect((e?.cause as Error | undefined)?.message).toMatch(/PNG image of 30×20 pixels exceeds the limit of 100 pixels/);
      const ok = await compute(delayed(io.imread)(p, { maxPixels: 600 }), { pool });
      expect(ok).toMatchShape([20, 30]);
    } finally {
      io.setMaxImagePixels(previous === io.DEFAULT_MAX_IMAGE_PIXELS ? null : previous);
    }
  });

  it('applies the limit per call (maxPixels) and globally (setMaxImagePixels)', () => {
    const p = join(dir, 'small.png');
    io.imwrite(p, zeros([20, 30], { dtype: 'uint8' }));
    expect(caught(() => io.imread(p, { maxPixels: 599 })).message).toMatch(/PNG image of 30×20 pixels exceeds the limit of 599 pixels/);
    expect(io.imread(p, { maxPixels: 600 }).shape).toEqual([20, 30]);
    const previous = io.setMaxImagePixels(100);
    try {
      expect(io.getMaxImagePixels()).toBe(100);
      expect(process.env.DUSK_MAX_IMAGE_PIXELS).toBe('100'); // inherited by pools created from now on
      expect(caught(() => io.imread(p))).toBeInstanceOf(io.ImageIOError);
      expect(io.imread(p, { maxPixels: Infinity }).shape).toEqual([20, 30]);
      const npy = join(dir, 'small.npy');
      io.writeNpy(npy, zeros([11, 11]));
      expect(caught(() => io.readNpy(npy)).message).toMatch(/array of shape \(11, 11\) exceeds the limit of 100 pixels/);
      expect(caught(() => io.readRaw(npy, { dtype: 'uint8', shape: [101] })).message).toMatch(/exceeds the limit of 100/);
    } finally {
      io.setMaxImagePixels(previous === io.DEFAULT_MAX_IMAGE_PIXELS ? null : previous);
    }
    expect(io.getMaxImagePixels()).toBe(io.DEFAULT_MAX_IMAGE_PIXELS);
    expect(caught(() => io.setMaxImagePixels(-1)).message).toMatch(/setMaxImagePixels: limit must be a positive integer/);
    expect(caught(() => io.imread(p, { maxPixels: 0 })).message).toMatch(/imread: option 'maxPixels'/);
  });
});

describe('.npy through fromNpy', () => {
  const u4 = (values: number[]) => new Uint8Array(new Uint32Array(values).buffer);

  it('refuses <u4 values of 2³¹ and more, as readNpy does, instead of wrapping them', async () => {
    const p = file('u4-big.npy', buildNpy('<u4', [3], u4([1, 2 ** 31, 2 ** 32 - 1])));
    expect(caught(() => io.readNpy(p)).message).toMatch(/value 2147483648 does not fit int32/);
    const e = await fromNpy(p).compute({ scheduler: 'sync' }).then(() => undefined, (err: Error) => err);
    expect(e).toBeDefined();
    const cause = (e as Error).cause as Error;
    expect(cause).toBeInstanceOf(io.ImageIOError);
    expect(cause.message).toMatch(/value 2147483648 does not fit int32 \(uint32 data is read as int32/);
  });

  it('reads <u4 values below 2³¹ (little- and big-endian) into int32', async () => {
    const le = file('u4-small.npy', buildNpy('<u4', [3], u4([1, 7, 2 ** 31 - 1])));
    expect([...(await fromNpy(le).compute({ scheduler: 'sync' })).values()]).toEqual([1, 7, 2 ** 31 - 1]);
    const beBytes = u4([1, 7, 2 ** 31 - 1]);
    for (let i = 0; i < beBytes.length; i += 4) beBytes.subarray(i, i + 4).reverse();
    const be = file('u4-small-be.npy', buildNpy('>u4', [3], beBytes));
    expect([...(await fromNpy(be).compute({ scheduler: 'sync' })).values()]).toEqual([1, 7, 2 ** 31 - 1]);
  });

  it('names the path when given a directory', () => {
    const e = caught(() => fromNpy(dir));
    expect(e).toBeInstanceOf(io.ImageIOError);
    expect(e.message).toBe(`fromNpy(${JSON.stringify(dir)}): is a directory, not a file`);
  });

  it('reads a valid shape-(0,) .npy with readNpy', () => {
    const p = file('empty.npy', buildNpy('<f8', [0], new Uint8Array(0)));
    expect(io.readNpy(p).shape).toEqual([0]);
  });

  it('refuses PNG headers the specification rules out, and says why, before the decoder runs', () => {
    const png = (edit: (b: Uint8Array, v: DataView) => void) => {
      const b = pngWithImageData(new Uint8Array(16 * 17));
      edit(b, new DataView(b.buffer, b.byteOffset));
      return file('edited.png', b);
    };
    const msg = (p: string) => caught(() => io.imread(p)).message;
    expect(msg(png((_, v) => v.setUint32(16, 0)))).toMatch(/invalid PNG: its IHDR gives 0×16 pixels \(the specification requires at least 1×1\)/);
    expect(msg(png((b) => { b[24] = 16; b[25] = 3; }))).toMatch(/invalid PNG: bit depth 16 with colour type 3 \(allowed: 1, 2, 4, 8\)/);
    expect(msg(png((b) => { b[25] = 7; }))).toMatch(/invalid PNG: colour type 7 \(expected 0, 2, 3, 4 or 6\)/);
    expect(msg(png((b) => { b[25] = 3; }))).toMatch(/invalid PNG: a palette image \(colour type 3\) without a PLTE chunk/);
    expect(msg(png((b) => { b[24] = 2; b[28] = 1; }))).toMatch(/interlaced \(Adam7\) PNG with 2-bit samples is not supported/);
  });

  it('refuses a JPEG of 12-bit samples instead of decoding it as 8-bit', () => {
    const b = jpegClaiming(8, 8);
    for (let p = 2; p + 9 < b.length; p++) if (b[p] === 0xff && b[p + 1] === 0xc0) { b[p + 4] = 12; break; }
    expect(caught(() => io.imread(file('twelve.jpg', b))).message).toMatch(/12-bit JPEG samples are not supported \(dusk reads 8-bit JPEG\)/);
  });

  it('names BigTIFF as unsupported instead of calling it a file of no known format', () => {
    for (const head of [[0x49, 0x49, 43, 0, 8, 0, 0, 0], [0x4d, 0x4d, 0, 43, 0, 8, 0, 0]]) {
      const p = file('big.tif', new Uint8Array([...head, ...new Uint8Array(32)]));
      expect(caught(() => io.imread(p)).message).toMatch(/BigTIFF files \(version 43\) are not supported/);
    }
  });

  it('reads the header dict as NumPy does: the three keys once each and nothing else, versions 1 to 3', () => {
    const withHeader = (name: string, header: string, version = 1) => {
      const bytes = buildNpy('<f8', [2], new Uint8Array(16));
      const text = header.padEnd(118 - 10 - 1) + '\n';
      const out = new Uint8Array(10 + text.length + 16);
      out.set(bytes.subarray(0, 10));
      out[6] = version;
      out[8] = text.length & 255;
      out[9] = text.length >> 8;
      for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i);
      return file(name, out);
    };
    const msg = (p: string) => caught(() => io.readNpy(p)).message;
    expect(io.readNpy(withHeader('ok.npy', "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }")).shape).toEqual([2]);
    expect(msg(withHeader('twice.npy', "{'descr': '<f8', 'descr': '<i4', 'fortran_order': False, 'shape': (2,), }"))).toMatch(/malformed \.npy header \(key 'descr' given twice\)/);
    expect(msg(withHeader('extra.npy', "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'evil': __import__('os')}"))).toMatch(/malformed \.npy header \(expected entries like/);
    expect(msg(withHeader('more.npy', "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}"))).toMatch(/malformed \.npy header/);
    expect(msg(withHeader('nested.npy', "{'descr': '<f8', 'fortran_order': False, 'shape': ((2,),), }"))).toMatch(/malformed \.npy header/);
    expect(msg(withHeader('v9.npy', "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 9))).toMatch(/unsupported \.npy format version 9\.0 \(dusk reads 1\.0 to 3\.0\)/);
  });
});

describe('special files', () => {
  it('refuses /dev/zero without reading it', async () => {
    for (const reader of ['imread', 'readNpy', 'readRaw', 'fromNpy', 'fromRaw', 'fromTiff'] as const) {
      expect(await isolated(reader, '/dev/zero', 'ImageIOError')).toMatch(/is a character device, not a regular file/);
    }
  });

  it('refuses a FIFO without blocking on it', async () => {
    const fifo = join(dir, 'pipe.png');
    execFileSync('mkfifo', [fifo]);
    for (const reader of ['imread', 'readNpy', 'fromTiff'] as const) {
      expect(await isolated(reader, fifo, 'ImageIOError')).toMatch(/is a FIFO \(named pipe\), not a regular file/);
    }
    expect(caught(() => io.imread(fifo)).message).toBe(`imread(${JSON.stringify(fifo)}): is a FIFO (named pipe), not a regular file`);
  });
});

describe('atomic replace', () => {
  it('keeps a 0600 file 0600 when imwrite, writeNpy or writeFileAtomic replaces it', async () => {
    const png = join(dir, 'private.png'), npy = join(dir, 'private.npy'), txt = join(dir, 'private.json');
    for (const p of [png, npy, txt]) {
      writeFileSync(p, 'old');
      chmodSync(p, 0o600);
    }
    io.imwrite(png, zeros([2, 2], { dtype: 'uint8' }));
    io.writeNpy(npy, zeros([2]));
    await writeFileAtomic(txt, '{}');
    for (const p of [png, npy, txt]) expect((statSync(p).mode & 0o777).toString(8)).toBe('600');
  });

  it('writes through a symlink to its target, leaving the link in place', async () => {
    mkdirSync(join(dir, 'real'), { recursive: true });
    const target = join(dir, 'real', 'out.npy'), link = join(dir, 'link.npy');
    writeFileSync(target, 'old');
    symlinkSync(join('real', 'out.npy'), link);
    io.writeNpy(link, zeros([3]));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(join('real', 'out.npy'));
    expect(io.readNpy(target).shape).toEqual([3]);
    const txtTarget = join(dir, 'real', 'out.json'), txtLink = join(dir, 'link.json');
    symlinkSync(txtTarget, txtLink); // dangling: the write creates the target
    await writeFileAtomic(txtLink, '{"a":1}');
    expect(lstatSync(txtLink).isSymbolicLink()).toBe(true);
    expect(readFileSync(txtTarget, 'utf8')).toBe('{"a":1}');
  });
});

describe('option validation', () => {
  const raw = join(dir, 'v.raw');
  writeFileSync(raw, new Uint8Array(64));

  it('rejects misspelled options of fromRaw, fromNpy and fromTiff, naming the key', () => {
    expect(caught(() => fromRaw(raw, { dtype: 'uint8', shape: [8, 8], offest: 4 } as never)).message).toMatch(/^fromRaw: .*"offest"/);
    const npy = join(dir, 'v.npy');
    io.writeNpy(npy, zeros([4, 4]));
    expect(caught(() => fromNpy(npy, { chunk: [2, 2] } as never)).message).toMatch(/^fromNpy: .*"chunk"/);
    expect(caught(() => fromTiff(npy, { chunk: 1 } as never)).message).toMatch(/^fromTiff: .*"chunk"/);
    expect(caught(() => fromRaw(raw, { dtype: 'uint9', shape: [8, 8] } as never)).message).toMatch(/^fromRaw: option 'dtype'/);
  });

  it('bounds histogram nbins', () => {
    const e = caught(() => exposure.histogram(zeros([4, 4]), { nbins: 1e9 }));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(/^histogram: option 'nbins' .*16777216/);
  });
});
