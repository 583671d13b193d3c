/**
 * Constructors: `zeros`, `full`, `arange`, `fromArray` (nested JS arrays or flat data with a shape)
 * and `ndarray` (wrap an existing typed array without copying).
 */
import { allocate, dtypeOfData, isDType, type DType, type TypedArray, type TypedArrayOf } from './dtype.ts';
import { NDArray, shapeSize } from './ndarray.ts';

export interface CreateOptions<D extends DType> {
  /** Element type. @default 'float64' */
  dtype?: D;
  /** Allocate on a SharedArrayBuffer. @default true */
  shared?: boolean;
}

function checkDType(dtype: unknown, where: string): void {
  if (!isDType(dtype)) {
    throw new TypeError(
      `${where}: dtype must be one of bool, uint8, uint16, int16, int32, float32, float64, received ${JSON.stringify(dtype)}`,
    );
  }
}

export function zeros<D extends DType = 'float64'>(shape: readonly number[], options: CreateOptions<D> = {}): NDArray<D> {
  const dtype = (options.dtype ?? 'float64') as D;
  checkDType(dtype, 'zeros');
  for (const [i, d] of shape.entries()) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`zeros: shape[${i}] must be a non-negative integer, received ${d}`);
  }
  return new NDArray(allocate(dtype, shapeSize(shape), options.shared ?? true), shape, { dtype });
}

export function full<D extends DType = 'float64'>(
  shape: readonly number[],
  value: number,
  options: CreateOptions<D> = {},
): NDArray<D> {
  const a = zeros(shape, options);
  a.data.fill(value);
  return a;
}

/** `[start, stop)` in steps of `step`, like `np.arange`. */
export function arange<D extends DType = 'float64'>(
  start: number,
  stop?: number,
  step = 1,
  options: CreateOptions<D> = {},
): NDArray<D> {
  if (stop === undefined) [start, stop] = [0, start];
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const a = zeros([n], options);
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
 * (`fromArray(data, { shape: [2, 2] })`). Always copies into new (shared) storage.
 */
export function fromArray<D extends DType = 'float64'>(
  values: unknown,
  options: CreateOptions<D> & { shape?: readonly number[] } = {},
): NDArray<D> {
  const isTyped = ArrayBuffer.isView(values);
  const dtype = (options.dtype ?? (isTyped ? dtypeOfData(values as TypedArray) : 'float64')) as D;
  checkDType(dtype, 'fromArray');
  let flat: ArrayLike<number>;
  let shape: readonly number[];
  if (isTyped || (Array.isArray(values) && !Array.isArray(values[0]) && options.shape)) {
    flat = values as ArrayLike<number>;
    shape = options.shape ?? [flat.length];
  } else {
    shape = options.shape ?? inferShape(values);
    const out: number[] = [];
    flatten(values, inferShape(values), 0, out);
    flat = out;
  }
  if (shapeSize(shape) !== flat.length) {
    throw new RangeError(`fromArray: shape [${shape.join(', ')}] does not fit ${flat.length} values`);
  }
  const a = zeros(shape, { dtype, shared: options.shared ?? true });
  if (dtype === 'bool') for (let i = 0; i < flat.length; i++) a.data[i] = flat[i] ? 1 : 0;
  else a.data.set(flat);
  return a;
}

/** Wrap `data` (no copy) as an array of `shape`; dtype defaults to the storage's. */
export function ndarray<D extends DType>(data: TypedArrayOf<D>, shape: readonly number[], dtype?: D): NDArray<D> {
  return new NDArray(data, shape, dtype === undefined ? {} : { dtype });
}
