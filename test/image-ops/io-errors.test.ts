import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromArray, io, zeros } from 'dusk-image-ops';
import { caught } from './helpers/hostile.ts';

const FIXTURES = new URL('../fixtures/io/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'dusk-io-err-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const u8 = zeros([4, 5], { dtype: 'uint8' });

describe('imread errors name the file and the problem', () => {
  const sources = ['gray16.png', 'palette.png', 'rgb24.bmp', 'palette8.bmp', 'rle8.bmp', 'float32.tif', 'deflate16.tif',
    'tiled16.tif', 'pages16.tif', 'lzw_rgb8.tif', 'rgb444.jpg', 'progressive.jpg'];
  for (const f of sources) {
    it(`reports ${f} cut short at any point as truncated or corrupt`, () => {
      const bytes = readFileSync(join(FIXTURES, f));
      const target = join(dir, `cut-${f}`);
      // Cut points across the whole file; the last few bytes of some formats are optional trailers.
      for (let n = 0; n < bytes.length - 16; n += Math.max(1, Math.floor(bytes.length / 61))) {
        writeFileSync(target, bytes.subarray(0, n));
        const e = caught(() => io.imread(target));
        expect(e).toBeInstanceOf(io.ImageIOError);
        expect(e.message).toContain(JSON.stringify(target));
        expect(e.message).toMatch(/truncated|corrupt|empty|not a valid|not a BMP|no frame/);
      }
    });
  }

  it('calls a BMP cut inside its header truncated, not a file without the BM signature', () => {
    const p = join(dir, 'short.bmp');
    writeFileSync(p, Buffer.from('BM garbage'));
    expect(caught(() => io.imread(p)).message).toBe(`imread(${JSON.stringify(p)}): truncated BMP header (10 bytes, at least 26 needed)`);
    writeFileSync(p, Buffer.from('XM garbage and more bytes than a header needs'));
    expect(caught(() => io.imread(p)).message).toMatch(/not a valid BMP file|not a BMP file/);
  });

  it('keeps the codec error as the cause', () => {
    const bytes = Buffer.from(readFileSync(join(FIXTURES, 'rgb8.png')));
    bytes[bytes.length - 30]! ^= 0xff; // inside IDAT: the CRC no longer matches
    const p = join(dir, 'crc.png');
    writeFileSync(p, bytes);
    const e = caught(() => io.imread(p));
    expect(e.message).toMatch(/^imread\(".*crc\.png"\): corrupt or truncated PNG/);
    expect(e.cause).toBeInstanceOf(Error);
  });

  const unsupported = (JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8')) as { unsupported: string[] }).unsupported;
  for (const f of unsupported) {
    it(`says that ${f} uses an unsupported TIFF layout`, () => {
      expect(caught(() => io.imread(join(FIXTURES, f))).message).toMatch(/unsupported TIFF layout: Unsupported/);
    });
  }

  it('says which signature was expected for a file of garbage', () => {
    const p = join(dir, 'garbage.tif');
    writeFileSync(p, 'hello, world');
    expect(caught(() => io.imread(p)).message).toContain('not a valid TIFF file');
    const q = join(dir, 'garbage.xyz');
    writeFileSync(q, 'hello, world');
    expect(caught(() => io.imread(q)).message).toContain('unsupported image format ".xyz"');
  });

  it('reports missing files and directories as such', () => {
    expect(caught(() => io.imread(join(dir, 'nope.png'))).message).toMatch(/nope\.png.*no such file or directory/);
    expect(caught(() => io.imread(dir)).message).toMatch(/is a directory/);
  });

  it('rejects a page past the end and page on non-TIFF files', () => {
    expect(caught(() => io.imread(join(FIXTURES, 'pages16.tif'), { page: 5 })).message)
      .toContain('page 5 requested, but the TIFF has 5 page(s)');
    expect(caught(() => io.imread(join(FIXTURES, 'gray8.png'), { page: 0 })).message).toContain("'page' applies to TIFF files only");
  });

  it('rejects misspelled and invalid options, naming the field', () => {
    expect(caught(() => io.imread(join(FIXTURES, 'gray8.png'), { asgray: true } as never)).message).toMatch(/^imread: .*asgray/);
    expect(caught(() => io.imwrite(join(dir, 'q.jpg'), u8, { quality: 0 })).message).toMatch(/^imwrite: option 'quality'/);
    expect(caught(() => io.imwrite(join(dir, 'q.tif'), u8, { compression: 'lzw' as never })).message).toMatch(/option 'compression'/);
  });
});

describe('imwrite errors say what the format accepts', () => {
  it('refuses float64 for PNG and names the accepted dtypes', () => {
    const e = caught(() => io.imwrite(join(dir, 'f.png'), zeros([3, 3])));
    expect(e).toBeInstanceOf(io.ImageIOError);
    expect(e.message).toContain('f.png');
    expect(e.message).toContain('PNG stores uint8 or uint16 images');
    expect(e.message).toContain('received float64');
  });

  it('refuses uint16 for BMP and JPEG', () => {
    const u16 = zeros([3, 3], { dtype: 'uint16' });
    expect(caught(() => io.imwrite(join(dir, 'a.bmp'), u16)).message).toContain('BMP stores uint8 images');
    expect(caught(() => io.imwrite(join(dir, 'a.jpg'), u16)).message).toContain('JPEG stores uint8 images');
  });

  it('refuses shapes a format cannot store', () => {
    expect(caught(() => io.imwrite(join(dir, 'a.png'), zeros([2, 2, 5], { dtype: 'uint8' }))).message)
      .toContain('C in {1, 2, 3, 4}, received shape (2, 2, 5)');
    expect(caught(() => io.imwrite(join(dir, 'a.jpg'), zeros([2, 2, 4], { dtype: 'uint8' }))).message).toContain('C in {1, 3}');
    expect(caught(() => io.imwrite(join(dir, 'a.bmp'), zeros([5], { dtype: 'uint8' }))).message).toContain('received shape (5)');
    expect(caught(() => io.imwrite(join(dir, 'a.tif'), zeros([2, 2, 2, 2, 2], { dtype: 'uint8' }))).message).toContain('TIFF stores');
    expect(caught(() => io.imwrite(join(dir, 'a.png'), zeros([0, 3], { dtype: 'uint8' }))).message).toContain('empty image');
  });

  it('refuses unknown extensions unless a format is given', () => {
    expect(caught(() => io.imwrite(join(dir, 'a.gif'), u8)).message).toContain('unsupported image extension ".gif"');
    io.imwrite(join(dir, 'a.gif'), u8, { format: 'png' });
    expect(io.imread(join(dir, 'a.gif')).shape).toEqual([4, 5]);
  });

  it('leaves no file behind when it refuses', () => {
    const sub = join(dir, 'refused');
    mkdirSync(sub);
    caught(() => io.imwrite(join(sub, 'x.png'), fromArray([[0.5]])));
    expect(readdirSync(sub)).toEqual([]);
  });
});

describe('readRaw and readNpy validate sizes', () => {
  it('names the file and both byte counts when a raw file is too small', () => {
    const p = join(dir, 'short.vol');
    writeFileSync(p, new Uint8Array(1000));
    const e = caught(() => io.readRaw(p, { dtype: 'float32', shape: [5, 10, 6], offset: 16 }));
    expect(e).toBeInstanceOf(io.ImageIOError);
    expect(e.message).toContain('short.vol');
    expect(e.message).toContain('needs 1216 bytes, but the file has 1000 bytes');
  });

  it('validates readRaw options', () => {
    const p = join(dir, 'opt.raw');
    writeFileSync(p, new Uint8Array(8));
    expect(caught(() => io.readRaw(p, { dtype: 'complex64' as never, shape: [2] })).message).toMatch(/^readRaw: option 'dtype'/);
    expect(caught(() => io.readRaw(p, { dtype: 'uint8', shape: [-1] })).message).toMatch(/^readRaw: option 'shape\.0'/);
  });

  it('reports a truncated .npy with the shape it promised', () => {
    const src = join(FIXTURES, 'vol_f32.expected.npy');
    const bytes = readFileSync(src);
    const p = join(dir, 'cut.npy');
    writeFileSync(p, bytes.subarray(0, bytes.length - 4));
    const e = caught(() => io.readNpy(p));
    expect(e).toBeInstanceOf(io.ImageIOError);
    expect(e.message).toContain('cut.npy');
    expect(e.message).toContain('shape (4, 6, 5)');
    writeFileSync(p, 'not numpy');
    expect(caught(() => io.readNpy(p)).message).toMatch(/cut\.npy.*not a \.npy file/);
    copyFileSync(src, p);
    expect(io.readNpy(p).shape).toEqual([4, 6, 5]);
  });
});
