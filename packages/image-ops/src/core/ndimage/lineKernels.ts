/**
 * The innermost loops of 1-D correlation and the workspace they run in.
 *
 * `WS` is one module-level Float64Array per thread: the drivers copy the input runs a kernel
 * needs into it (converting to float64), a kernel reads and writes only `WS`, and the drivers
 * copy the results out (converting to the output dtype). With the taps at arithmetic offsets
 * `c ± k·step`, a kernel is a few straight loops over whole runs.
 *
 * Kernels run as WebAssembly SIMD (`simdKernels.ts`, `WS` is then a view of the module's
 * memory), else as scalar JavaScript loops (`scalarKernels.ts`); both compute
 *
 *     WS[d+j] = WS[c+j]·w0 + (WS[c-k·s+j] + WS[c+k·s+j])·w_k + …
 *
 * adding terms in the order scipy's `NI_Correlate1D` does (centre first, then the pairs from the
 * outermost inwards), so results are bit-identical to scipy's and to each other. The SIMD
 * kernels compute outputs in groups of 16: runs handed to `applyKernel` need `KERNEL_SLACK`
 * elements of slack after them (outputs and inputs).
 *
 * Measured on (50, 1104, 1104) float32, σ = 3, one pass: the scalar loops ~10 ns per voxel,
 * the SIMD kernels ~3.5 ns including the float32 ↔ float64 conversions (scipy: ~7.5 ns).
 *
 * State: the kernel set by `setKernel` (weights copied into the module's memory) is used by
 * every `applyKernel` until the next `setKernel` (a pass sets it once; nothing here is
 * reentrant, and kernels never call user code).
 */
import type { TypedArray } from '../../ndarray/dtype.ts';
import { applyScalar } from './scalarKernels.ts';
import { KERNEL_GROUP, loadSimdKernels } from './simdKernels.ts';

/**
 * Workspace length in float64 elements (runs and kernels live in `WS[0 .. WS_LEN)`): 8 MB of the
 * module's memory, of which a pass touches only what its runs need.
 */
export const WS_LEN = 1 << 20;
/** Elements of slack `applyKernel` needs after every run it reads or writes. */
export const KERNEL_SLACK = KERNEL_GROUP;
/**
 * Largest kernel: rows (see `correlateAxis`) keep up to 3·fs + 1 rows of ≥ 1 + `KERNEL_SLACK`
 * elements in the workspace (20 559 taps: σ ≈ 2 570 for a Gaussian truncated at 4σ).
 */
export const MAX_KERNEL = Math.floor((Math.floor(WS_LEN / (1 + KERNEL_SLACK)) - 1) / 3);
const W_AT = WS_LEN; // the current weights, after the workspace
const STAGE_LEN = WS_LEN >> 1; // float32 staging for conversions, after the weights
const STAGE_AT = (W_AT + MAX_KERNEL + 1) * 2; // in float32 elements
const SIMD = loadSimdKernels(STAGE_AT * 4 + STAGE_LEN * 4);
// Deliberately not exported: exported module bindings live in cells TurboFan does not fold.
const WS: Float64Array = SIMD ? new Float64Array(SIMD.buffer, 0, W_AT + MAX_KERNEL + 1) : new Float64Array(W_AT + MAX_KERNEL + 1);
const F32: Float32Array = SIMD ? new Float32Array(SIMD.buffer, STAGE_AT * 4, STAGE_LEN) : new Float32Array(1);
let useSimd = SIMD !== undefined;

/** Use the SIMD kernels when `on` and available (tests compare both); returns whether in use. */
export function setSimd(on: boolean): boolean {
  useSimd = on && SIMD !== undefined;
  return useSimd;
}

let kw: Float64Array = new Float64Array(1);
let kSym = 1;

/** Make `w` (symmetry `sym`, see `kernelSymmetry`) the kernel of the following `applyKernel`s. */
export function setKernel(w: Float64Array, sym: number): void {
  kw = w;
  kSym = sym;
  WS.set(w, W_AT);
}

// Moving data in and out of WS. Each element type gets its own loop so every typed-array access
// site stays monomorphic (one hidden class); `wsLoad`/`wsStore` pick the loop once per run.

