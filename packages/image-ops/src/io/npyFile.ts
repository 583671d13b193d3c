/**
 * `.npy` files: `readNpy(path)` and `writeNpy(path, array)` around the in-memory codec in npy.ts.
 *
 * Reading: the header is parsed from the first bytes; when the stored layout is already ours
 * (C order, little-endian, same element width) the data is read straight into shared memory with
 * no intermediate copy — a 250 MB volume costs 250 MB, not 500. Other layouts (Fortran order,
 * big-endian, 64-bit integers, int8) go through `parseNpy`. Writing: header then data through
 * `writeFileAtomic`, so a failure never leaves a partial file. Synchronous, like all of io/.
 * Before anything is allocated the element count is checked against the pixel limit (limits.ts;
 * option `maxPixels`) and the data size against the file's size.
 */
import { closeSync } from 'node:fs';
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { allocate, bytesPerElement } from '../ndarray/dtype.ts';
import { NDArray, shapeSize } from '../ndarray/ndarray.ts';
import { writeFileAtomic } from './atomic.ts';
import { ImageIOError, ioFail, messageOf } from './errors.ts';
import { HOST_LITTLE_ENDIAN, checkPath, openForRead, readExact, readFileBytes } from './files.ts';
import { checkPixels, getMaxImagePixels, maxPixelsSchema } from './limits.ts';
import { npyHeader, parseNpy, parseNpyHeader, type NpyHeader } from './npy.ts';
import { requireArray } from '../util/checks.ts';

export interface ReadNpyOptions {
  /** Refuse arrays of more elements than this (checked from the header). @default getMaxImagePixels() */
  maxPixels?: number;
}

const readSchema = z.strictObject({ maxPixels: maxPixelsSchema.optional() });

const HEADER_PROBE = 65536;

function rethrow(path: string, e: unknown): never {
  if (e instanceof ImageIOError) throw e;
  const text = messageOf(e).replace(/^readNpy\([^)]*\):\s*/, '');
  throw new ImageIOError('readNpy', path, text, { cause: e });
}

function directLayout(h: NpyHeader): boolean {
  const width = bytesPerElement(h.dtype);
  return (!h.fortranOrder || h.shape.length <= 1) && h.itemBytes === width &&
    (h.littleEndian === HOST_LITTLE_ENDIAN || width === 1) && !/^[<>|=]?(i1|u4)$/.test(h.descr);
}

/** Read a `.npy` file into a shared-memory NDArray (dtype as stored; see npy.ts for mappings). */
export function readNpy(path: string, options: ReadNpyOptions = {}): NDArray {
  checkPath('readNpy', path);
  const o = parseOptions('readNpy', readSchema, options);
  const { fd, size } = openForRead('readNpy', path);
  let header: NpyHeader;
  try {
    const probe = new Uint8Array(Math.min(size, HEADER_PROBE));
    readExact('readNpy', path, fd, probe, 0);
    try {
      header = parseNpyHeader(probe, path);
    } catch (e) {
      rethrow(path, e);
    }
    checkPixels('readNpy', path, `array of shape (${header.shape.join(', ')})`, shapeSize(header.shape), o.maxPixels ?? getMaxImagePixels());
    const dataBytes = shapeSize(header.shape) * header.itemBytes;
    if (header.dataOffset + dataBytes > size) {
      ioFail('readNpy', path,
        `truncated file: header declares shape (${header.shape.join(', ')}) of ${header.descr}, ` +
        `needing ${header.dataOffset + dataBytes} bytes, but the file has ${size}`);
    }
    if (directLayout(header)) {
      const out = allocate(header.dtype, shapeSize(header.shape));
      readExact('readNpy', path, fd, new Uint8Array(out.buffer, out.byteOffset, out.byteLength), header.dataOffset);
      if (header.dtype === 'bool') for (let i = 0; i < out.length; i++) out[i] = out[i] ? 1 : 0;
      return new NDArray(out, header.shape, { dtype: header.dtype });
    }
  } finally {
    closeSync(fd);
  }
  try {
    return parseNpy(readFileBytes('readNpy', path), path);
  } catch (e) {
    return rethrow(path, e);
  }
}

/** Write `array` as a `.npy` (version 1.0, C order, little-endian) file, atomically. */
export function writeNpy(path: string, array: NDArray): void {
  checkPath('writeNpy', path);
  requireArray('writeNpy', 'array', array);
  const header = npyHeader(array.dtype, array.shape);
  const values = array.values();
  writeFileAtomic(path, (file) => {
    file.write(header, 0);
    file.write(values, header.length);
  }, { op: 'writeNpy' });
}
