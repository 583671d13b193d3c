/**
 * Input checks and shared option-schema pieces of every image op (the one home for them).
 *
 * Every op validates its image argument before touching data, and every failure names the op,
 * the argument, what was expected and what was received, e.g.
 * `hog: image must be 2-D (or 3-D with channelAxis), received shape [4, 5, 6, 7]`.
 * Axis helpers follow NumPy: negative axes count from the end, and `moveAxisToEnd` returns a
 * strided view (no copy), the equivalent of `np.moveaxis(a, axis, -1)`.
 * Schema pieces: the boundary-mode enum, sigma (a scalar or one value per axis) and an NDArray
 * option (a mask); errors name
 * the op and the field (`gaussian: option 'sigma' Too small: expected number to be >=0 (received -1)`).
 */
import { z } from 'zod';
import { BOUNDARY_MODES, type BoundaryMode } from '../core/ndimage/modes.ts';
import type { DType } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';

export const modeSchema = z.enum(BOUNDARY_MODES as [BoundaryMode, ...BoundaryMode[]]);

/** A non-negative number, or one per axis. */
export const sigmaSchema = z.union([z.number().min(0), z.array(z.number().min(0)).min(1)], {
  error: 'expected a non-negative number or a list of them (one per axis)',
});

/** An NDArray option (a mask): anything else is refused naming the option. */
export const ndarraySchema = z.custom<NDArray>((m) => m instanceof NDArray, 'expected an NDArray');

const shapeStr = (a: { readonly shape: readonly number[] }) => `[${a.shape.join(', ')}]`;

/** Throws unless `x` is an NDArray; returns it typed. */
export function requireArray(op: string, name: string, x: unknown): NDArray {
  if (!(x instanceof NDArray)) {
    const got = x === null ? 'null' : ArrayBuffer.isView(x) ? x.constructor.name : typeof x;
    throw new TypeError(`${op}: ${name} must be an NDArray, received ${got}`);
  }
  return x;
}

/** Throws unless `x.ndim` is one of `ndims`. */
export function requireNdim(op: string, name: string, x: NDArray, ndims: readonly number[], hint = ''): void {
  if (!ndims.includes(x.ndim)) {
    const want = ndims.length === 1 ? `${ndims[0]}-D` : `${ndims.join('-D or ')}-D`;
    throw new RangeError(`${op}: ${name} must be ${want}${hint}, received shape ${shapeStr(x)}`);
  }
}

/** Throws unless `b` has exactly the shape of `a` (the image, or just its shape). */
export function requireSameShape(op: string, name: string, a: { readonly shape: readonly number[] }, b: NDArray): void {
  if (a.shape.join() !== b.shape.join()) {
    throw new RangeError(`${op}: ${name} must have the image's shape ${shapeStr(a)}, received ${shapeStr(b)}`);
  }
}

/** `axis` in `[-ndim, ndim)` made non-negative; throws naming the option otherwise. */
export function normalizeAxis(op: string, field: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new RangeError(`${op}: option '${field}' must be an integer axis in [${-ndim}, ${ndim - 1}], received ${axis}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** `np.moveaxis(a, axis, -1)` as a strided view. */
export function moveAxisToEnd<D extends DType>(a: NDArray<D>, axis: number): NDArray<D> {
  if (axis === a.ndim - 1) return a;
  const order = [...a.shape.keys()].filter((i) => i !== axis).concat(axis);
  return new NDArray(a.data, order.map((i) => a.shape[i]!), {
    dtype: a.dtype,
    strides: order.map((i) => a.strides[i]!),
    offset: a.offset,
  });
}

/** `np.moveaxis(a, -1, axis)` as a strided view: the inverse of `moveAxisToEnd`. */
export function moveLastAxisTo<D extends DType>(a: NDArray<D>, axis: number): NDArray<D> {
  const last = a.ndim - 1;
  if (axis === last) return a;
  const order = [...a.shape.keys()].slice(0, last);
  order.splice(axis, 0, last);
  return new NDArray(a.data, order.map((i) => a.shape[i]!), {
    dtype: a.dtype,
    strides: order.map((i) => a.strides[i]!),
    offset: a.offset,
  });
}
