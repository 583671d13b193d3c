/**
 * One uniform (moving average) pass along one axis, as scipy's `NI_UniformFilter1D`: a running
 * sum over the extended line, `s += x[i+size-1] - x[i-1]`, and `out[i] = s / size` (same
 * operations, same order, so results are bit-identical).
 *
 * Same layout conventions as `correlateAxis`: `outer × n × inner`; the last axis uses a line
 * buffer (in place allowed), other axes run the recurrence on whole rows (dst ≠ src).
 */
import { extendLine, mapIndex, type BoundaryMode } from './modes.ts';

export function uniformAxis(
  src: Float64Array, dst: Float64Array, shape: readonly number[], axis: number,
  size: number, origin: number, mode: BoundaryMode, cval: number,
): void {
  const n = shape[axis]!;
  let outer = 1, inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  if (n === 0 || outer === 0 || inner === 0) return;
  const size1 = size >> 1, size2 = size - size1 - 1;
  const before = size1 + origin, after = size2 - origin;

  if (inner === 1) {
    const buf = new Float64Array(n + before + after);
    for (let line = 0; line < outer; line++) {
      const base = line * n;
      buf.set(src.subarray(base, base + n), before);
      extendLine(buf, n, before, after, mode, cval);
      let tmp = 0;
      for (let l = 0; l < size; l++) tmp += buf[l]!;
      dst[base] = tmp / size;
      for (let l = 1; l < n; l++) {
        tmp += buf[l + size - 1]! - buf[l - 1]!;
        dst[base + l] = tmp / size;
      }
    }
    return;
  }

  if (dst === src) throw new Error('uniformAxis: dst must differ from src along a non-contiguous axis');
  const acc = new Float64Array(inner);
  const rowOf = (slab: number, p: number): number => {
    const q = mapIndex(p - before, n, mode);
    return q < 0 ? -1 : slab + q * inner;
  };
  for (let s = 0; s < outer; s++) {
    const slab = s * n * inner;
    acc.fill(0);
    for (let l = 0; l < size; l++) {
      const r = rowOf(slab, l);
      if (r < 0) for (let c = 0; c < inner; c++) acc[c] = acc[c]! + cval;
      else for (let c = 0; c < inner; c++) acc[c] = acc[c]! + src[r + c]!;
    }
    for (let c = 0; c < inner; c++) dst[slab + c] = acc[c]! / size;
    for (let l = 1; l < n; l++) {
      const r2 = rowOf(slab, l + size - 1), r1 = rowOf(slab, l - 1);
      const d = slab + l * inner;
      for (let c = 0; c < inner; c++) {
        const a = r2 < 0 ? cval : src[r2 + c]!;
        const b = r1 < 0 ? cval : src[r1 + c]!;
        acc[c] = acc[c]! + (a - b);
        dst[d + c] = acc[c]! / size;
      }
    }
  }
}
