/**
 * BMP decoder, matching what `skimage.io.imread` (imageio + Pillow) returns.
 *
 * Headers: OS/2 core (12 bytes) and Windows BITMAPINFOHEADER and later (40, 52, 56, 64, 108, 124).
 * Pixels: 1/4/8-bit palette (uncompressed, RLE8, RLE4), 16-bit (5-5-5 or bitfields), 24-bit, and
 * 32-bit (BI_RGB ignores the fourth byte; bitfields with an alpha mask give RGBA). Bottom-up
 * (positive height) and top-down (negative height) rows. Results:
 * - palette images → (H, W) uint8 when the used palette entries are gray, else (H, W, 4) RGBA
 *   (imageio's rule; see image.ts `expandPalette`);
 * - 16/24/32-bit → (H, W, 3) uint8, or (H, W, 4) with an alpha mask; channels narrower than
 *   8 bits are scaled as Pillow does (v × 255 / max, rounded down).
 * Truncated or inconsistent files are errors naming the file and the missing byte counts.
 * Hostile files: the header's size is checked against the pixel limit before anything is
 * allocated, and an uncompressed bitmap must fit in the file; sizes are computed in doubles (no
 * 32-bit bit tricks), so a width of 2³¹−1 cannot wrap into a small stride.
 */
import type { NDArray } from '../ndarray/ndarray.ts';
import { guard, ioFail } from './errors.ts';
import { expandPalette, newImage, unpackSamples } from './image.ts';
import { decodeBmpRle } from './bmpRle.ts';
import { checkPixels, getMaxImagePixels } from './limits.ts';

const BI_RGB = 0, BI_RLE8 = 1, BI_RLE4 = 2, BI_BITFIELDS = 3, BI_ALPHABITFIELDS = 6;

interface BmpHeader {
  width: number; height: number; topDown: boolean; bits: number; compression: number;
  colors: number; masks: number[] | null; paletteAt: number; paletteEntry: number; dataAt: number;
}

function parseHeader(b: Uint8Array, v: DataView, path: string): BmpHeader {
  if (b[0] !== 0x42 || b[1] !== 0x4d) ioFail('imread', path, 'not a BMP file (missing "BM" signature)');
  if (b.length < 26) ioFail('imread', path, `truncated BMP header (${b.length} bytes, at least 26 needed)`);
  const dataAt = v.getUint32(10, true);
  const hs = v.getUint32(14, true);
  if (hs === 12) {
    return { width: v.getUint16(18, true), height: v.getUint16(20, true), topDown: false, bits: v.getUint16(24, true),
      compression: BI_RGB, colors: 0, masks: null, paletteAt: 26, paletteEntry: 3, dataAt };
  }
  if (![40, 52, 56, 64, 108, 124].includes(hs)) ioFail('imread', path, `unsupported BMP header size ${hs}`);
  if (b.length < 14 + hs) ioFail('imread', path, `truncated BMP header (${b.length} bytes, header needs ${14 + hs})`);
  const rawH = v.getInt32(22, true);
  const h: BmpHeader = {
    width: v.getInt32(18, true), height: Math.abs(rawH), topDown: rawH < 0, bits: v.getUint16(28, true),
    compression: v.getUint32(30, true), colors: v.getUint32(46, true), masks: null, paletteAt: 14 + hs,
    paletteEntry: 4, dataAt,
  };
  if (h.compression === BI_BITFIELDS || h.compression === BI_ALPHABITFIELDS) {
    const n = h.compression === BI_ALPHABITFIELDS || hs >= 56 ? 4 : 3;
    const at = 54; // right after the 40-byte core of the info header
    if (b.length < at + 4 * n) ioFail('imread', path, 'truncated BMP header (bitfield masks missing)');
    h.masks = Array.from({ length: n }, (_, i) => v.getUint32(at + 4 * i, true));
    if (hs === 40) h.paletteAt += 4 * n;
  }
  return h;
}

/** Extract a masked channel scaled to 0..255 the way Pillow's unpackers do. */
function channelReader(mask: number): (px: number) => number {
  if (mask === 0) return () => 255;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  return max === 255 ? (px) => (px >>> shift) & 255 : (px) => Math.floor((((px & mask) >>> shift) * 255) / max);
}

