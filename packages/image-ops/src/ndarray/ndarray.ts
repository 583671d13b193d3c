/**
 * NDArray: an n-dimensional strided view over a typed array, NumPy's data model in miniature.
 *
 * An array is (data, shape, strides, offset, dtype) with strides counted in elements. Arrays made
 * by dusk are C-ordered and live on SharedArrayBuffers; `view()` slices without copying (like
 * `a[2:5, :, 1]`), so a chunk can be a window into a bigger array. Kernels read `values()`, which
 * is the backing typed array itself when the array is contiguous and a C-ordered copy otherwise.
 *
 * NDArrays cross worker threads through a wire codec (registered at the bottom of this file): the
 * typed array stays shared and the class is rebuilt on the other side.
 */
import { registerWireType } from 'dusk-graph';
import { allocate, dataMatchesDType, dtypeOfData, isDType, requireDType, type DType, type TypedArrayOf } from './dtype.ts';
import { assign } from './assign.ts';
import * as reduce from './reduce.ts';
import { showValue } from 'dusk-graph/internal';

/** One axis of a `view()`: an index (drops the axis), `[start, stop, step?]`, or `null` for all. */
export type Slice = number | readonly [number | null, number | null] | readonly [number | null, number | null, number] | null;

/** One axis of a view, resolved: an index (the axis is dropped), or start ≤ stop within [0, n) and a step. */
export type ResolvedSlice = { index: number; start?: never; stop?: never; step?: never } | { index?: never; start: number; stop: number; step: number };

/**
 * Axis `ax` (length `n`) of a view, as NumPy reads `a[s]`: an integer index (negative from the
 * end), or [start, stop, step?] with negative bounds from the end, bounds clipped to the axis,
 * `null` bounds open, and a positive integer step; `null` takes the whole axis. Anything else is
 * an error naming `where`, the axis and the value (one rule for NDArray's and ChunkedArray's views).
 */
export function resolveSlice(where: string, s: unknown, n: number, ax: number): ResolvedSlice {
  if (typeof s === 'number') {
    if (!Number.isInteger(s)) throw new TypeError(`${where}: index for axis ${ax} must be an integer, received ${showValue(s)}`);
    const k = s < 0 ? s + n : s;
    if (k < 0 || k >= n) throw new RangeError(`${where}: index ${s} is out of bounds for axis ${ax} with size ${n}`);
    return { index: k };
  }
  if (s !== null && (!Array.isArray(s) || s.length < 2 || s.length > 3)) {
    throw new TypeError(`${where}: slice for axis ${ax} must be an index, [start, stop, step?] or null, received ${showValue(s)}`);
  }
  const [a = null, b = null, step = 1] = (s ?? []) as unknown[];
  const bound = (v: unknown, open: number, what: string): number => {
    if (v === null) return open;
    // ±Infinity reads as "past the end" (clipped), as a huge integer would in NumPy.
    if (typeof v !== 'number' || !(Number.isInteger(v) || Math.abs(v) === Infinity)) throw new TypeError(`${where}: ${what} for axis ${ax} must be an integer or null, received ${showValue(v)}`);
    return v < 0 ? v + n : v;
  };
  if (typeof step !== 'number' || !Number.isInteger(step) || step <= 0) throw new RangeError(`${where}: step for axis ${ax} must be a positive integer, received ${showValue(step)}`);
  const start = Math.min(Math.max(bound(a, 0, 'start'), 0), n);
  const stop = Math.min(Math.max(bound(b, n, 'stop'), start), n);
  return { start, stop, step };
}

export interface NDArrayInit<D extends DType> {
  dtype?: D;
  strides?: readonly number[];
  offset?: number;
}

export function cStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function checkShape(shape: readonly number[], where: string): void {
  // Indexed loops here and in `frozenCopy`: entries() and spread made iterator garbage on every NDArray.
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (!Number.isInteger(d) || d < 0) {
      throw new RangeError(`${where}: shape[${i}] must be a non-negative integer, received ${d}`);
    }
  }
}

