/**
 * Comparing a result with a golden output: `|a - b| <= atol + rtol·|b|` for every element, shapes
 * equal, dtypes equal where the expected file fixes one (bool results compare equal to uint8
 * files, since NumPy bools are stored that way by the fixture generator). NaNs match NaNs.
 */
import { NDArray } from '../ndarray/ndarray.ts';

export interface Comparison {
  pass: boolean;
  maxAbsError: number;
  reason?: string;
}

function within(a: number, b: number, atol: number, rtol: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

export function compareScalar(actual: unknown, expected: number, atol: number, rtol: number): Comparison {
  if (typeof actual !== 'number') {
    return { pass: false, maxAbsError: NaN, reason: `expected a number, received ${actual instanceof NDArray ? actual.toString() : typeof actual}` };
  }
  return { pass: within(actual, expected, atol, rtol), maxAbsError: Math.abs(actual - expected) };
}

function rowsSorted(a: NDArray): number[][] {
  const rows = a.ndim === 2 ? (a.toArray() as number[][]) : [Array.from(a.values())];
  return rows.sort((x, y) => {
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  });
}

export function compareArray(
  actual: unknown,
  expected: NDArray,
  atol: number,
  rtol: number,
  mode: 'elementwise' | 'unordered-rows' = 'elementwise',
): Comparison {
  if (!(actual instanceof NDArray)) {
    return { pass: false, maxAbsError: NaN, reason: `expected an NDArray, received ${typeof actual}` };
  }
  if (actual.shape.join() !== expected.shape.join()) {
    return { pass: false, maxAbsError: NaN, reason: `shape [${actual.shape}] != expected [${expected.shape}]` };
  }
  const norm = (d: string) => (d === 'bool' ? 'uint8' : d);
  if (norm(actual.dtype) !== norm(expected.dtype)) {
    return { pass: false, maxAbsError: NaN, reason: `dtype ${actual.dtype} != expected ${expected.dtype}` };
  }
  const [av, ev] = mode === 'unordered-rows'
    ? [rowsSorted(actual).flat(), rowsSorted(expected).flat()]
    : [actual.values(), expected.values()];
  let maxAbsError = 0;
  let pass = true;
  for (let i = 0; i < ev.length; i++) {
    const a = av[i]!, b = ev[i]!;
    const err = Math.abs(a - b);
    if (err > maxAbsError || Number.isNaN(err)) maxAbsError = Number.isNaN(err) && Number.isNaN(a) && Number.isNaN(b) ? maxAbsError : err;
    if (!within(a, b, atol, rtol)) pass = false;
  }
  return { pass, maxAbsError };
}
