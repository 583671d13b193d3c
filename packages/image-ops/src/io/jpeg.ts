/**
 * JPEG codec on top of `jpeg-js` (baseline and progressive, 8-bit).
 *
 * Reading: grayscale files → (H, W) uint8, colour (YCbCr/RGB, and CMYK converted) → (H, W, 3)
 * uint8. The component count comes from the frame header, since `jpeg-js` always hands back RGB.
 * Decoding is strict: a truncated or corrupt stream is an error, never a half-grey picture.
 * Pixel values differ from libjpeg's (Pillow, used by scikit-image): the inverse DCT and the
 * chroma upsampling are implemented differently. Measured against Pillow: 4:4:4 files within 2–3
 * levels; chroma-subsampled ones (4:2:0, 4:2:2) up to 8–12 levels on smooth images and much more
 * on noise (max 78, mean 13), where jpeg-js replicates chroma samples and libjpeg interpolates.
 * Writing: (H, W) or (H, W, 3) uint8 (bool as 0/255) at `quality` (1–100, Pillow's default 75).
 * `jpeg-js` always writes three YCbCr components, so a gray image reads back as (H, W, 3) with
 * equal channels. RGBA is refused, as Pillow does: JPEG has no alpha.
 *
 * Hostile files: the first frame header (SOFn) is read here; its size is checked against the pixel
 * limit, and `jpeg-js` gets limits derived from that very frame — `maxResolutionInMP` no larger
 * than the pixel limit and `maxMemoryUsageInMB` covering just this frame's coefficient blocks and
 * output (a second, larger frame later in the file then fails inside `jpeg-js`) — and a file too
 * small to hold a bit of scan data per 8×8 block of that frame is refused before anything is
 * allocated (a 1.4 KB file claiming 13000×13000 pixels took 2.5 GB to fail inside the decoder).
 */
import jpeg from 'jpeg-js';
import type { NDArray } from '../ndarray/ndarray.ts';
import { guard, ioFail } from './errors.ts';
import { imageLayout, newImage } from './image.ts';
import { checkPixels, getMaxImagePixels } from './limits.ts';

interface Frame { precision: number; components: number; width: number; height: number; maxH: number; maxV: number }

/** The first SOFn frame header, or undefined if none is found before the first scan. */
function readFrame(b: Uint8Array): Frame | undefined {
  let p = 2;
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) return undefined;
    const m = b[p + 1]!;
    if (m === 0xff) { p++; continue; }
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) { p += 2; continue; }
    const len = (b[p + 2]! << 8) | b[p + 3]!;
    const sof = m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
    if (sof) {
      const components = p + 9 < b.length ? b[p + 9]! : 0;
      if (components === 0 || p + 10 + 3 * components > b.length) return undefined;
      let maxH = 1, maxV = 1;
      for (let c = 0; c < components; c++) {
        const hv = b[p + 11 + 3 * c]!;
        maxH = Math.max(maxH, hv >> 4);
        maxV = Math.max(maxV, hv & 15);
      }
      return { precision: b[p + 4]!, components, height: (b[p + 5]! << 8) | b[p + 6]!, width: (b[p + 7]! << 8) | b[p + 8]!, maxH, maxV };
    }
    if (m === 0xda) return undefined;
    p += 2 + len;
  }
  return undefined;
}

/**
 * What `jpeg-js` may allocate for `f`, in MiB: 256 bytes per 8×8 coefficient block of every
 * component (blocks are padded to whole MCUs at the largest sampling factor, at most 4×4), a
 * byte per sample for the component planes, 3 bytes per output pixel, the file's own size (its
 * marker segments are copied) and 16 MiB for tables.
 */
function memoryBudgetMB(f: Frame, fileBytes: number): number {
  const mcus = Math.ceil(f.width / (8 * f.maxH)) * Math.ceil(f.height / (8 * f.maxV));
  const blocks = mcus * f.maxH * f.maxV * f.components;
  return Math.ceil((blocks * (256 + 64) + f.width * f.height * 3 + fileBytes) / 2 ** 20) + 16;
}

/** Decode JPEG bytes read from `path`, refusing images over `limit` pixels. */
export function decodeJpegImage(bytes: Uint8Array, path: string, limit = getMaxImagePixels()): NDArray {
  const frame = readFrame(bytes);
  if (!frame) ioFail('imread', path, 'corrupt or truncated JPEG (no frame header found)');
  const { components } = frame;
  // jpeg-js decodes 8-bit samples only, and would read a 12-bit stream as 8-bit without a word.
  if (frame.precision !== 8) ioFail('imread', path, `${frame.precision}-bit JPEG samples are not supported (dusk reads 8-bit JPEG)`);
  checkPixels('imread', path, `JPEG image of ${frame.width}×${frame.height} pixels`, frame.width * frame.height, limit);
  // Every 8×8 block costs at least one bit of Huffman-coded scan data (its DC difference), so a
  // file far smaller than its frame claims cannot be real — and jpeg-js would first allocate the
  // whole frame (~5 bytes a pixel) to find that out.
  const blocks = Math.ceil(frame.width / (8 * frame.maxH)) * Math.ceil(frame.height / (8 * frame.maxV)) * frame.maxH * frame.maxV;
  if (bytes.length < blocks / 8) {
    ioFail('imread', path, `corrupt or truncated JPEG: its frame of ${frame.width}×${frame.height} pixels has ${blocks} blocks of 8×8, whose scan data takes at least ${Math.ceil(blocks / 8)} bytes (a bit per block), but the file has ${bytes.length}`);
  }
  const img = guard('imread', path, 'corrupt or truncated JPEG', () => jpeg.decode(bytes, {
    useTArray: true, formatAsRGBA: false, tolerantDecoding: false,
    maxResolutionInMP: Math.min(limit, frame.width * frame.height + 1) / 1e6, maxMemoryUsageInMB: memoryBudgetMB(frame, bytes.length),
  }));
  const { width: w, height: h, data } = img;
  if (data.length !== w * h * 3) ioFail('imread', path, `JPEG decoder returned ${data.length} bytes for ${w}×${h}`);
  if (components === 1) {
    const out = newImage('uint8', h, w, 1);
    for (let i = 0; i < w * h; i++) out.data[i] = data[3 * i]!;
    return out;
  }
  const out = newImage('uint8', h, w, 3);
  out.data.set(data);
  return out;
}

/** Encode `image` as JPEG bytes at `quality` (for `path`, named in errors). */
export function encodeJpegImage(image: NDArray, path: string, quality: number): Uint8Array {
  const img = imageLayout('imwrite', path, 'JPEG', image, ['uint8'], [1, 3]);
  const { width: w, height: h, channels: c, data } = img;
  const rgba = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    rgba[4 * i] = data[i * c]!;
    rgba[4 * i + 1] = data[i * c + (c === 3 ? 1 : 0)]!;
    rgba[4 * i + 2] = data[i * c + (c === 3 ? 2 : 0)]!;
    rgba[4 * i + 3] = 255;
  }
  const encoded = guard('imwrite', path, 'JPEG encoding failed', () => jpeg.encode({ width: w, height: h, data: rgba }, quality));
  return new Uint8Array(encoded.data.buffer, encoded.data.byteOffset, encoded.data.byteLength);
}