/** A frozen plain-array copy of `xs` (an array or a typed array). */
function frozenCopy(xs: readonly number[]): readonly number[] {
  const out = new Array<number>(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = xs[i]!;
  return Object.freeze(out);
}

export class NDArray<D extends DType = DType> {
  readonly data: TypedArrayOf<D>;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: D;

  constructor(data: TypedArrayOf<D>, shape: readonly number[], init: NDArrayInit<D> = {}) {
    checkShape(shape, 'NDArray');
    const dtype = init.dtype ?? (dtypeOfData(data) as D);
    if (!isDType(dtype)) throw new TypeError(`NDArray: unknown dtype ${JSON.stringify(dtype)}`);
    if (!dataMatchesDType(data, dtype)) {
      throw new TypeError(`NDArray: dtype '${dtype}' cannot be stored in a ${data.constructor.name}`);
    }
    const strides = init.strides ?? cStrides(shape);
    const offset = init.offset ?? 0;
    if (strides.length !== shape.length) {
      throw new RangeError(`NDArray: strides has ${strides.length} axes, shape has ${shape.length}`);
    }
    if (init.strides === undefined && offset + shapeSize(shape) > data.length) {
      throw new RangeError(
        `NDArray: shape [${shape.join(', ')}] needs ${shapeSize(shape)} elements, data has ${data.length - offset}`,
      );
    }
    this.data = data;
    this.shape = frozenCopy(shape);
    this.strides = frozenCopy(strides);
    this.offset = offset;
    this.dtype = dtype;
  }

  get ndim(): number { return this.shape.length; }
  get size(): number { return shapeSize(this.shape); }
  get nbytes(): number { return this.size * this.data.BYTES_PER_ELEMENT; }

  /** True when elements are laid out in C order with no gaps (offset may be non-zero). */
  get isContiguous(): boolean {
    let s = 1;
    for (let i = this.ndim - 1; i >= 0; i--) {
      if (this.shape[i] !== 1 && this.strides[i] !== s) return false;
      s *= this.shape[i]!;
    }
    return true;
  }

  /** Flat position in `data` of the element at `index` (negative indices count from the end). */
  index(index: readonly number[]): number {
    if (index.length !== this.ndim) {
      throw new RangeError(`NDArray.index: expected ${this.ndim} indices, received ${index.length}`);
    }
    let p = this.offset;
    for (let i = 0; i < index.length; i++) {
      const n = this.shape[i]!;
      let k = index[i]!;
      if (k < 0) k += n;
      if (!Number.isInteger(k) || k < 0 || k >= n) {
        throw new RangeError(`NDArray.index: index ${index[i]} is out of bounds for axis ${i} with size ${n}`);
      }
      p += k * this.strides[i]!;
    }
    return p;
  }

  get(...index: number[]): number { return this.data[this.index(index)]!; }

  set(index: readonly number[], value: number): void { this.data[this.index(index)] = value; }

  /** A view of a sub-region without copying; see `Slice`. Missing trailing axes are taken whole. */
  view(slices: readonly Slice[]): NDArray<D> {
    if (!Array.isArray(slices)) throw new TypeError(`NDArray.view: argument 'slices' must be a list with one slice per axis, received ${showValue(slices)}`);
    if (slices.length > this.ndim) {
      throw new RangeError(`NDArray.view: ${slices.length} slices for an array of ${this.ndim} axes`);
    }
    const shape: number[] = [];
    const strides: number[] = [];
    let offset = this.offset;
    for (let i = 0; i < this.ndim; i++) {
      const st = this.strides[i]!;
      const r = resolveSlice('NDArray.view', slices[i] ?? null, this.shape[i]!, i);
      if (r.index !== undefined) {
        offset += r.index * st;
        continue;
      }
      const { start, stop, step } = r;
      shape.push(Math.ceil((stop - start) / step));
      strides.push(st * step);
      offset += start * st;
    }
    return new NDArray(this.data, shape, { dtype: this.dtype, strides, offset });
  }

  /** The elements in C order: the backing storage when contiguous, else a copy. */
  values(): TypedArrayOf<D> {
    if (this.isContiguous) {
      return this.data.subarray(this.offset, this.offset + this.size) as TypedArrayOf<D>;
    }
    const out = allocate(this.dtype, this.size, { shared: false });
    assign(new NDArray(out, this.shape, { dtype: this.dtype }), this); // row by row, not element by element
    return out;
  }

  /** Calls `fn(positionInData, cOrderIndex)` for every element. */
  forEachOffset(fn: (position: number, i: number) => void): void {
    const nd = this.ndim, size = this.size;
    if (size === 0) return;
    const idx = new Array<number>(nd).fill(0);
    let p = this.offset;
    for (let i = 0; i < size; i++) {
      fn(p, i);
      for (let ax = nd - 1; ax >= 0; ax--) {
        idx[ax]!++;
        p += this.strides[ax]!;
        if (idx[ax]! < this.shape[ax]!) break;
        p -= idx[ax]! * this.strides[ax]!;
        idx[ax] = 0;
      }
    }
  }

  /** A C-ordered copy on a SharedArrayBuffer (unless `shared: false`). */
  copy(options: { shared?: boolean } = {}): NDArray<D> {
    const out = allocate(this.dtype, this.size, { shared: options.shared ?? true });
    out.set(this.values());
    return new NDArray(out, this.shape, { dtype: this.dtype });
  }

  /** This array if contiguous, else a contiguous copy. */
  contiguous(): NDArray<D> {
    return this.isContiguous ? this : this.copy();
  }

  /** Elementwise conversion with typed-array assignment semantics (like NumPy's unsafe cast). */
  astype<E extends DType>(dtype: E): NDArray<E> {
    requireDType('NDArray.astype', "argument 'dtype'", dtype);
    const out = allocate(dtype, this.size);
    const v = this.values();
    if (dtype === 'bool') for (let i = 0; i < v.length; i++) out[i] = v[i] ? 1 : 0;
    else out.set(v);
    return new NDArray(out, this.shape, { dtype });
  }

  reshape(shape: readonly number[] | number): NDArray<D> {
    if (typeof shape === 'number') shape = [shape];
    if (!Array.isArray(shape)) throw new TypeError(`NDArray.reshape: argument 'shape' must be a list of integers or one, received ${showValue(shape)}`);
    let s = [...shape];
    const free = s.indexOf(-1);
    if (free >= 0) s[free] = this.size / shapeSize(s.filter((_, i) => i !== free));
    if (shapeSize(s) !== this.size) {
      throw new RangeError(`NDArray.reshape: cannot reshape size ${this.size} into [${shape.join(', ')}]`);
    }
    const c = this.contiguous();
    return new NDArray(c.data, s, { dtype: this.dtype, offset: c.offset });
  }

  /** Nested JavaScript arrays (a number for 0-d arrays). */
  toArray(): unknown {
    const v = this.values();
    const build = (axis: number, start: number): unknown => {
      if (axis === this.ndim) return v[start];
      const stride = shapeSize(this.shape.slice(axis + 1));
      return Array.from({ length: this.shape[axis]! }, (_, k) => build(axis + 1, start + k * stride));
    };
    return build(0, 0);
  }

  sum(): number { return reduce.sum(this.values()); }
  mean(): number { return reduce.mean(this.values()); }
  /** Population variance, as `np.var`. */
  variance(): number { return reduce.variance(this.values()); }
  min(): number { return reduce.min(this.values()); }
  max(): number { return reduce.max(this.values()); }

  toString(): string {
    return `NDArray(shape=[${this.shape.join(', ')}], dtype=${this.dtype})`;
  }
}

interface NDArrayPayload {
  data: TypedArrayOf<DType>;
  shape: number[];
  strides: number[];
  offset: number;
  dtype: DType;
}

registerWireType<NDArray, NDArrayPayload>({
  name: 'NDArray',
  module: import.meta.url,
  is: (v): v is NDArray => v instanceof NDArray,
  encode: (a) => ({ data: a.data, shape: [...a.shape], strides: [...a.strides], offset: a.offset, dtype: a.dtype }),
  decode: (p) => new NDArray(p.data, p.shape, { dtype: p.dtype, strides: p.strides, offset: p.offset }),
});
