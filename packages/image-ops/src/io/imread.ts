/**
 * `imread(path, options)`: read a PNG, BMP, TIFF or JPEG file into a shared-memory NDArray, shaped
 * as `skimage.io.imread` returns it — (H, W) gray, (H, W, C) colour, (P, H, W[, C]) multi-page
 * TIFF — in the dtype stored. The format is detected from the file's content (see format.ts);
 * each codec's header lists its exact rules and where they differ from scikit-image 0.19.
 * Synchronous (see atomic.ts for why); every failure is an `ImageIOError` naming the file.
 *
 * Hostile files: each codec reads its header first and refuses a size over the pixel limit
 * (limits.ts) before allocating; whatever a codec still throws (a third-party decoder's
 * RangeError or TypeError on damaged data) is turned into an `ImageIOError` here, in one place.
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import type { NDArray } from '../ndarray/ndarray.ts';
import { toGray } from './asGray.ts';
import { decodeBmpImage } from './bmp.ts';
import { checkPath, readFileBytes } from './files.ts';
import { IMAGE_FORMATS, formatForRead, type ImageFormat } from './format.ts';
import { decodeJpegImage } from './jpeg.ts';
import { decodePngImage } from './png.ts';
import { decodeTiffPages } from './tiff.ts';
import { guard } from './errors.ts';
import { getMaxImagePixels, maxPixelsSchema } from './limits.ts';

export interface ImreadOptions {
  /**
   * Convert colour images to gray float (scikit-image's `as_gray`: RGBA is blended on white,
   * then luminance 0.2125 R + 0.7154 G + 0.0721 B; float64, or float32 for float32 images).
   * Gray images are returned unconverted.
   * @default false
   */
  asGray?: boolean;
  /** Format to expect when the content is unrecognised (content always wins). @default from the extension */
  format?: ImageFormat;
  /** TIFF only: read this page (0-based) instead of all pages shaped like the first. @default all */
  page?: number;
  /**
   * Refuse images larger than this many pixels (height × width, summed over the pages read)
   * before decoding them: the decompression-bomb guard. @default getMaxImagePixels() (178,956,970)
   */
  maxPixels?: number;
}

const schema = z.strictObject({
  asGray: z.boolean().default(false),
  format: z.enum(IMAGE_FORMATS as [ImageFormat, ...ImageFormat[]]).optional(),
  page: z.int().nonnegative().optional(),
  maxPixels: maxPixelsSchema.optional(),
});

/** Read an image file; see `ImreadOptions`. */
export function imread(path: string, options: ImreadOptions = {}): NDArray {
  checkPath('imread', path);
  const o = parseOptions('imread', schema, options);
  const bytes = readFileBytes('imread', path);
  const format = formatForRead('imread', path, bytes, o.format);
  if (o.page !== undefined && format !== 'tiff') {
    throw new TypeError(`imread: option 'page' applies to TIFF files only, ${JSON.stringify(path)} is ${format.toUpperCase()}`);
  }
  const limit = o.maxPixels ?? getMaxImagePixels();
  const decoded = guard('imread', path, `corrupt or truncated ${format.toUpperCase()}`, (): { image: NDArray; hasChannels?: boolean } => {
    switch (format) {
      case 'png': return { image: decodePngImage(bytes, path, limit) };
      case 'bmp': return { image: decodeBmpImage(bytes, path, limit) };
      case 'tiff': return decodeTiffPages(bytes, path, o.page, limit);
      case 'jpeg': return { image: decodeJpegImage(bytes, path, limit) };
    }
  });
  const image = decoded.image;
  const hasChannels = decoded.hasChannels ?? image.ndim === 3;
  return o.asGray ? toGray(image, hasChannels) : image;
}
