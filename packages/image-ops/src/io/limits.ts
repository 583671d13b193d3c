/**
 * The decompression-bomb guard: how many pixels a reader may allocate for one call.
 *
 * Policy (after Pillow's `Image.MAX_IMAGE_PIXELS`, whose `DecompressionBombError` fires at twice
 * its 89,478,485-pixel warning level): every reader computes the size its result will have from
 * the file's header, and refuses it with an `ImageIOError` *before allocating anything* when it is
 * over the limit. What counts:
 * - images (PNG, JPEG, BMP, TIFF): height × width, summed over the TIFF pages read (channels are
 *   not counted, as in Pillow);
 * - `.npy` and raw arrays (`readNpy`, `readRaw`): elements.
 * Chunked sources (`fromRaw`, `fromNpy`) allocate blocks, not the array, and are bounded by the
 * file's size instead; `fromTiff` applies the limit to each page its tasks decode.
 *
 * Where the limit comes from, first match wins: the call's `maxPixels` option; the value set with
 * `setMaxImagePixels(n)` in this thread; the environment variable `DUSK_MAX_IMAGE_PIXELS`; the
 * default 178,956,970. Worker threads do not share module state, so `setMaxImagePixels` also sets
 * the environment variable: pools created afterwards (the default pool is created at the first
 * threaded `compute`) start with it; for a pool that already runs, pass `maxPixels` per call.
 * `Infinity` switches the guard off.
 */
import { z } from 'zod';
import { ioFail } from './errors.ts';

/** Pillow's `2 * MAX_IMAGE_PIXELS`: the size at which it raises `DecompressionBombError`. */
export const DEFAULT_MAX_IMAGE_PIXELS = 178_956_970;

const ENV = 'DUSK_MAX_IMAGE_PIXELS';

/** A pixel limit: a positive integer, or Infinity for none. */
export const maxPixelsSchema = z.union([z.int().positive(), z.literal(Infinity)]);

let configured: number | undefined;

function fromEnv(): number | undefined {
  const text = process.env[ENV];
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  return maxPixelsSchema.safeParse(n).success ? n : undefined;
}

/**
 * Set the pixel limit for readers in this thread (and in pools created afterwards); `null`
 * restores the default. Returns the previous value.
 */
export function setMaxImagePixels(limit: number | null): number {
  const previous = getMaxImagePixels();
  if (limit === null) {
    configured = undefined;
    delete process.env[ENV];
    return previous;
  }
  const r = maxPixelsSchema.safeParse(limit);
  if (!r.success) {
    throw new TypeError(`setMaxImagePixels: limit must be a positive integer, Infinity or null, received ${String(limit)}`);
  }
  configured = limit;
  process.env[ENV] = String(limit);
  return previous;
}

/** The pixel limit in effect when a call passes none. */
export function getMaxImagePixels(): number {
  return configured ?? fromEnv() ?? DEFAULT_MAX_IMAGE_PIXELS;
}

/**
 * Refuse `pixels` (what the header declares: `what`, e.g. `image of 60000×60000 pixels`) when
 * over `limit` (default: `getMaxImagePixels()`). Call it before allocating.
 */
export function checkPixels(op: string, path: string, what: string, pixels: number, limit = getMaxImagePixels()): void {
  if (!(pixels <= limit)) {
    ioFail(op, path,
      `${what} exceeds the limit of ${limit.toLocaleString('en-US')} pixels — a possible decompression bomb ` +
      `(raise it with the maxPixels option or setMaxImagePixels if the file is trusted)`);
  }
}