/** Runs shorter than this are copied by loops (a subarray + `set` costs more than it saves). */
const SHORT = 64;

/** `WS[o + i] = src[start + i·stride]` for i < n (any element type, read as a double). */
export function wsLoad(src: TypedArray, start: number, stride: number, n: number, o: number): void {
  if (src instanceof Float32Array) {
    if (stride === 1 && useSimd && n >= SHORT && n <= STAGE_LEN) {
      F32.set(src.subarray(start, start + n));
      SIMD!.promote(o * 8, STAGE_AT * 4, n);
    } else if (stride === 1) loadF32(src, start, n, o);
    else loadF32s(src, start, stride, n, o);
  } else if (src instanceof Float64Array) {
    if (stride === 1 && n >= SHORT) WS.set(src.subarray(start, start + n), o);
    else loadF64s(src, start, stride, n, o);
  } else loadAny(src, start, stride, n, o);
}

function loadF32(src: Float32Array, start: number, n: number, o: number): void {
  for (let i = 0; i < n; i++) WS[(o + i) | 0] = src[(start + i) | 0]!;
}
function loadF32s(src: Float32Array, start: number, stride: number, n: number, o: number): void {
  for (let i = 0; i < n; i++) WS[(o + i) | 0] = src[(start + i * stride) | 0]!;
}
function loadF64s(src: Float64Array, start: number, stride: number, n: number, o: number): void {
  for (let i = 0; i < n; i++) WS[(o + i) | 0] = src[(start + i * stride) | 0]!;
}
function loadAny(src: TypedArray, start: number, stride: number, n: number, o: number): void {
  for (let i = 0; i < n; i++) WS[o + i] = src[start + i * stride]!;
}

/**
 * `dst[at + i] = WS[o + i]` for i < len, converted as storing into `dst`'s element type does
 * (float32 rounding, C-cast wrap for integers); `bool` stores `v !== 0`.
 */
export function wsStore(dst: TypedArray, at: number, o: number, len: number, bool: boolean): void {
  if (dst instanceof Float32Array) {
    if (useSimd && len >= SHORT && len <= STAGE_LEN) {
      SIMD!.demote(STAGE_AT * 4, o * 8, len);
      dst.set(F32.subarray(0, len), at);
    } else storeF32(dst, at, o, len);
  } else if (dst instanceof Float64Array) {
    if (len >= SHORT) dst.set(WS.subarray(o, o + len), at);
    else storeF64(dst, at, o, len);
  } else if (bool) for (let i = 0; i < len; i++) dst[at + i] = WS[o + i] !== 0 ? 1 : 0;
  else for (let i = 0; i < len; i++) dst[at + i] = WS[o + i]!;
}

function storeF32(dst: Float32Array, at: number, o: number, len: number): void {
  for (let i = 0; i < len; i++) dst[(at + i) | 0] = WS[(o + i) | 0]!;
}
function storeF64(dst: Float64Array, at: number, o: number, len: number): void {
  for (let i = 0; i < len; i++) dst[(at + i) | 0] = WS[(o + i) | 0]!;
}

/** `WS[to .. to+len) = WS[from .. from+len)` (non-overlapping). */
export function wsCopy(from: number, to: number, len: number): void {
  WS.copyWithin(to, from, from + len);
}

/** `WS[o .. o+len) = v`. */
export function wsFill(v: number, o: number, len: number): void {
  WS.fill(v, o, o + len);
}

/**
 * Apply the current kernel (see `setKernel`) to `len` outputs at `WS[d..]`: tap t (0-based)
 * reads `WS[c + (t - h)·s + j]`, h = fs // 2.
 */
export function applyKernel(d: number, c: number, s: number, len: number): void {
  const w = kw, fs = w.length, h = fs >> 1;
  if (useSimd) {
    const k = SIMD!;
    if (kSym > 0) k.sym(d * 8, c * 8, s * 8, W_AT * 8, h, len);
    else if (kSym < 0) k.anti(d * 8, c * 8, s * 8, W_AT * 8, h, len);
    else k.general(d * 8, c * 8, s * 8, W_AT * 8, fs, h, len);
    return;
  }
  applyScalar(WS, d, c, s, w, kSym, len);
}
