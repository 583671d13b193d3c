/**
 * JPEG codec on top of `jpeg-js` (baseline and progressive, 8-bit).
 *
 * Reading: grayscale files → (H, W) uint8, colour (YCbCr/RGB, and CMYK converted) → (H, W, 3)
 * uint8. The component count comes from the frame header, since `jpeg-js` always hands back RGB.
 * Decoding is strict: a truncated or corrupt stream is an error, never a half-grey picture.
 * Pixel values can differ from libjpeg (Pillow, used by scikit-image) by a few levels: the
 * inverse DCT and chroma upsampling are implemented differently.
 * Writing: (H, W) or (H, W, 3) uint8 (bool as 0/255) at `quality` (1–100, Pillow's default 75).
 * `jpeg-js` always writes three YCbCr components, so a gray image reads back as (H, W, 3) with
 * equal channels. RGBA is refused, as Pillow does: JPEG has no alpha.
 */
import jpeg from 'jpeg-js';
import type { NDArray } from '../ndarray/ndarray.ts';
import { guard, ioFail } from './errors.ts';
import { imageLayout, newImage } from './image.ts';

/** Number of components in the first SOFn frame header, or 0 if none is found. */
function frameComponents(b: Uint8Array): number {
  let p = 2;
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) return 0;
    const m = b[p + 1]!;
    if (m === 0xff) { p++; continue; }
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) { p += 2; continue; }
    const len = (b[p + 2]! << 8) | b[p + 3]!;
    const sof = m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
    if (sof) return p + 9 < b.length ? b[p + 9]! : 0;
    if (m === 0xda) return 0;
    p += 2 + len;
  }
  return 0;
}

/** Decode JPEG bytes read from `path`. */
export function decodeJpegImage(bytes: Uint8Array, path: string): NDArray {
  const components = frameComponents(bytes);
  if (components === 0) ioFail('imread', path, 'corrupt or truncated JPEG (no frame header found)');
  const img = guard('imread', path, 'corrupt or truncated JPEG', () => jpeg.decode(bytes, {
    useTArray: true, formatAsRGBA: false, tolerantDecoding: false, maxResolutionInMP: 4000, maxMemoryUsageInMB: 16384,
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
