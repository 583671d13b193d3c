/**
 * TIFF encoder (classic little-endian TIFF, strips), streamed page by page into a file sink.
 *
 * - (H, W) → one gray page; (H, W, 3|4) → one RGB(A) page (alpha as unassociated extra sample);
 *   (P, H, W) → P gray pages; (P, H, W, 3|4) → P RGB(A) pages. `photometric: 'minisblack'`
 *   makes a 3-D array with 3 or 4 in its last axis pages of gray instead (tifffile's rule is the
 *   `'auto'` default).
 * - uint8, uint16, int16, int32, float32, float64 as stored (bool as uint8 0/255, like
 *   `skimage.io.imsave`); `compression: 'deflate'` (Adobe deflate, zlib) or none.
 * - The first page carries tifffile's `{"shape": [...]}` description so tifffile reads the
 *   array back with its shape. Layout: every page's strips, back to back in page order, then
 *   every IFD. tifffile reads a shaped series of uncompressed pages as one contiguous block when
 *   the IFD offsets leave room for it, so the data must be contiguous: with an IFD after each
 *   page, a small stack read back with IFD bytes in it. Pages are encoded one at a time and only
 *   their strip offsets are kept, so nothing larger than one page is held in memory.
 * Files over 4 GiB would need BigTIFF, which is refused with a clear error.
 */
import { deflateSync } from 'node:zlib';
import type { DType } from '../ndarray/dtype.ts';
import type { NDArray } from '../ndarray/ndarray.ts';
import { ioFail } from './errors.ts';

export interface TiffWriteOptions {
  compression: 'none' | 'deflate';
  photometric: 'auto' | 'minisblack' | 'rgb';
}

/** Where encoded bytes go: a positional writer such as an `AtomicFile`. */
export interface ByteSink { write(bytes: Uint8Array, position: number): void }

const FORMAT: Partial<Record<DType, [bits: number, sampleFormat: number]>> = {
  uint8: [8, 1], uint16: [16, 1], int16: [16, 2], int32: [32, 2], float32: [32, 3], float64: [64, 3],
};
const SHORT = 3, LONG = 4, ASCII = 2;
const STRIP_BYTES = 65536;

type Tag = [tag: number, type: number, values: number[] | string];

function pageGeometry(path: string, image: NDArray, photometric: TiffWriteOptions['photometric']) {
  const s = image.shape;
  const last = s[s.length - 1]!;
  const rgb = photometric === 'rgb' || (photometric === 'auto' && s.length >= 3 && (last === 3 || last === 4));
  if (rgb && !(s.length === 3 || s.length === 4)) ioFail('imwrite', path, `RGB TIFF needs shape (H, W, C) or (P, H, W, C), received (${s.join(', ')})`);
  if (rgb && last !== 3 && last !== 4) ioFail('imwrite', path, `photometric 'rgb' needs 3 or 4 channels in the last axis, received shape (${s.join(', ')})`);
  if (!rgb && s.length !== 2 && s.length !== 3) {
    ioFail('imwrite', path, `TIFF stores (H, W), (H, W, 3|4), (P, H, W) or (P, H, W, 3|4) arrays, received shape (${s.join(', ')})`);
  }
  const spp = rgb ? last : 1;
  const [h, w] = rgb ? s.slice(-3, -1) as [number, number] : s.slice(-2) as [number, number];
  const pages = rgb ? (s.length === 4 ? s[0]! : 1) : (s.length === 3 ? s[0]! : 1);
  if (h === 0 || w === 0 || pages === 0) ioFail('imwrite', path, `cannot store an empty image of shape (${s.join(', ')})`);
  return { w, h, spp, pages };
}

