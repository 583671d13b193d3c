/**
 * Out-of-core sources: chunked arrays whose blocks are read from a file inside their tasks, so
 * a volume larger than memory is processed a few blocks at a time.
 *
 * - `fromRaw(path, { dtype, shape, chunks, offset, littleEndian })`: a raw C-ordered volume such
 *   as the seed notebook's `.vol` file.
 * - `fromNpy(path, { chunks })`: the data part of a `.npy` file (C order; header parsed here).
 * - `fromTiff(path, { chunks })`: a multi-page TIFF as a (pages, H, W[, C]) stack, each task
 *   decoding only the pages it covers. @default chunks: one page per block
 *
 * Options objects are strict (a misspelled key such as `offest` or `chunk` is an error naming
 * it). Every problem with the file itself — missing, not a regular file, truncated, a header that
 * does not parse, a layout that cannot be read by region — is an `ImageIOError` naming the
 * operation and the path, raised here rather than later inside a task. `.npy` `<u4` data is
 * read into int32 as `readNpy` does: a block holding a value ≥ 2³¹ fails with an error instead of
 * wrapping to a negative number. The pixel limit (io/limits.ts) bounds each page `fromTiff`
 * decodes; raw and `.npy` sources are bounded by the file's size (their blocks are allocated,
 * not the array).
 */
import { closeSync } from 'node:fs';
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { guard, ioFail } from '../io/errors.ts';
import { openForRead, readExact } from '../io/files.ts';
import { getMaxImagePixels, maxPixelsSchema } from '../io/limits.ts';
import { parseNpyHeader } from '../io/npy.ts';
import { bytesPerElement, DTYPES, type DType } from '../ndarray/dtype.ts';
import { shapeSize } from '../ndarray/ndarray.ts';
import { ChunkedArray } from './chunked.ts';
import { ChunkGrid, normalizeChunks, type ChunkSpec } from './grid.ts';
import type { RawSource } from './source.ts';
import { openTiffSource, type TiffSource } from './tiffSource.ts';

export interface FromRawOptions {
  dtype: DType;
  shape: readonly number[];
  /** @default 'auto' */
  chunks?: ChunkSpec;
  /** Byte position of the first element. @default 0 */
  offset?: number;
  /** @default true */
  littleEndian?: boolean;
}

export interface FromNpyOptions {
  /** @default 'auto' */
  chunks?: ChunkSpec;
}

export interface FromTiffOptions {
  /** @default one page per block */
  chunks?: ChunkSpec;
  /** Refuse pages larger than this many pixels. @default getMaxImagePixels() */
  maxPixels?: number;
}

/** Chunk specs are checked by `normalizeChunks`, which names what is wrong with them. */
const chunksSchema = z.custom<ChunkSpec>((v) => v !== undefined);

const rawSchema = z.strictObject({
  dtype: z.enum(DTYPES as [DType, ...DType[]]),
  shape: z.array(z.int().nonnegative()),
  chunks: chunksSchema.default('auto'),
  offset: z.int().nonnegative().default(0),
  littleEndian: z.boolean().default(true),
});
const npySchema = z.strictObject({ chunks: chunksSchema.default('auto') });
const tiffSchema = z.strictObject({ chunks: chunksSchema.optional(), maxPixels: maxPixelsSchema.optional() });

/** The size of the regular file `path` (and, when `head` > 0, its first `head` bytes). */
function probe(op: string, path: string, head = 0): { size: number; bytes: Uint8Array } {
  const { fd, size } = openForRead(op, path);
  try {
    const bytes = new Uint8Array(Math.min(size, head));
    readExact(op, path, fd, bytes, 0);
    return { size, bytes };
  } finally {
    closeSync(fd);
  }
}

function fromSource(where: string, source: RawSource | TiffSource, chunks: ChunkSpec): ChunkedArray {
  const grid = new ChunkGrid(source.shape, normalizeChunks(where, source.shape, chunks, bytesPerElement(source.dtype)));
  return new ChunkedArray(grid, source.dtype, { source });
}

export function fromRaw(path: string, options: FromRawOptions): ChunkedArray {
  const { dtype, shape, chunks, offset, littleEndian } = parseOptions('fromRaw', rawSchema, options);
  const need = offset + shapeSize(shape) * bytesPerElement(dtype);
  const have = probe('fromRaw', path).size;
  if (have < need) ioFail('fromRaw', path, `has ${have} bytes, but shape [${shape.join(', ')}] of ${dtype} at offset ${offset} needs ${need}`);
  return fromSource('fromRaw', { kind: 'raw', path, shape: [...shape], dtype, byteOffset: offset, littleEndian }, chunks);
}

export function fromNpy(path: string, options: FromNpyOptions = {}): ChunkedArray {
  const { chunks } = parseOptions('fromNpy', npySchema, options);
  const { size, bytes } = probe('fromNpy', path, 65536 + 12);
  const h = guard('fromNpy', path, 'not a readable .npy file', () => parseNpyHeader(bytes, path));
  if (h.fortranOrder && h.shape.length > 1) ioFail('fromNpy', path, 'is in Fortran order; only C-ordered .npy files can be read by region (use io.readNpy)');
  if (h.itemBytes !== bytesPerElement(h.dtype)) {
    ioFail('fromNpy', path, `stores ${h.descr} elements, which cannot be read by region as ${h.dtype} (use io.readNpy)`);
  }
  const need = h.dataOffset + shapeSize(h.shape) * h.itemBytes;
  if (size < need) ioFail('fromNpy', path, `is truncated: ${size} bytes, the header's shape (${h.shape.join(', ')}) needs ${need}`);
  const unsigned32 = /^[<>|=]?u4$/.test(h.descr);
  const source: RawSource = { kind: 'raw', path, shape: h.shape, dtype: h.dtype, byteOffset: h.dataOffset, littleEndian: h.littleEndian, ...(unsigned32 ? { unsigned32 } : {}) };
  return fromSource('fromNpy', source, chunks);
}

export function fromTiff(path: string, options: FromTiffOptions = {}): ChunkedArray {
  const o = parseOptions('fromTiff', tiffSchema, options);
  const source = openTiffSource(path, o.maxPixels ?? getMaxImagePixels());
  return fromSource('fromTiff', source, o.chunks ?? [1, ...source.shape.slice(1).map(() => -1)]);
}