/** Bytes per row of `w` pixels of `bits` bits, padded to 4 bytes. */
function rowStride(w: number, bits: number): number {
  return Math.ceil((w * bits) / 32) * 4;
}

/** Decode BMP bytes read from `path`, refusing images over `limit` pixels. */
export function decodeBmpImage(b: Uint8Array, path: string, limit = getMaxImagePixels()): NDArray {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const h = parseHeader(b, v, path);
  const { width: w, height: ht, bits } = h;
  if (w <= 0 || ht === 0) ioFail('imread', path, `invalid BMP size ${w}×${ht}`);
  checkPixels('imread', path, `BMP image of ${w}×${ht} pixels`, w * ht, limit);
  const flip = (row: number) => (h.topDown ? row : ht - 1 - row);
  if (bits === 1 || bits === 4 || bits === 8) {
    const colors = h.colors || 1 << bits;
    const pEnd = h.paletteAt + colors * h.paletteEntry;
    if (pEnd > b.length) ioFail('imread', path, `truncated BMP palette (${colors} entries need ${pEnd} bytes, file has ${b.length})`);
    const palette = Array.from({ length: colors }, (_, k) => {
      const p = h.paletteAt + k * h.paletteEntry;
      return [b[p + 2]!, b[p + 1]!, b[p]!];
    });
    const dataAt = h.dataAt || pEnd;
    if (h.compression === BI_RLE8 || h.compression === BI_RLE4) {
      const indices = guard('imread', path, 'corrupt BMP', () => decodeBmpRle(b, dataAt, w, ht, h.compression === BI_RLE4, h.topDown));
      return expandPalette(indices, ht, w, palette);
    }
    if (h.compression !== BI_RGB) ioFail('imread', path, `unsupported BMP compression ${h.compression} for ${bits}-bit`);
    const stride = rowStride(w, bits);
    checkSize(path, b, dataAt, stride, ht);
    const fileRows = unpackSamples(b.subarray(dataAt, dataAt + stride * ht), ht, w, bits, stride);
    const indices = new Uint8Array(w * ht);
    for (let r = 0; r < ht; r++) indices.set(fileRows.subarray(r * w, (r + 1) * w), flip(r) * w);
    return expandPalette(indices, ht, w, palette);
  }
  if (bits !== 16 && bits !== 24 && bits !== 32) ioFail('imread', path, `unsupported BMP bit depth ${bits}`);
  if (h.compression !== BI_RGB && !h.masks) ioFail('imread', path, `unsupported BMP compression ${h.compression}`);
  let masks = h.masks ?? (bits === 16 ? [0x7c00, 0x3e0, 0x1f] : [0xff0000, 0xff00, 0xff]);
  if (masks.every((m) => m === 0)) masks = [0xff0000, 0xff00, 0xff, 0xff000000];
  const hasAlpha = (masks[3] ?? 0) !== 0;
  const readers = masks.slice(0, hasAlpha ? 4 : 3).map(channelReader);
  const stride = rowStride(w, bits);
  const dataAt = h.dataAt || h.paletteAt;
  checkSize(path, b, dataAt, stride, ht);
  const c = readers.length;
  const out = newImage('uint8', ht, w, c);
  const d = out.data;
  const bpp = bits >> 3;
  for (let r = 0; r < ht; r++) {
    const row = dataAt + r * stride;
    let o = flip(r) * w * c;
    for (let x = 0; x < w; x++) {
      const p = row + x * bpp;
      const px = bpp === 2 ? v.getUint16(p, true) : bpp === 3 ? b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) : v.getUint32(p, true);
      for (let k = 0; k < c; k++) d[o++] = readers[k]!(px);
    }
  }
  return out;
}

function checkSize(path: string, b: Uint8Array, at: number, stride: number, rows: number): void {
  const need = at + stride * rows;
  if (need > b.length) {
    ioFail('imread', path, `truncated BMP pixel data (${rows} rows of ${stride} bytes from byte ${at} need ${need} bytes, file has ${b.length})`);
  }
}
