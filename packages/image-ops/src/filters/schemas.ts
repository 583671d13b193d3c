/**
 * Shared pieces of the `filters` ops' option schemas and input checks: the boundary-mode enum,
 * sigma (a scalar or one value per axis), axis normalisation and the image check. Errors name the
 * op and the field (`gaussian: option 'sigma' Too small: expected number to be >=0 (received -1)`).
 */
import { z } from 'zod';
import { NDArray } from '../ndarray/ndarray.ts';
import { BOUNDARY_MODES, type BoundaryMode } from '../core/ndimage/index.ts';

export const modeSchema = z.enum(BOUNDARY_MODES as [BoundaryMode, ...BoundaryMode[]]);

/** A non-negative number, or one per axis. */
export const sigmaSchema = z.union([z.number().min(0), z.array(z.number().min(0)).min(1)]);

/** Throws unless `x` is an NDArray. */
export function requireImage(op: string, x: unknown, name = 'image'): NDArray {
  if (!(x instanceof NDArray)) {
    const got = x === null ? 'null' : ArrayBuffer.isView(x) ? x.constructor.name : typeof x;
    throw new TypeError(`${op}: ${name} must be an NDArray, received ${got}`);
  }
  return x;
}

/** `axis` in [-ndim, ndim) as a non-negative index; throws naming the option otherwise. */
export function axisIndex(op: string, field: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new RangeError(`${op}: option '${field}' must be an integer axis in [${-ndim}, ${ndim - 1}], received ${axis}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Throws unless `image.ndim === ndim` (as scikit-image's `check_nD`). */
export function requireNdim(op: string, image: NDArray, ndim: number): void {
  if (image.ndim !== ndim) {
    throw new RangeError(`${op}: image must be ${ndim}-D, received shape [${image.shape.join(', ')}]`);
  }
}
