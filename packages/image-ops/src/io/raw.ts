/**
 * Headerless binary volumes: `readRaw(path, { dtype, shape, offset, littleEndian })` reads a
 * C-ordered array (e.g. a float32 (50, 1104, 1104) `.vol` scan) straight into shared memory;
 * `writeRaw(path, array, { littleEndian })` writes one atomically.
 *
 * Policy: the file must hold at least `offset + size × itemsize` bytes; a short file is an error
 * naming the file and both byte counts (a longer one is fine: trailing bytes, e.g. a footer, are
 * ignored). Big-endian data is byte-swapped after reading. Synchronous, like all of io/.
 * The element count is checked against the pixel limit (limits.ts; option `maxPixels`) and the
 * file's size before anything is allocated.
 */
import { closeSync } from 'node:fs';
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { allocate, bytesPerElement, DTYPES, type DType } from '../ndarray/dtype.ts';
import { NDArray, shapeSize } from '../ndarray/ndarray.ts';
import { openAtomic } from './atomic.ts';
import { ioFail } from './errors.ts';
import { HOST_LITTLE_ENDIAN, checkPath, openForRead, readExact, swapBytes } from './files.ts';
import { checkPixels, getMaxImagePixels, maxPixelsSchema } from './limits.ts';
import { writeRegion } from './region.ts';
import { requireArray } from '../util/checks.ts';

const dtypeSchema = z.enum(DTYPES as [DType, ...DType[]]);

export interface ReadRawOptions {
  /** Element type of the stored data. */
  dtype: DType;
  /** Shape of the stored array (C order). */
  shape: readonly number[];
  /** Bytes to skip before the first element (a header). @default 0 */
  offset?: number;
  /** Byte order of the stored elements. @default true */
  littleEndian?: boolean;
  /** Refuse arrays of more elements than this. @default getMaxImagePixels() */
  maxPixels?: number;
}

const readSchema = z.strictObject({
  dtype: dtypeSchema,
  shape: z.array(z.int().nonnegative()),
  offset: z.int().nonnegative().default(0),
  littleEndian: z.boolean().default(true),
  maxPixels: maxPixelsSchema.optional(),
});

/** Read a headerless C-ordered array of `dtype` and `shape` from `path`. */
export function readRaw(path: string, options: ReadRawOptions): NDArray {
  checkPath('readRaw', path);
  const o = parseOptions('readRaw', readSchema, options);
  const bpe = bytesPerElement(o.dtype);
  const n = shapeSize(o.shape);
  checkPixels('readRaw', path, `array of shape (${o.shape.join(', ')})`, n, o.maxPixels ?? getMaxImagePixels());
  const need = o.offset + n * bpe;
  const { fd, size } = openForRead('readRaw', path);
  try {
    if (size < need) {
      ioFail('readRaw', path,
        `file too small: shape (${o.shape.join(', ')}) of ${o.dtype} at offset ${o.offset} needs ` +
        `${need} bytes, but the file has ${size} bytes`);
    }
    const out = allocate(o.dtype, n);
    const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    readExact('readRaw', path, fd, bytes, o.offset);
    if (o.littleEndian !== HOST_LITTLE_ENDIAN) swapBytes(bytes, bpe);
    if (o.dtype === 'bool') for (let i = 0; i < n; i++) out[i] = out[i] ? 1 : 0;
    return new NDArray(out, o.shape, { dtype: o.dtype });
  } finally {
    closeSync(fd);
  }
}

export interface WriteRawOptions {
  /** Byte order to write. @default true */
  littleEndian?: boolean;
}

const writeSchema = z.strictObject({ littleEndian: z.boolean().default(true) });

/** Write `array`'s elements in C order, without a header, to `path` (atomically). */
export function writeRaw(path: string, array: NDArray, options: WriteRawOptions = {}): void {
  checkPath('writeRaw', path);
  requireArray('writeRaw', 'array', array);
  const o = parseOptions('writeRaw', writeSchema, options);
  const file = openAtomic(path, { op: 'writeRaw', size: array.size * bytesPerElement(array.dtype) });
  try {
    writeRegion(file.fd, array, {
      shape: array.shape, start: array.shape.map(() => 0), littleEndian: o.littleEndian, path,
    });
  } catch (e) {
    file.abort();
    throw e;
  }
  file.commit();
}
