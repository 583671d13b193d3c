/**
 * One uniform (moving average) pass along one axis, as scipy's `NI_UniformFilter1D`: a running
 * sum over the extended line, `s += x[i+size-1] - x[i-1]`, and `out[i] = s / size` (same
 * operations, same order, so results are bit-identical).
 *
 * Same conventions as `correlateAxis`: a strided source of any dtype, a C-ordered destination
 * of the output dtype (may be the source: in place), the array seen as `outer × n × inner`.
 * The last axis gathers each line into a float64 line buffer; other axes gather a block of
 * columns of the whole extended line (bounded to 2 MB) and run the recurrence on rows of it.
 * Everything a block reads is gathered before any of its results is stored.
 */
import type { TypedArray } from '../../ndarray/dtype.ts';
import { extendLine, mapIndex, type BoundaryMode } from './modes.ts';
import { copyRun, InnerRuns, Odometer, splitAxis, storeRun, type Strided } from './strided.ts';

const WINDOW = 1 << 18;
// Reused buffers (not reentrant: nothing here calls user code); larger requests get their own.
const shared = new Float64Array(WINDOW + 2 * 1024);

/** `n` float64 elements of scratch at `offset` in the shared buffer, or a new array. */
function scratch(n: number, offset: number): Float64Array {
  return offset + n <= shared.length ? shared.subarray(offset, offset + n) : new Float64Array(n);
}

export function uniformAxis(
  src: Strided, dst: TypedArray, shape: readonly number[], axis: number,
  size: number, origin: number, mode: BoundaryMode, cval: number, bool = false,
): void {
  const [outer, n, inner] = splitAxis(shape, axis);
  if (n === 0 || outer === 0 || inner === 0) return;
  const size1 = size >> 1, size2 = size - size1 - 1;
  const before = size1 + origin, after = size2 - origin;
  const od = new Odometer(shape.slice(0, axis), src.strides.slice(0, axis), src.offset);
  const stride = src.strides[axis]!;

  if (inner === 1) {
    const buf = scratch(n + before + after, 0);
    const res = scratch(n, buf.length);
    for (let line = 0; line < outer; line++, od.next()) {
      copyRun(src.data, od.pos, stride, n, before, buf);
      extendLine(buf, n, before, after, mode, cval);
      let tmp = 0;
      for (let l = 0; l < size; l++) tmp += buf[l]!;
      res[0] = tmp / size;
      for (let l = 1; l < n; l++) {
        tmp += buf[l + size - 1]! - buf[l - 1]!;
        res[l] = tmp / size;
      }
      storeRun(dst, line * n, res, bool);
    }
    return;
  }

  const runs = new InnerRuns(shape.slice(axis + 1), src.strides.slice(axis + 1));
  const W = n + size - 1; // extended line positions -before .. n - 1 + after
  const maxB = Math.max(1, Math.min(1024, Math.floor(WINDOW / (W + 1))));
  const B = Math.ceil(inner / Math.ceil(inner / maxB));
  const win = scratch(W * B, 0);
  const acc = scratch(B, win.length);
  const res = scratch(B, win.length + B);
  for (let s = 0; s < outer; s++, od.next()) {
    const slabSrc = od.pos, slabDst = s * n * inner;
    for (let c0 = 0; c0 < inner; c0 += B) {
      const len = Math.min(B, inner - c0);
      const row = len === B ? res : res.subarray(0, len);
      for (let e = 0; e < W; e++) {
        const q = mapIndex(e - before, n, mode);
        if (q < 0) win.fill(cval, e * B, e * B + len);
        else runs.load(src.data, slabSrc + q * stride, c0, len, e * B, win);
      }
      acc.fill(0);
      for (let l = 0; l < size; l++) for (let c = 0; c < len; c++) acc[c] = acc[c]! + win[l * B + c]!;
      for (let c = 0; c < len; c++) row[c] = acc[c]! / size;
      storeRun(dst, slabDst + c0, row, bool);
      for (let l = 1; l < n; l++) {
        const a = (l + size - 1) * B, b = (l - 1) * B;
        for (let c = 0; c < len; c++) {
          acc[c] = acc[c]! + (win[a + c]! - win[b + c]!);
          row[c] = acc[c]! / size;
        }
        storeRun(dst, slabDst + l * inner + c0, row, bool);
      }
    }
  }
}
