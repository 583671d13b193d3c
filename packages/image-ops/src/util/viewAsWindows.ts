/**
 * `util.viewAsWindows` (scikit-image 0.19 `view_as_windows`): a rolling-window view of an array.
 *
 * The result has shape `((shape - windowShape) // step + 1) ++ windowShape` and shares the input's
 * storage: its strides are the input's strides times `step` for the window-index axes followed by
 * the input's strides for the in-window axes (NumPy's `as_strided`). Nothing is copied, so writes
 * through either array are visible in both. `windowShape` and `step` are one number for every
 * axis or one per axis.
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import type { DType } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { requireArray } from './checks.ts';
import { defineOp } from '../core/defineOp.ts';
import { globalFootprint } from '../core/footprint.ts';

const perAxis = z.union([z.number().int(), z.array(z.number().int())]);
const schema = z.strictObject({ windowShape: perAxis, step: perAxis.default(1) });

export interface ViewAsWindowsOptions {
  /** Window size along each axis (one number for all axes). */
  windowShape: number | readonly number[];
  /** Distance between window origins along each axis. @default 1 */
  step?: number | readonly number[];
}

function expand(field: string, v: number | readonly number[], ndim: number): number[] {
  if (typeof v === 'number') return new Array<number>(ndim).fill(v);
  if (v.length !== ndim) {
    throw new RangeError(`viewAsWindows: option '${field}' must have one entry per axis (${ndim}), received ${v.length}`);
  }
  return [...v];
}

/** Rolling windows of `arr` as a strided view (no copy). */
export function viewAsWindows<D extends DType>(arr: NDArray<D>, options: ViewAsWindowsOptions): NDArray<D> {
  requireArray('viewAsWindows', 'arr', arr);
  const o = parseOptions('viewAsWindows', schema, options);
  const nd = arr.ndim;
  const win = expand('windowShape', o.windowShape, nd);
  const step = expand('step', o.step, nd);
  for (let i = 0; i < nd; i++) {
    if (win[i]! < 1) throw new RangeError(`viewAsWindows: option 'windowShape' is too small: entries must be >= 1, received [${win.join(', ')}]`);
    if (win[i]! > arr.shape[i]!) {
      throw new RangeError(
        `viewAsWindows: option 'windowShape' is too large: [${win.join(', ')}] does not fit in shape [${arr.shape.join(', ')}]`,
      );
    }
    if (step[i]! < 1) throw new RangeError(`viewAsWindows: option 'step' must be >= 1, received [${step.join(', ')}]`);
  }
  const counts = win.map((w, i) => Math.floor((arr.shape[i]! - w) / step[i]!) + 1);
  return new NDArray(arr.data, [...counts, ...win], {
    dtype: arr.dtype,
    strides: [...arr.strides.map((s, i) => s * step[i]!), ...arr.strides],
    offset: arr.offset,
  });
}

defineOp(import.meta.url, { name: 'viewAsWindows', fn: viewAsWindows, schema, footprint: globalFootprint('its output is a view of windows over the whole array, not an image of the same shape') });
