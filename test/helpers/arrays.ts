/**
 * Array comparisons for tests, registered as vitest matchers by `setup.ts` (image-js does the
 * same): `expect(a).toEqualArray(b)`, `expect(a).toBeCloseToArray(b, { atol, rtol })` and
 * `expect(a).toMatchShape(b)`. Their types are declared in `vitest.d.ts`.
 *
 * Either side may be an NDArray (compared in C order, views included), a typed array or a list of
 * numbers. When both sides have a shape (NDArrays), the shapes must be equal; otherwise only the
 * lengths. NaN equals NaN at the same place (NumPy's `equal_nan=True`), as golden outputs contain
 * NaN where scikit-image gives it. A failure names how many elements differ and the worst one: its
 * index, both values and |a - b|.
 *
 * An NDArray is recognised by its shape and `values()`, not with `instanceof`: the setup file
 * loads this module into every test file, and importing dusk-image-ops there would slow the
 * suites that never use it.
 */
import type { NDArray } from 'dusk-image-ops';

/** What the matchers read of an NDArray. */
interface Shaped { readonly shape: readonly number[]; readonly dtype?: string; values(): ArrayLike<number> }

export type ArrayInput = NDArray | Shaped | ArrayLike<number>;

function isShaped(x: unknown): x is Shaped {
  return typeof x === 'object' && x !== null && Array.isArray((x as Partial<Shaped>).shape) &&
    typeof (x as Partial<Shaped>).values === 'function';
}

/** numpy.allclose: |a - b| <= atol + rtol·|b|. @default { atol: 0, rtol: 0 } (exact) */
export interface Tolerance { atol?: number; rtol?: number }

export interface EqualOptions {
  /** -0 and +0 differ (Object.is), for bit-exact kernels. @default false */
  signedZeros?: boolean;
  /** Both sides must be NDArrays of the same dtype (a file read back as written). @default false */
  sameDType?: boolean;
}

interface Flat { shape: readonly number[] | undefined; dtype: string | undefined; values: ArrayLike<number> }

function flat(x: ArrayInput): Flat {
  return isShaped(x) ? { shape: x.shape, dtype: x.dtype, values: x.values() } : { shape: undefined, dtype: undefined, values: x };
}

const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** The index of C-order element `i` in `shape` (`[r, c]`), or `[i]` without a shape. */
function indexText(i: number, shape: readonly number[] | undefined): string {
  if (shape === undefined || shape.length === 0) return `[${i}]`;
  const at: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    at.unshift(i % shape[d]!);
    i = Math.floor(i / shape[d]!);
  }
  return shapeText(at);
}

/** Why `a` and `b` cannot be compared element by element, or undefined when they can. */
function layoutMismatch(a: Flat, b: Flat): string | undefined {
  if (a.shape !== undefined && b.shape !== undefined) {
    return a.shape.join() === b.shape.join() ? undefined : `shape ${shapeText(a.shape)}, expected ${shapeText(b.shape)}`;
  }
  return a.values.length === b.values.length ? undefined : `${a.values.length} elements, expected ${b.values.length}`;
}

/** The largest |a - b| over all elements (NaN where exactly one side is NaN); shapes must agree. */
export function maxAbsDiff(a: ArrayInput, b: ArrayInput): number {
  const fa = flat(a), fb = flat(b);
  const bad = layoutMismatch(fa, fb);
  if (bad !== undefined) throw new RangeError(`maxAbsDiff: the arrays differ in layout: ${bad}`);
  let m = 0;
  for (let i = 0; i < fa.values.length; i++) {
    const x = fa.values[i]!, y = fb.values[i]!;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    const d = x === y ? 0 : Math.abs(x - y);
    if (!(d <= m)) m = d; // NaN wins
  }
  return m;
}

export interface Comparison { pass: boolean; message: string }

/** Compare element by element with `same(received, expected)`; the message describes the worst miss. */
function compare(received: ArrayInput, expected: ArrayInput, same: (x: number, y: number) => boolean, how: string, sameDType = false): Comparison {
  const a = flat(received), b = flat(expected);
  const bad = sameDType && (a.dtype === undefined || a.dtype !== b.dtype) ? `dtype ${a.dtype ?? 'none'}, expected ${b.dtype ?? 'none'}` : layoutMismatch(a, b);
  if (bad !== undefined) return { pass: false, message: `expected an array ${how}, received ${bad}` };
  let misses = 0, worst = -1, worstDiff = -1;
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i]!, y = b.values[i]!;
    if (same(x, y)) continue;
    misses++;
    const d = Number.isNaN(x - y) ? Infinity : Math.abs(x - y);
    if (d > worstDiff) [worst, worstDiff] = [i, d];
  }
  const n = a.values.length;
  if (misses === 0) return { pass: true, message: `expected the ${n} elements not to be ${how}, but they are` };
  const at = indexText(worst, a.shape ?? b.shape);
  return {
    pass: false,
    message: `expected an array ${how}: ${misses} of ${n} elements differ; the worst at ${at}: received ${a.values[worst]}, expected ${b.values[worst]} (|a - b| = ${Math.abs(a.values[worst]! - b.values[worst]!)})`,
  };
}

const bothNaN = (x: number, y: number) => Number.isNaN(x) && Number.isNaN(y);

export function equalArrays(received: ArrayInput, expected: ArrayInput, options: EqualOptions = {}): Comparison {
  const same = options.signedZeros === true
    ? (x: number, y: number) => Object.is(x, y)
    : (x: number, y: number) => x === y || bothNaN(x, y);
  return compare(received, expected, same, options.signedZeros === true ? 'equal to the expected one (signed zeros)' : 'equal to the expected one', options.sameDType);
}

export function closeArrays(received: ArrayInput, expected: ArrayInput, tolerance: Tolerance = {}): Comparison {
  const atol = tolerance.atol ?? 0, rtol = tolerance.rtol ?? 0;
  if (!(atol >= 0) || !(rtol >= 0)) throw new RangeError(`toBeCloseToArray: atol and rtol must be >= 0, received atol ${atol}, rtol ${rtol}`);
  return compare(received, expected, (x, y) => x === y || bothNaN(x, y) || Math.abs(x - y) <= atol + rtol * Math.abs(y), `close to the expected one (atol ${atol}, rtol ${rtol})`);
}

export function sameShape(received: unknown, expected: Shaped | readonly number[]): Comparison {
  const want = isShaped(expected) ? expected.shape : expected;
  if (!isShaped(received)) return { pass: false, message: `expected an NDArray of shape ${shapeText(want)}, received ${typeof received}` };
  const pass = received.shape.length === want.length && received.shape.every((d, i) => d === want[i]);
  return { pass, message: pass ? `expected a shape other than ${shapeText(want)}` : `expected shape ${shapeText(want)}, received ${shapeText(received.shape)}` };
}
