/**
 * Element types: the NumPy dtypes dusk supports, their typed-array storage and value ranges.
 *
 * `bool` is stored as a Uint8Array of 0/1. Storage is allocated on a SharedArrayBuffer by default
 * (DESIGN.md §4) so arrays pass between worker threads without copying; large shared buffers
 * come from the process-wide buffer pool (`recycle.ts`).
 */
import { constants } from 'node:buffer';
import { z } from 'zod';
import { parseOptions, sharedBuffer, showValue } from 'dusk-graph/internal';
import './recycle.ts';

export type DType = 'bool' | 'uint8' | 'uint16' | 'int16' | 'int32' | 'float32' | 'float64';

export interface TypedArrayMap {
  bool: Uint8Array;
  uint8: Uint8Array;
  uint16: Uint16Array;
  int16: Int16Array;
  int32: Int32Array;
  float32: Float32Array;
  float64: Float64Array;
}

export type TypedArray = TypedArrayMap[DType];
export type TypedArrayOf<D extends DType> = TypedArrayMap[D];

type Ctor = { new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): TypedArray; BYTES_PER_ELEMENT: number };

const CTORS: Record<DType, Ctor> = {
  bool: Uint8Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  int16: Int16Array,
  int32: Int32Array,
  float32: Float32Array,
  float64: Float64Array,
};

export const DTYPES: readonly DType[] = Object.keys(CTORS) as DType[];

export function isDType(x: unknown): x is DType {
  return typeof x === 'string' && Object.hasOwn(CTORS, x);
}

/** Throw a TypeError naming `where` and `field` unless `x` is a dtype name. */
export function requireDType(where: string, field: string, x: unknown): asserts x is DType {
  if (!isDType(x)) throw new TypeError(`${where}: ${field} must be one of ${DTYPES.join(', ')}, received ${showValue(x)}`);
}

export function bytesPerElement(dtype: DType): number {
  return CTORS[dtype].BYTES_PER_ELEMENT;
}

/** True for float32/float64. */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/** The integer range of an integer dtype (as `np.iinfo`), `[0, 1]` for bool, `[-1, 1]` for floats. */
export function dtypeRange(dtype: DType): [number, number] {
  switch (dtype) {
    case 'bool': return [0, 1];
    case 'uint8': return [0, 255];
    case 'uint16': return [0, 65535];
    case 'int16': return [-32768, 32767];
    case 'int32': return [-2147483648, 2147483647];
    default: return [-1, 1];
  }
}

/** The most elements a typed array can hold in this engine (2**32 on Node 20). */
const MAX_ELEMENTS = constants.MAX_LENGTH;

/** Who asks for an allocation, for the error when it is too large: a function and a shape. */
export interface AllocationSite {
  where: string;
  shape: readonly number[];
}

function tooLarge(site: AllocationSite, dtype: DType, bytes: number, why: string): RangeError {
  return new RangeError(`${site.where}: cannot allocate an array of shape [${site.shape.join(', ')}] and dtype ${dtype}: ${bytes} bytes requested, ${why}`);
}

export interface AllocateOptions {
  /** On a SharedArrayBuffer (false: a plain ArrayBuffer, never pooled). @default true */
  shared?: boolean;
  /**
   * Cleared to zero. A kernel that writes every element before anything reads it passes false,
   * so a buffer reused from the pool is not cleared first. @default true
   */
  zeroed?: boolean;
  /** Who asks, for the error when the array is too large. @default { where: 'allocate', shape: [length] } */
  site?: AllocationSite;
}

const allocateSchema = z.strictObject({
  shared: z.boolean().default(true),
  zeroed: z.boolean().default(true),
  site: z.strictObject({ where: z.string(), shape: z.array(z.number()).readonly() }).optional(),
});

/**
 * A typed array of `length` elements of `dtype`, zero-filled unless `zeroed` is false, on a
 * SharedArrayBuffer unless `shared` is false (shared buffers of `MIN_BYTES` or more may come
 * from the buffer pool, see `recycle.ts`).
 *
 * Size policy (the one check for every array dusk allocates): more elements than a typed array
 * can hold is refused before allocating, and an allocation the engine refuses (out of memory)
 * is reported the same way: a RangeError naming `site` (the function and shape; by default
 * `allocate` and `[length]`), the dtype and the bytes requested.
 */
export function allocate<D extends DType>(dtype: D, length: number, options?: AllocateOptions): TypedArrayOf<D> {
  const { shared, zeroed, site = { where: 'allocate', shape: [length] } } = options === undefined ? DEFAULTS : parseOptions('allocate', allocateSchema, options);
  if (!Number.isInteger(length) || length < 0) {
    throw new RangeError(`${site.where}: length must be a non-negative integer, received ${length}`);
  }
  const C = CTORS[dtype];
  const bytes = length * C.BYTES_PER_ELEMENT;
  if (length > MAX_ELEMENTS) throw tooLarge(site, dtype, bytes, `more than the ${MAX_ELEMENTS} elements a typed array can hold`);
  let buffer: ArrayBufferLike;
  try {
    buffer = shared ? sharedBuffer(bytes, zeroed) : new ArrayBuffer(bytes);
  } catch (err) {
    if (err instanceof RangeError) throw Object.assign(tooLarge(site, dtype, bytes, `which the engine refused (${err.message})`), { cause: err });
    throw err;
  }
  return new C(buffer, 0, length) as TypedArrayOf<D>;
}

const DEFAULTS = allocateSchema.parse({});

/** The dtype whose storage is `data` (Uint8Array maps to uint8). */
export function dtypeOfData(data: TypedArray): DType {
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Uint16Array) return 'uint16';
  if (data instanceof Uint8Array) return 'uint8';
  throw new TypeError(`dtypeOfData: unsupported typed array ${(data as { constructor?: { name?: string } }).constructor?.name}`);
}

/** True when `data`'s constructor is the storage type of `dtype`. */
export function dataMatchesDType(data: TypedArray, dtype: DType): boolean {
  return data instanceof CTORS[dtype];
}
