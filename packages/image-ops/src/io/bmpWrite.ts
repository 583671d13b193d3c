/**
 * BMP encoder, byte-compatible with what imageio/Pillow write for `imsave('x.bmp', img)`:
 * - (H, W) uint8 (bool as 0/255) → 8-bit with a 256-entry grayscale palette;
 * - (H, W, 3) uint8 → 24-bit BGR;
 * - (H, W, 4) uint8 → 32-bit BGRA with BITMAPV4 bitfields (an alpha mask), so the alpha channel
 *   reads back — in dusk and in Pillow (Pillow itself writes BI_RGB here and loses alpha).
 * Rows are bottom-up and padded to 4 bytes; resolution 96 dpi (3780 px/m), as Pillow writes.
 *
 * `imwrite` encodes with `reuse`: the bytes go into this thread's encode buffer (kept while ≤
 * `KEEP_BYTES`, so a batch of same-size images faults its file buffer in once, not per image;
 * a 2048² gray BMP is 1 025 faults), valid until the next reusing call on the thread; the
 * header and row padding are cleared, as a fresh buffer would have them.
 * State: that one buffer per thread (none until the first reusing call).
 */
import type { NDArray } from '../ndarray/ndarray.ts';
import { ioFail } from './errors.ts';
import { imageLayout } from './image.ts';

const PPM_96DPI = 3780;
/** Gray rows at least this wide are copied with `set(subarray)`; shorter ones by a loop (no view object per row). */
const MEMCPY_ROW = 256;

/** Encode buffers up to this size are kept for the thread's next reusing `encodeBmpImage`. */
const KEEP_BYTES = 32 << 20;
let scratch: Uint8Array | undefined;

/** `size` bytes to encode into: fresh, or the start of this thread's kept buffer when `reuse`. */
function outputBuffer(size: number, reuse: boolean): Uint8Array {
  if (!reuse || size > KEEP_BYTES) return new Uint8Array(size);
  if (scratch === undefined || scratch.length < size) scratch = new Uint8Array(size);
  return scratch.subarray(0, size);
}

/**
 * Encode `image` as BMP bytes (for `path`, named in errors). With `reuse` the bytes live in this
 * thread's encode buffer and are only valid until the next reusing call (imwrite writes them out
 * at once); without, they are a fresh array.
 */
export function encodeBmpImage(image: NDArray, path: string, reuse = false): Uint8Array {
  const img = imageLayout('imwrite', path, 'BMP', image, ['uint8'], [1, 3, 4]);
  const { width: w, height: h, channels: c, data } = img;
  const bits = c === 1 ? 8 : c * 8;
  const infoSize = c === 4 ? 108 : 40;
  const colors = c === 1 ? 256 : 0;
  const stride = ((w * bits + 31) >> 5) << 2;
  const dataAt = 14 + infoSize + colors * 4;
  const fileSize = dataAt + stride * h;
  if (fileSize > 0xffffffff) ioFail('imwrite', path, `image too large for BMP (${fileSize} bytes > 4 GiB)`);
  const out = outputBuffer(fileSize, reuse);
  out.fill(0, 0, dataAt); // a reused buffer holds the last image's header
  const v = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const pad = stride - w * c;
  out[0] = 0x42;
  out[1] = 0x4d;
  v.setUint32(2, fileSize, true);
  v.setUint32(10, dataAt, true);
  v.setUint32(14, infoSize, true);
  v.setInt32(18, w, true);
  v.setInt32(22, h, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, bits, true);
  v.setUint32(30, c === 4 ? 3 : 0, true); // BI_BITFIELDS for RGBA, else BI_RGB
  v.setUint32(34, stride * h, true);
  v.setUint32(38, PPM_96DPI, true);
  v.setUint32(42, PPM_96DPI, true);
  v.setUint32(46, colors, true);
  v.setUint32(50, colors, true);
  if (c === 4) {
    [0xff0000, 0xff00, 0xff, 0xff000000].forEach((m, i) => v.setUint32(54 + 4 * i, m, true));
    v.setUint32(70, 0x73524742, true); // colour space 'sRGB'
  }
  for (let i = 0; i < colors; i++) out.fill(i, 54 + 4 * i, 54 + 4 * i + 4); // Pillow fills the reserved byte too
  for (let y = 0; y < h; y++) {
    let o = dataAt + (h - 1 - y) * stride;
    let s = y * w * c;
    if (pad > 0) out.fill(0, o + w * c, o + stride);
    if (c === 1) {
      // A gray row is stored as is: one memcpy (uint8 data always is a Uint8Array); a short row
      // by a loop, as a subarray per row would be an object of garbage per row (40² images).
      if (data instanceof Uint8Array && w >= MEMCPY_ROW) out.set(data.subarray(s, s + w), o);
      else for (let x = 0; x < w; x++) out[o++] = data[s++]!;
      continue;
    }
    for (let x = 0; x < w; x++, s += c) {
      out[o++] = data[s + 2]!;
      out[o++] = data[s + 1]!;
      out[o++] = data[s]!;
      if (c === 4) out[o++] = data[s + 3]!;
    }
  }
  return out;
}
