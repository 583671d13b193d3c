/**
 * Image I/O (`io`): `imread` / `imwrite` (PNG, BMP, TIFF, JPEG), `readNpy` / `writeNpy`,
 * `readRaw` / `writeRaw`, registered with `defineOps` so `delayed(io.imread)` runs on workers.
 *
 * Also exported, for writers of their own (e.g. chunked `toRaw` / `toNpy`): the atomic-write
 * helpers (`writeFileAtomic`, `openAtomic`, `writeAt`), positional block I/O (`writeRegion`,
 * `readRegion`), and the `.npy` header codec (`npyHeader`, `parseNpyHeader`).
 *
 * Reading is safe against hostile files: only regular files are opened, sizes declared by
 * headers are checked against a pixel limit (`setMaxImagePixels`, option `maxPixels`; limits.ts)
 * before allocation, and every failure is an `ImageIOError` (op, path, reason).
 *
 * All I/O here is synchronous: ops run inside worker tasks, where a blocking read is harmless.
 */
import { defineOps } from 'dusk-graph';
import { imread as imreadImpl } from './imread.ts';
import { imwrite as imwriteImpl } from './imwrite.ts';
import { readNpy as readNpyImpl, writeNpy as writeNpyImpl } from './npyFile.ts';
import { readRaw as readRawImpl, writeRaw as writeRawImpl } from './raw.ts';

const ops = defineOps(import.meta.url, {
  imread: imreadImpl,
  imwrite: imwriteImpl,
  readNpy: readNpyImpl,
  writeNpy: writeNpyImpl,
  readRaw: readRawImpl,
  writeRaw: writeRawImpl,
});

export const { imread, imwrite, readNpy, writeNpy, readRaw, writeRaw } = ops;

export type { ImreadOptions } from './imread.ts';
export type { ImwriteOptions } from './imwrite.ts';
export type { ReadRawOptions, WriteRawOptions } from './raw.ts';
export type { ReadNpyOptions } from './npyFile.ts';
export { setMaxImagePixels, getMaxImagePixels, DEFAULT_MAX_IMAGE_PIXELS } from './limits.ts';
export type { ImageFormat } from './format.ts';
export { ImageIOError } from './errors.ts';
export { writeFileAtomic, openAtomic, writeAt, type AtomicFile, type AtomicOptions } from './atomic.ts';
export { writeRegion, readRegion, type RegionLayout } from './region.ts';
export { npyHeader, parseNpyHeader, parseNpy, serializeNpy, type NpyHeader } from './npy.ts';
