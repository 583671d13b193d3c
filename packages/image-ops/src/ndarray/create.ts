/**
 * Constructors: `zeros`, `full`, `arange`, `fromArray` (nested JS arrays or flat data with a shape)
 * and `ndarray` (wrap an existing typed array without copying).
 *
 * NumPy's habits are kept, safely: the dtype may be given as a string in NumPy's position
 * (`zeros([3, 3], 'uint8')`, `full(shape, 7, 'int16')`, `arange(0, 10, 2, 'float32')`,
 * `fromArray(values, 'uint8')`) or as an options object `{ dtype, shared }`; a shape may be a
 * number (`zeros(5)`). Anything else in those places — an unknown dtype name, a number, an
 * options object with an unknown key — is an error naming the argument, never silently ignored.
 */
import { z } from 'zod';
import { parseOptions, showValue } from 'dusk-graph/internal';
import { allocate, DTYPES, dtypeOfData, isDType, requireDType, type DType, type TypedArray, type TypedArrayOf } from './dtype.ts';
import { NDArray, shapeSize } from './ndarray.ts';

export interface CreateOptions<D extends DType> {
  /** Element type. @default 'float64' */
  dtype?: D;
  /** Allocate on a SharedArrayBuffer. @default true */
  shared?: boolean;
}

/** A dtype name in NumPy's position, or the options object. */
export type DTypeOrOptions<D extends DType> = D | CreateOptions<D>;

const createSchema = z.strictObject({ dtype: z.enum(DTYPES as [DType, ...DType[]]).optional(), shared: z.boolean().default(true) });
const fromArraySchema = createSchema.extend({ shape: z.array(z.number().int().nonnegative()).optional() });

/** `{ dtype, shared }` from a dtype name, an options object or undefined; anything else is an error. */
function createOptions(where: string, arg: string, x: unknown, schema: z.ZodType = createSchema): { dtype?: DType; shared: boolean; shape?: number[] } {
  if (x === undefined) return { shared: true };
  if (typeof x === 'string') {
    if (!isDType(x)) throw new TypeError(`${where}: argument '${arg}' must be one of ${DTYPES.join(', ')} or an options object, received ${showValue(x)}`);
    return { dtype: x, shared: true };
  }
  if (x === null || typeof x !== 'object' || Array.isArray(x) || ArrayBuffer.isView(x)) {
    throw new TypeError(`${where}: argument '${arg}' must be a dtype name or an options object { dtype, shared }, received ${typeof x === 'function' ? 'a function' : typeof x !== 'object' ? `${typeof x} ${String(x as number | boolean | bigint | symbol | undefined)}` : Array.isArray(x) ? `[${x.join(', ')}]` : ArrayBuffer.isView(x) ? x.constructor.name : 'null'}`);
  }
  return parseOptions(where, schema, x) as { dtype?: DType; shared: boolean; shape?: number[] };
}

function checkShape(where: string, shape: unknown): number[] {
  const list = typeof shape === 'number' ? [shape] : shape;
  if (!Array.isArray(list)) throw new TypeError(`${where}: argument 'shape' must be a list of non-negative integers or one, received ${showValue(shape)}`);
  for (const [i, d] of list.entries()) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`${where}: shape[${i}] must be a non-negative integer, received ${d}`);
  }
  return list as number[];
}

function checkNumber(where: string, arg: string, v: unknown): number {
  if (typeof v !== 'number' || Number.isNaN(v) && arg !== 'value') {
    throw new TypeError(`${where}: argument '${arg}' must be a number, received ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`);
  }
  return v;
}

function make<D extends DType>(where: string, shape: unknown, o: { dtype?: DType; shared: boolean }): NDArray<D> {
  const s = checkShape(where, shape);
  const dtype = (o.dtype ?? 'float64') as D;
  return new NDArray(allocate(dtype, shapeSize(s), { shared: o.shared, site: { where, shape: s } }), s, { dtype });
}

/** An array of zeros: `zeros([2, 3])`, `zeros([2, 3], 'uint8')`, `zeros(5, { dtype: 'int16' })`. */
export function zeros<D extends DType = 'float64'>(shape: readonly number[] | number, dtype?: DTypeOrOptions<D>): NDArray<D> {
  return make('zeros', shape, createOptions('zeros', 'dtype', dtype));
}

/** An array filled with `value` (NumPy's `full(shape, fill_value, dtype)`; dtype defaults to float64). */
export function full<D extends DType = 'float64'>(shape: readonly number[] | number, value: number, dtype?: DTypeOrOptions<D>): NDArray<D> {
  const v = checkNumber('full', 'value', typeof value === 'boolean' ? Number(value) : value);
  const a = make<D>('full', shape, createOptions('full', 'dtype', dtype));
  a.data.fill(v);
  return a;
}

