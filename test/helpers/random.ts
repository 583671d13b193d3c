/**
 * The tests' one source of random data: a seeded generator (mulberry32: same seed, same
 * sequence, on every machine and Node version) and arrays filled from it.
 *
 * Tests never use `Math.random`: a failure must reproduce. Pass a different seed where two inputs
 * must differ; a test that needs special values (NaN, ±0, extremes) writes them itself.
 */
import { zeros, type DType, type NDArray } from 'dusk-image-ops';

/** A generator of uniform numbers in [0, 1) from `seed` (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomArrayOptions<D extends DType = DType> {
  /** @default 1 */
  seed?: number;
  /** @default 'float64' */
  dtype?: D;
  /** Values are uniform in [low, high); integer dtypes take the floor. @default 0 for floats, the dtype's minimum for integers */
  low?: number;
  /** @default 1 for floats, the dtype's maximum + 1 for integers (2 for bool) */
  high?: number;
}

/** [low, high) of the integer dtypes: their whole range. */
const INTEGER_RANGE: Partial<Record<DType, readonly [number, number]>> = {
  bool: [0, 2], uint8: [0, 256], uint16: [0, 65536], int16: [-32768, 32768], int32: [-(2 ** 31), 2 ** 31],
};

/** An array of `shape` filled with uniform values from `seededRandom(seed)`, in C order. */
export function randomArray<D extends DType = 'float64'>(shape: readonly number[], options: RandomArrayOptions<D> = {}): NDArray<D> {
  const dtype = options.dtype ?? ('float64' as D);
  const range = INTEGER_RANGE[dtype];
  const low = options.low ?? range?.[0] ?? 0, high = options.high ?? range?.[1] ?? 1;
  const next = seededRandom(options.seed ?? 1);
  const a = zeros([...shape], { dtype });
  for (let i = 0; i < a.size; i++) {
    const v = low + next() * (high - low);
    a.data[i] = range !== undefined ? Math.floor(v) : v;
  }
  return a;
}

/** float64 noise in [0, 1) of `shape`: `randomArray(shape, { seed })`. */
export function noise(shape: readonly number[], seed = 1): NDArray<'float64'> {
  return randomArray(shape, { seed });
}
