/**
 * Shared image plumbing for the format codecs: how an NDArray is read as an image (height, width,
 * channels) before encoding, dtype checks that say what a format accepts, building shared-memory
 * results, and palette expansion with scikit-image's (imageio + Pillow) rules.
 */
import { allocate, type DType } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { ioFail } from './errors.ts';

/** An image as the encoders see it: C-ordered samples, pixel-interleaved. */
export interface ImageLayout {
  height: number;
  width: number;
  channels: number;
  dtype: DType;
  /** Samples in C order (height, width, channels). */
  data: ArrayLike<number> & { readonly length: number };
}

/**
 * Interpret `image` as (H, W) or (H, W, C) with C in `channels`; bool becomes uint8 0/255 (as
 * `skimage.io.imsave` does). `dtypes` lists what the format stores, for the error message.
 */
export function imageLayout(
  op: string, path: string, format: string, image: NDArray, dtypes: readonly DType[], channels: readonly number[],
): ImageLayout {
  let data = image.values() as ImageLayout['data'];
  let dtype = image.dtype;
  if (dtype === 'bool' && dtypes.includes('uint8')) {
    const u8 = new Uint8Array(image.size);
    for (let i = 0; i < u8.length; i++) u8[i] = data[i] ? 255 : 0;
    data = u8;
    dtype = 'uint8';
  } else if (!dtypes.includes(dtype)) {
    ioFail(op, path, `${format} stores ${dtypes.join(' or ')} images${dtypes.includes('uint8') ? ' (bool is written as 0/255)' : ''}, received ${image.dtype}` +
      ` — convert first, e.g. with imgAsUbyte`);
  }
  const [h, w, c = 1] = image.shape;
  const ok = (image.ndim === 2 || image.ndim === 3) && channels.includes(c);
  if (!ok || h === undefined || w === undefined) {
    ioFail(op, path, `${format} stores images of shape (H, W) or (H, W, C) with C in {${channels.join(', ')}}, received shape (${image.shape.join(', ')})`);
  }
  if (h === 0 || w === 0) ioFail(op, path, `cannot store an empty image of shape (${image.shape.join(', ')})`);
  return { height: h, width: w, channels: c, dtype, data };
}

/** A new shared-memory image of `dtype`: (H, W) when `channels` is 1, else (H, W, C). */
export function newImage<D extends DType>(dtype: D, height: number, width: number, channels: number): NDArray<D> {
  const shape = channels === 1 ? [height, width] : [height, width, channels];
  return new NDArray(allocate(dtype, height * width * channels), shape, { dtype });
}

/**
 * Unpack `depth`-bit samples (1, 2, 4 or 8; rows start on byte boundaries, most significant bits
 * first) of a `rows` × `perRow` image.
 */
export function unpackSamples(data: Uint8Array, rows: number, perRow: number, depth: number, rowBytes?: number): Uint8Array {
  const stride = rowBytes ?? Math.ceil((perRow * depth) / 8);
  const out = new Uint8Array(rows * perRow);
  if (depth === 8) {
    for (let y = 0; y < rows; y++) out.set(data.subarray(y * stride, y * stride + perRow), y * perRow);
    return out;
  }
  const mask = (1 << depth) - 1;
  const perByte = 8 / depth;
  for (let y = 0; y < rows; y++) {
    const row = y * stride;
    for (let x = 0; x < perRow; x++) {
      const byte = data[row + Math.floor(x / perByte)]!;
      out[y * perRow + x] = (byte >> (8 - depth * ((x % perByte) + 1))) & mask;
    }
  }
  return out;
}

/**
 * Apply a palette the way `skimage.io.imread` does (imageio's Pillow plugin): if every palette
 * entry in the range of used indices is gray, the result is the (H, W) gray image; otherwise it is
 * RGBA (alpha from `alpha`, 255 where absent). Indices past the palette read as black.
 */
export function expandPalette(
  indices: Uint8Array, height: number, width: number, palette: readonly (readonly number[])[], alpha?: ArrayLike<number>,
): NDArray<'uint8'> {
  let lo = 255, hi = 0;
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const entry = (k: number) => palette[k] ?? [0, 0, 0];
  let gray = true;
  for (let k = lo; k <= hi && gray; k++) {
    const [r = 0, g = 0, b = 0] = entry(k);
    gray = r === g && g === b;
  }
  if (gray) {
    const out = newImage('uint8', height, width, 1);
    for (let i = 0; i < indices.length; i++) out.data[i] = entry(indices[i]!)[0] ?? 0;
    return out;
  }
  const out = newImage('uint8', height, width, 4);
  const d = out.data;
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i]!;
    const [r = 0, g = 0, b = 0] = entry(k);
    d[4 * i] = r;
    d[4 * i + 1] = g;
    d[4 * i + 2] = b;
    d[4 * i + 3] = alpha && k < alpha.length ? alpha[k]! : 255;
  }
  return out;
}
