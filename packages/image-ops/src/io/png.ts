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
 *
 * Hostile files: the IHDR size is checked against the pixel limit before `fast-png` runs, and the
 * image data (all IDAT chunks) is first inflated here with an output cap of the size the header
 * implies (+64 KiB), since `fast-png` inflates whatever the stream holds: a 1 MB IDAT can expand
 * to 1 GB whatever the IHDR says.
 */
import { inflateSync } from 'node:zlib';
import { decode, encode } from 'fast-png';
import type { NDArray } from '../ndarray/ndarray.ts';
import { guard, ioFail } from './errors.ts';
import { expandPalette, imageLayout, newImage, unpackSamples } from './image.ts';
import { checkPixels, getMaxImagePixels } from './limits.ts';

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Bytes of filtered scanlines a `w`×`h` image of `bits`-bit pixels holds (Adam7: all passes). */
function rawDataBytes(w: number, h: number, bits: number, interlaced: boolean): number {
  const rows = (pw: number, ph: number) => (pw > 0 && ph > 0 ? ph * (1 + Math.ceil((pw * bits) / 8)) : 0);
  if (!interlaced) return rows(w, h);
  const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
  return passes.reduce((sum, [x0, y0, dx, dy]) => sum + rows(Math.ceil((w - x0!) / dx!), Math.ceil((h - y0!) / dy!)), 0);
}

/** Bit depths the PNG specification allows per colour type (gray, RGB, palette, gray+alpha, RGBA). */
const DEPTHS: Record<number, readonly number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/** Whether the image data (IDAT) comes before any chunk of `type` (false too when the file ends first: that is a truncation). */
function dataBefore(bytes: Uint8Array, v: DataView, type: number): boolean {
  for (let p = 8; p + 12 <= bytes.length;) {
    const t = v.getUint32(p + 4);
    if (t === type) return false;
    if (t === 0x49444154) return true;
    p += 12 + v.getUint32(p);
  }
  return false;
}

/** Check the IHDR (size against `limit`, colour type and bit depth) and that the IDAT stream inflates to no more than it needs. */
function checkPngSize(bytes: Uint8Array, path: string, limit: number): void {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 33 || v.getUint32(12) !== 0x49484452) ioFail('imread', path, 'corrupt or truncated PNG (no IHDR chunk first)');
  const w = v.getUint32(16), h = v.getUint32(20), depth = bytes[24]!, colour = bytes[25]!;
  if (w === 0 || h === 0) ioFail('imread', path, `invalid PNG: its IHDR gives ${w}×${h} pixels (the specification requires at least 1×1)`);
  checkPixels('imread', path, `PNG image of ${w}×${h} pixels`, w * h, limit);
  const channels = CHANNELS[colour];
  const depths = DEPTHS[colour];
  if (channels === undefined || depths === undefined) ioFail('imread', path, `invalid PNG: colour type ${colour} (expected 0, 2, 3, 4 or 6)`);
  if (!depths.includes(depth)) ioFail('imread', path, `invalid PNG: bit depth ${depth} with colour type ${colour} (allowed: ${depths.join(', ')})`);
  // fast-png mis-decodes Adam7 below 8 bits: say so before it fails with its own filter error.
  if (depth < 8 && bytes[28] === 1) ioFail('imread', path, `interlaced (Adam7) PNG with ${depth}-bit samples is not supported`);
  if (colour === 3 && dataBefore(bytes, v, 0x504c5445)) ioFail('imread', path, 'invalid PNG: a palette image (colour type 3) without a PLTE chunk');
  const need = rawDataBytes(w, h, depth * channels, bytes[28] === 1);
  const parts: Uint8Array[] = [];
  for (let p = 8; p + 12 <= bytes.length;) {
    const len = v.getUint32(p), type = v.getUint32(p + 4);
    if (type === 0x49444154) parts.push(bytes.subarray(p + 8, Math.min(bytes.length, p + 8 + len)));
    if (type === 0x49454e44) break;
    p += 12 + len;
  }
  try {
    inflateSync(Buffer.concat(parts), { maxOutputLength: need + 65536 });
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      ioFail('imread', path, `PNG image data inflates to more than the ${need} bytes a ${w}×${h} image needs (a decompression bomb?)`);
    }
    // Other inflate errors: fast-png reports them with its own detail.
  }
}

/** Decode PNG bytes read from `path`, refusing images over `limit` pixels. */
export function decodePngImage(bytes: Uint8Array, path: string, limit?: number): NDArray {
  checkPngSize(bytes, path, limit ?? getMaxImagePixels());
  const png = guard('imread', path, 'corrupt or truncated PNG', () => decode(bytes, { checkCrc: true }));
  const { width: w, height: h, depth, channels } = png;
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