/** Encode `image` into `sink` as TIFF; `path` is named in errors. */
export function encodeTiff(sink: ByteSink, image: NDArray, path: string, options: TiffWriteOptions): void {
  let values = image.values() as ArrayLike<number> & ArrayBufferView;
  let dtype = image.dtype;
  if (dtype === 'bool') {
    values = Uint8Array.from(values as Uint8Array, (v) => (v ? 255 : 0));
    dtype = 'uint8';
  }
  const fmt = FORMAT[dtype];
  if (!fmt) ioFail('imwrite', path, `TIFF stores uint8, uint16, int16, int32, float32 or float64 images, received ${dtype}`);
  const [bits, sampleFormat] = fmt;
  const { w, h, spp, pages } = pageGeometry(path, image, options.photometric);
  const item = bits / 8, rowBytes = w * spp * item, pageBytes = rowBytes * h;
  const rps = Math.max(1, Math.min(h, Math.floor(STRIP_BYTES / rowBytes)));
  const all = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const description = `{"shape": [${image.shape.join(', ')}]}`;
  sink.write(new Uint8Array([0x49, 0x49, 42, 0, 0, 0, 0, 0]), 0);
  let pos = 8, linkAt = 4;
  const strips: { offsets: number[]; counts: number[] }[] = [];
  for (let p = 0; p < pages; p++) {
    const page = all.subarray(p * pageBytes, (p + 1) * pageBytes);
    const offsets: number[] = [], counts: number[] = [];
    for (let y = 0; y < h; y += rps) {
      let strip = page.subarray(y * rowBytes, Math.min(h, y + rps) * rowBytes);
      if (options.compression === 'deflate') strip = deflateSync(strip);
      if (pos + strip.length > 0xffffffff) ioFail('imwrite', path, 'TIFF output exceeds 4 GiB (BigTIFF is not supported)');
      offsets.push(pos);
      counts.push(strip.length);
      sink.write(strip, pos);
      pos += strip.length;
    }
    strips.push({ offsets, counts });
  }
  pos += pos & 1; // IFDs start on a word boundary
  for (let p = 0; p < pages; p++) {
    const { offsets, counts } = strips[p]!;
    const tags: Tag[] = [
      [254, LONG, [0]], [256, LONG, [w]], [257, LONG, [h]], [258, SHORT, new Array(spp).fill(bits)],
      [259, SHORT, [options.compression === 'deflate' ? 8 : 1]], [262, SHORT, [spp >= 3 ? 2 : 1]],
      ...(p === 0 ? [[270, ASCII, description] as Tag] : []),
      [273, LONG, offsets], [277, SHORT, [spp]], [278, LONG, [rps]], [279, LONG, counts], [284, SHORT, [1]],
      ...(spp === 4 ? [[338, SHORT, [2]] as Tag] : []), [339, SHORT, new Array(spp).fill(sampleFormat)],
    ];
    const ifd = buildIfd(tags, pos);
    if (pos + ifd.bytes.length > 0xffffffff) ioFail('imwrite', path, 'TIFF output exceeds 4 GiB (BigTIFF is not supported)');
    const link = new Uint8Array(4);
    new DataView(link.buffer).setUint32(0, pos, true);
    sink.write(link, linkAt);
    sink.write(ifd.bytes, pos);
    linkAt = pos + ifd.nextAt;
    pos += ifd.bytes.length;
  }
}

/** An IFD placed at `at`: entries, next-IFD link (0), then out-of-line values. */
function buildIfd(tags: Tag[], at: number): { bytes: Uint8Array; nextAt: number } {
  const size = (t: Tag) => (t[1] === ASCII ? (t[2] as string).length + 1 : (t[2] as number[]).length * (t[1] === SHORT ? 2 : 4));
  const head = 2 + tags.length * 12 + 4;
  let extra = 0;
  for (const t of tags) if (size(t) > 4) extra += size(t) + (size(t) & 1);
  const bytes = new Uint8Array(head + extra);
  const v = new DataView(bytes.buffer);
  v.setUint16(0, tags.length, true);
  let ext = head;
  tags.forEach((t, i) => {
    const e = 2 + i * 12, n = size(t);
    const count = t[1] === ASCII ? n : (t[2] as number[]).length;
    v.setUint16(e, t[0], true);
    v.setUint16(e + 2, t[1], true);
    v.setUint32(e + 4, count, true);
    let p = e + 8;
    if (n > 4) {
      v.setUint32(e + 8, at + ext, true);
      p = ext;
      ext += n + (n & 1);
    }
    if (t[1] === ASCII) for (let k = 0, s = t[2] as string; k < s.length; k++) bytes[p + k] = s.charCodeAt(k);
    else (t[2] as number[]).forEach((x, k) => (t[1] === SHORT ? v.setUint16(p + 2 * k, x, true) : v.setUint32(p + 4 * k, x, true)));
  });
  return { bytes, nextAt: 2 + tags.length * 12 };
}
