/**
 * Argument helpers shared by the ndimage primitives: axis normalisation, scipy's
 * `_normalize_sequence` (a scalar applies to every axis, a sequence must name each one), and
 * the checks every primitive makes on its input. Errors name the function and the argument.
 */
import { isDType, type DType } from '../../ndarray/dtype.ts';
import { NDArray } from '../../ndarray/ndarray.ts';
import { checkMode, type BoundaryMode } from './modes.ts';

/** `axis` in [-ndim, ndim) as a non-negative index. */
export function normalizeAxis(where: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new RangeError(`${where}: axis ${axis} is out of bounds for an array of ${ndim} dimensions`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** A value per axis: a scalar repeated, or a sequence of exactly `ndim` values. */
export function perAxis<T>(where: string, field: string, value: T | readonly T[], ndim: number): T[] {
  if (Array.isArray(value)) {
    if (value.length !== ndim) {
      throw new RangeError(
        `${where}: option '${field}' must have one value per axis (${ndim}), received ${value.length} values`,
      );
    }
    return [...(value as readonly T[])];
  }
  return new Array<T>(ndim).fill(value as T);
}

/** Per-axis boundary modes, each checked. */
export function perAxisModes(where: string, mode: BoundaryMode | readonly BoundaryMode[], ndim: number): BoundaryMode[] {
  return perAxis<BoundaryMode>(where, 'mode', mode, ndim).map((m) => checkMode(where, m));
}

export function checkInput(where: string, input: unknown): NDArray {
  if (!(input instanceof NDArray)) {
    throw new TypeError(`${where}: input must be an NDArray, received ${input === null ? 'null' : typeof input}`);
  }
  return input;
}

export function checkCval(where: string, cval: unknown): number {
  if (typeof cval !== 'number') {
    throw new TypeError(`${where}: option 'cval' must be a number, received ${JSON.stringify(cval)}`);
  }
  return cval;
}

export function checkOutputDType(where: string, output: unknown, fallback: DType): DType {
  if (output === undefined) return fallback;
  if (!isDType(output)) throw new TypeError(`${where}: option 'output' must be a dtype name, received ${JSON.stringify(output)}`);
  return output;
}

/** Options common to the filters: boundary handling and the output dtype. */
export interface BoundaryOptions {
  /** Boundary mode, one for all axes or one per axis where the filter allows it. @default 'reflect' */
  mode?: BoundaryMode | readonly BoundaryMode[];
  /** Value outside the array in 'constant' mode. @default 0 */
  cval?: number;
  /** Output dtype. @default the input's dtype */
  output?: DType;
}
