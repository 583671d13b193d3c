/**
 * `assign(dst, src)`: copy `src` into `dst` element by element, for any strides on either side
 * (same shape required). Whole innermost lines are copied with `TypedArray.set` when both are
 * contiguous along the last axis, and trailing axes contiguous in both as one run (a block of
 * whole rows of a plane: one `set` per plane). Values convert with typed-array assignment rules.
 */
import type { NDArray } from './ndarray.ts';

export function assign(dst: NDArray, src: NDArray): void {
  const nd = dst.ndim;
  if (src.ndim !== nd || src.shape.some((s, i) => s !== dst.shape[i])) {
    throw new RangeError(`assign: shapes differ, [${src.shape.join(', ')}] into [${dst.shape.join(', ')}]`);
  }
  const size = dst.size;
  if (size === 0) return;
  if (nd === 0) {
    dst.data[dst.offset] = src.data[src.offset]!;
    return;
  }
  const ds = dst.strides[nd - 1]!, ss = src.strides[nd - 1]!;
  const dd = dst.data, sd = src.data;
  const fast = ds === 1 && ss === 1 && dd.constructor === sd.constructor;
  // Trailing axes laid out contiguously in both arrays are copied as one run.
  let outer = nd - 1, inner = dst.shape[nd - 1]!;
  while (fast && outer > 0 && dst.strides[outer - 1] === inner && src.strides[outer - 1] === inner) inner *= dst.shape[--outer]!;
  const lines = size / inner;
  const idx = new Array<number>(outer).fill(0);
  let dp = dst.offset, sp = src.offset;
  for (let l = 0; l < lines; l++) {
    if (fast) dd.set(sd.subarray(sp, sp + inner) as never, dp);
    else for (let j = 0; j < inner; j++) dd[dp + j * ds] = sd[sp + j * ss]!;
    for (let ax = outer - 1; ax >= 0; ax--) {
      dp += dst.strides[ax]!;
      sp += src.strides[ax]!;
      if (++idx[ax]! < dst.shape[ax]!) break;
      dp -= idx[ax]! * dst.strides[ax]!;
      sp -= idx[ax]! * src.strides[ax]!;
      idx[ax] = 0;
    }
  }
}