/**
 * `[start, stop)` in steps of `step`, like `np.arange`: `arange(5)`, `arange(2, 8)`,
 * `arange(0, 1, 0.25, 'float32')`; the dtype (or options) may also follow fewer numbers:
 * `arange(5, 'uint8')`.
 */
export function arange<D extends DType = 'float64'>(stop: number, dtype?: DTypeOrOptions<D>): NDArray<D>;
export function arange<D extends DType = 'float64'>(start: number, stop: number, dtype?: DTypeOrOptions<D>): NDArray<D>;
export function arange<D extends DType = 'float64'>(start: number, stop: number | undefined, step: number, dtype?: DTypeOrOptions<D>): NDArray<D>;
export function arange<D extends DType = 'float64'>(...args: unknown[]): NDArray<D> {
  const names = ['start', 'stop', 'step'];
  const nums: (number | undefined)[] = [];
  let k = 0;
  for (; k < args.length && k < 3 && (typeof args[k] === 'number' || (k > 0 && args[k] === undefined && k + 1 < args.length && typeof args[k + 1] === 'number')); k++) {
    nums.push(args[k] === undefined ? undefined : checkNumber('arange', names[k]!, args[k]));
  }
  if (k === 0) throw new TypeError(`arange: argument 'start' must be a number, received ${showValue(args[0])}`);
  if (args.length > k + 1) throw new TypeError(`arange: expected at most numbers start, stop, step and a dtype, received ${args.length} arguments`);
  const o = createOptions('arange', 'dtype', args[k]);
  let [start, stop, step = 1] = nums as [number, number | undefined, number | undefined];
  if (stop === undefined) [start, stop] = [0, start];
  if (!Number.isFinite(start) || !Number.isFinite(stop) || !Number.isFinite(step) || step === 0) {
    throw new RangeError(`arange: start, stop and step must be finite and step non-zero, received ${start}, ${stop}, ${step}`);
  }
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const a = make<D>('arange', [n], o);
  for (let i = 0; i < n; i++) a.data[i] = start + i * step;
  return a;
}

function inferShape(x: unknown): number[] {
  const shape: number[] = [];
  let cur = x;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  return shape;
}

function flatten(x: unknown, shape: readonly number[], axis: number, out: number[]): void {
  if (axis === shape.length) {
    if (typeof x !== 'number' && typeof x !== 'boolean') {
      throw new TypeError(`fromArray: elements must be numbers, received ${typeof x}`);
    }
    out.push(Number(x));
    return;
  }
  if (!Array.isArray(x) || x.length !== shape[axis]) {
    throw new RangeError(`fromArray: ragged nested array at axis ${axis} (expected length ${shape[axis]})`);
  }
  for (const e of x) flatten(e, shape, axis + 1, out);
}

/**
 * An array from nested JS arrays (`fromArray([[1, 2], [3, 4]])`) or from flat data with a shape
 * (`fromArray(data, { shape: [2, 2] })`); a dtype name may take the options' place, as NumPy's
 * `np.array(values, dtype)`. Always copies into new (shared) storage.
 */
export function fromArray<D extends DType = 'float64'>(
  values: unknown,
  options?: D | (CreateOptions<D> & { shape?: readonly number[] }),
): NDArray<D> {
  const o = createOptions('fromArray', 'dtype', options, fromArraySchema);
  const isTyped = ArrayBuffer.isView(values);
  if (!isTyped && !Array.isArray(values)) throw new TypeError(`fromArray: argument 'values' must be an array or a typed array, received ${typeof values}`);
  const dtype = (o.dtype ?? (isTyped ? dtypeOfData(values as TypedArray) : 'float64')) as D;
  let flat: ArrayLike<number>;
  let shape: readonly number[];
  if (isTyped || (Array.isArray(values) && !Array.isArray(values[0]) && o.shape)) {
    flat = values as ArrayLike<number>;
    shape = o.shape ?? [flat.length];
  } else {
    shape = o.shape ?? inferShape(values);
    const out: number[] = [];
    flatten(values, inferShape(values), 0, out);
    flat = out;
  }
  if (shapeSize(shape) !== flat.length) {
    throw new RangeError(`fromArray: shape [${shape.join(', ')}] does not fit ${flat.length} values`);
  }
  const a = zeros<D>(shape, { dtype, shared: o.shared });
  if (dtype === 'bool') for (let i = 0; i < flat.length; i++) a.data[i] = flat[i] ? 1 : 0;
  else a.data.set(flat);
  return a;
}

/** Wrap `data` (no copy) as an array of `shape`; dtype defaults to the storage's. */
export function ndarray<D extends DType>(data: TypedArrayOf<D>, shape: readonly number[], dtype?: D): NDArray<D> {
  if (dtype !== undefined) requireDType('ndarray', "argument 'dtype'", dtype);
  return new NDArray(data, shape, dtype === undefined ? {} : { dtype });
}
