/**
 * `imwrite(path, image, options)`: save an NDArray as PNG, BMP, TIFF or JPEG, chosen by the
 * extension (or the `format` option), always atomically (temp file + rename, see atomic.ts).
 *
 * What each format stores — anything else is refused with an error that says so, never
 * silently rescaled (convert first with `imgAsUbyte` / `imgAsUint`):
 * - PNG: uint8 or uint16, (H, W) or (H, W, 1|2|3|4);
 * - BMP: uint8, (H, W) (8-bit gray palette) or (H, W, 3|4);
 * - TIFF: uint8, uint16, int16, int32, float32, float64; pages as described in tiffWrite.ts;
 * - JPEG: uint8, (H, W) or (H, W, 3), lossy at `quality`.
 * bool images are written as uint8 0/255, as `skimage.io.imsave` does.
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import type { NDArray } from '../ndarray/ndarray.ts';
import { writeFileAtomic } from './atomic.ts';
import { encodeBmpImage } from './bmpWrite.ts';
import { checkPath } from './files.ts';
import { requireArray } from '../util/checks.ts';
import { IMAGE_FORMATS, formatForWrite, type ImageFormat } from './format.ts';
import { encodeJpegImage } from './jpeg.ts';
import { encodePngImage } from './png.ts';
import { encodeTiff } from './tiffWrite.ts';

export interface ImwriteOptions {
  /** Format to write, overriding the extension. @default from the extension */
  format?: ImageFormat;
  /** JPEG quality, 1 (worst) to 100 (best). @default 75 */
  quality?: number;
  /** TIFF compression. @default 'none' */
  compression?: 'none' | 'deflate';
  /**
   * TIFF: how a 3-D array with 3 or 4 in its last axis is stored — `'auto'` and `'rgb'` as one
   * RGB(A) page, `'minisblack'` as that many gray pages.
   * @default 'auto'
   */
  photometric?: 'auto' | 'minisblack' | 'rgb';
  /** fsync before the rename, for durability across power loss. @default false */
  fsync?: boolean;
}

const schema = z.strictObject({
  format: z.enum(IMAGE_FORMATS as [ImageFormat, ...ImageFormat[]]).optional(),
  quality: z.int().min(1).max(100).default(75),
  compression: z.enum(['none', 'deflate']).default('none'),
  photometric: z.enum(['auto', 'minisblack', 'rgb']).default('auto'),
  fsync: z.boolean().default(false),
});

/** Write `image` to `path`; see `ImwriteOptions`. */
export function imwrite(path: string, image: NDArray, options: ImwriteOptions = {}): void {
  checkPath('imwrite', path);
  requireArray('imwrite', 'image', image);
  const o = parseOptions('imwrite', schema, options);
  const format = formatForWrite('imwrite', path, o.format);
  const atomic = { op: 'imwrite', fsync: o.fsync };
  switch (format) {
    case 'png': return writeFileAtomic(path, encodePngImage(image, path), atomic);
    case 'bmp': return writeFileAtomic(path, encodeBmpImage(image, path, true), atomic); // written before the buffer is reused
    case 'jpeg': return writeFileAtomic(path, encodeJpegImage(image, path, o.quality), atomic);
    case 'tiff':
      return writeFileAtomic(path, (file) => encodeTiff(file, image, path, {
        compression: o.compression, photometric: o.photometric,
      }), atomic);
  }
}
