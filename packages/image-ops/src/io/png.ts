/**
 * PNG codec on top of `fast-png`, shaped like `skimage.io.imread` / `imsave` results.
 *
 * Reading (CRCs are checked, so corruption is reported rather than decoded into garbage):
 * - gray 8/16 bit → (H, W) uint8/uint16; gray below 8 bits is scaled to uint8 (1-bit → 0/255,
 *   2-bit × 85, 4-bit × 17), as Pillow does;
 * - RGB / RGBA → (H, W, 3|4), gray+alpha → (H, W, 2), uint8 or uint16 *as stored*. (scikit-image
 *   0.19 with Pillow 9 truncates 16-bit colour to uint8 and expands gray+alpha to RGBA; dusk keeps
 *   what the file holds, so every array it writes reads back unchanged);
 * - palette → RGBA (alpha from tRNS, else 255), or (H, W) gray when the used palette entries are
 *   all gray — exactly imageio's rule.
 * Adam7-interlaced files are read for 8 and 16-bit samples (not below: `fast-png` mis-decodes those).
 * Writing: uint8 or uint16 (bool as 0/255), shape (H, W) or (H, W, 1|2|3|4).
 */
import { decode, encode } from 'fast-png';
import type { NDArray } from '../ndarray/ndarray.ts';
import { guard, ioFail } from './errors.ts';
import { expandPalette, imageLayout, newImage, unpackSamples } from './image.ts';

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Decode PNG bytes read from `path`. */
export function decodePngImage(bytes: Uint8Array, path: string): NDArray {
  const png = guard('imread', path, 'corrupt or truncated PNG', () => decode(bytes, { checkCrc: true }));
  const { width: w, height: h, depth, channels } = png;
  if (depth < 8 && bytes[28] === 1) ioFail('imread', path, `interlaced (Adam7) PNG with ${depth}-bit samples is not supported`);
  const raw = png.data;
  if (png.palette) {
    const packed = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    expectLength(path, packed.length, h * Math.ceil((w * depth) / 8));
    const alpha = png.palette.map((e) => e[3] ?? 255);
    return expandPalette(unpackSamples(packed, h, w, depth), h, w, png.palette, alpha);
  }
  if (depth === 16) {
    if (!(raw instanceof Uint16Array)) ioFail('imread', path, 'PNG decoder returned 8-bit data for a 16-bit image');
    expectLength(path, raw.length, h * w * channels);
    const out = newImage('uint16', h, w, channels);
    out.data.set(raw);
    return out;
  }
  const u8 = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  if (depth < 8) {
    if (channels !== 1) ioFail('imread', path, `invalid PNG: ${depth}-bit samples with ${channels} channels`);
    expectLength(path, u8.length, h * Math.ceil((w * depth) / 8));
    const samples = unpackSamples(u8, h, w, depth);
    const scale = 255 / ((1 << depth) - 1);
    const out = newImage('uint8', h, w, 1);
    for (let i = 0; i < samples.length; i++) out.data[i] = samples[i]! * scale;
    return out;
  }
  expectLength(path, u8.length, h * w * channels);
  const out = newImage('uint8', h, w, channels);
  out.data.set(u8);
  return out;
}

function expectLength(path: string, got: number, want: number): void {
  if (got !== want) ioFail('imread', path, `truncated PNG image data (${got} bytes decoded, expected ${want})`);
}

/** Encode `image` as PNG bytes (for `path`, named in errors). */
export function encodePngImage(image: NDArray, path: string): Uint8Array {
  const img = imageLayout('imwrite', path, 'PNG', image, ['uint8', 'uint16'], [1, 2, 3, 4]);
  const data = img.dtype === 'uint16'
    ? (img.data instanceof Uint16Array ? img.data : Uint16Array.from(img.data))
    : (img.data instanceof Uint8Array ? img.data : Uint8Array.from(img.data));
  return guard('imwrite', path, 'PNG encoding failed', () => encode({
    width: img.width, height: img.height, data, depth: img.dtype === 'uint16' ? 16 : 8, channels: img.channels,
  }));
}
