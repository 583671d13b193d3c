/**
 * Out-of-core sources: chunked arrays whose blocks are read from a file inside their tasks, so
 * a volume larger than memory is processed a few blocks at a time.
 *
 * - `fromRaw(path, { dtype, shape, chunks, offset, littleEndian })`: a raw C-ordered volume such
 *   as the seed notebook's `.vol` file.
 * - `fromNpy(path, { chunks })`: the data part of a `.npy` file (C order; header parsed here).
 * - `fromTiff(path, { chunks })`: a multi-page TIFF as a (pages, H, W[, C]) stack, each task
 *   decoding only the pages it covers. @default chunks: one page per block
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { parseNpyHeader } from '../io/npy.ts';
import { bytesPerElement, isDType, type DType } from '../ndarray/dtype.ts';
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

function fileSize(where: string, path: string): number {
  try {
    return statSync(path).size;
  } catch (e) {
    throw new Error(`${where}: cannot read ${JSON.stringify(path)}: ${(e as Error).message}`, { cause: e });
  }
}

function fromSource(where: string, source: RawSource | TiffSource, chunks: ChunkSpec): ChunkedArray {
  const grid = new ChunkGrid(source.shape, normalizeChunks(where, source.shape, chunks, bytesPerElement(source.dtype)));
  return new ChunkedArray(grid, source.dtype, { source });
}

export function fromRaw(path: string, options: FromRawOptions): ChunkedArray {
  const { dtype, shape, chunks = 'auto', offset = 0, littleEndian = true } = options;
  if (!isDType(dtype)) throw new TypeError(`fromRaw: option 'dtype' must be a dtype name, received ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new TypeError(`fromRaw: option 'shape' must be a list of non-negative integers, received ${JSON.stringify(shape)}`);
  }
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`fromRaw: option 'offset' must be a non-negative integer, received ${offset}`);
  const need = offset + shapeSize(shape) * bytesPerElement(dtype);
  const have = fileSize('fromRaw', path);
  if (have < need) {
    throw new RangeError(`fromRaw: ${JSON.stringify(path)} has ${have} bytes, but shape [${shape.join(', ')}] of ${dtype} at offset ${offset} needs ${need}`);
  }
  return fromSource('fromRaw', { kind: 'raw', path, shape: [...shape], dtype, byteOffset: offset, littleEndian }, chunks);
}

export function fromNpy(path: string, options: { chunks?: ChunkSpec } = {}): ChunkedArray {
  const size = fileSize('fromNpy', path);
  const fd = openSync(path, 'r');
  const head = new Uint8Array(Math.min(size, 65536 + 12));
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const h = parseNpyHeader(head, path);
  if (h.fortranOrder) throw new TypeError(`fromNpy: ${JSON.stringify(path)} is in Fortran order; only C-ordered .npy files can be read by region`);
  if (h.itemBytes !== bytesPerElement(h.dtype)) {
    throw new TypeError(`fromNpy: ${JSON.stringify(path)} stores ${h.descr} elements, which cannot be read by region as ${h.dtype}`);
  }
  const need = h.dataOffset + shapeSize(h.shape) * h.itemBytes;
  if (size < need) throw new RangeError(`fromNpy: ${JSON.stringify(path)} is truncated: ${size} bytes, needs ${need}`);
  return fromSource('fromNpy', { kind: 'raw', path, shape: h.shape, dtype: h.dtype, byteOffset: h.dataOffset, littleEndian: h.littleEndian }, options.chunks ?? 'auto');
}

export function fromTiff(path: string, options: { chunks?: ChunkSpec } = {}): ChunkedArray {
  fileSize('fromTiff', path);
  const source = openTiffSource(path);
  return fromSource('fromTiff', source, options.chunks ?? [1, ...source.shape.slice(1).map(() => -1)]);
}
