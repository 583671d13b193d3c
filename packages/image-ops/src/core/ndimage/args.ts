/**
 * Argument helpers shared by the ndimage primitives: scipy's `_normalize_sequence` (a scalar
 * applies to every axis, a sequence must name each one) and the option checks they make (the
 * input and axis checks are util/checks.ts's). Errors name the function and the argument.
 */
import { isDType, type DType } from '../../ndarray/dtype.ts';
import { checkMode, type BoundaryMode } from './modes.ts';
import { showValue } from 'dusk-graph/internal';

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

export function checkCval(where: string, cval: unknown): number {
  if (typeof cval !== 'number') {
    throw new TypeError(`${where}: option 'cval' must be a number, received ${showValue(cval)}`);
  }
  return cval;
}

export function checkOutputDType(where: string, output: unknown, fallback: DType): DType {
  if (output === undefined) return fallback;
  if (!isDType(output)) throw new TypeError(`${where}: option 'output' must be a dtype name, received ${showValue(output)}`);
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
