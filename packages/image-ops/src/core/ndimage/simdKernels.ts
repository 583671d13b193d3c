/**
 * WebAssembly SIMD versions of the correlation kernels (`scalarKernels.ts` are the scalar ones;
 * `lineKernels.ts` drives both), assembled at load time by `wasmModule.ts` from the code below:
 * nothing binary is committed, and a runtime without WebAssembly SIMD gets `undefined` here.
 *
 * Each kernel computes `len` outputs of one tap pattern over the workspace (which lives in the
 * module's memory), eight f64x2 accumulators (16 outputs) per iteration, taps in an inner loop
 * with the weight splatted from memory (measured: 1 / 2 / 4 accumulators 2.9 / 2.2 / 1.95 ns
 * per output for 25 taps; 8 accumulators took 2048² σ=10 from 81–84 to 77–79 ms and the
 * (50, 1104, 1104) σ=3 volume from 685–707 to 669–671 ms, and nothing slower).
 * Every output gets exactly the operations of the scalar kernels
 * in the same order (IEEE f64 lanes, no fused multiply-add), so results are bit-identical:
 *
 *     pairs  acc = x[c]·w[h];  acc = acc + (x[c-k·s] ± x[c+k·s])·w[h-k]   for k = h .. 1
 *     general acc = x[c+(fs-1-h)·s]·w[fs-1];  acc = acc + x[c+(t-h)·s]·w[t]   for t = 0 .. fs-2
 *
 * The count is rounded up to a multiple of `KERNEL_GROUP` (16): up to 15 extra outputs past
 * `len` are written, and their taps read up to 15 elements past the last real ones. Callers keep
 * ≥ `KERNEL_GROUP` elements of slack after every run they hand to a kernel. Addresses and the
 * tap step `s` are in bytes.
 *
 * `promote` / `demote` convert runs between float32 and float64 (exact counts, no slack).
 */
import { I32, instantiate, op, V128, type ValType, type WasmFunction } from './wasmModule.ts';

const {
  get, set, i32, add, sub, mul, and, shl, gtS, geS, leS, ltS, block, loop, end, br, brIf,
  v128Load, v128Store, v128Load64Splat, v128Load64Zero, v128Store64Lane0, f64x2Add, f64x2Sub, f64x2Mul,
  f64x2PromoteLow, f32x4DemoteZero, f32Load, f32Store, f64Load, f64Store, f64Promote, f32Demote,
} = op;

/** Accumulators (f64x2) per iteration: 16 outputs per pass over the taps. */
const ACC = 8;
const GROUP = 2 * ACC;
/** Outputs per kernel iteration (the slack callers keep after runs). */
export const KERNEL_GROUP = GROUP;
const accs = Array.from({ length: ACC }, (_, a) => a);

/** `stop = roundUp(len, GROUP) · 8` (bytes). */
const groupStop = (len: number, stop: number) => [get(len), i32(GROUP - 1), add, i32(-GROUP), and, i32(3), shl, set(stop)];

/** `pairs(d, c, s, w, h, len)`: symmetric (`sign` 1) or antisymmetric (-1) folded taps. */
function pairs(nameOf: string, sign: 1 | -1): WasmFunction {
  const [d, c, s, w, h, len, j, stop, pl, pr, pw, wv] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const acc = (a: number) => 12 + a;
  const pm = sign > 0 ? f64x2Add : f64x2Sub;
  return {
    name: nameOf, params: 6, locals: [I32, I32, I32, I32, I32, V128, ...accs.map((): ValType => V128)],
    body: [
      ...groupStop(len, stop),
      i32(0), set(j),
      block, loop,
      get(j), get(stop), geS, brIf(1),
      // acc = x[c]·w[h]
      get(w), get(h), i32(3), shl, add, v128Load64Splat(), set(wv),
      ...accs.flatMap((a) => [get(c), get(j), add, v128Load(16 * a), get(wv), f64x2Mul, set(acc(a))]),
      get(c), get(j), add, get(h), get(s), mul, sub, set(pl),
      get(c), get(j), add, get(h), get(s), mul, add, set(pr),
      get(w), set(pw),
      // acc = acc + (x[pl] ± x[pr])·w[k], pl and pr moving inwards until they meet at c
      block, get(pr), get(pl), leS, brIf(0), loop,
      get(pw), v128Load64Splat(), set(wv),
      ...accs.flatMap((a) => [get(acc(a)), get(pl), v128Load(16 * a), get(pr), v128Load(16 * a), pm, get(wv), f64x2Mul, f64x2Add, set(acc(a))]),
      get(pl), get(s), add, set(pl),
      get(pr), get(s), sub, set(pr),
      get(pw), i32(8), add, set(pw),
      get(pr), get(pl), gtS, brIf(0),
      end, end,
      ...accs.flatMap((a) => [get(d), get(j), add, get(acc(a)), v128Store(16 * a)]),
      get(j), i32(16 * ACC), add, set(j),
      br(0),
      end, end,
    ],
  };
}

/** `general(d, c, s, w, fs, h, len)`: any kernel, last tap first, then taps 0 .. fs-2. */
function general(): WasmFunction {
  const [d, c, s, w, fs, h, len, j, stop, p, pw, wEnd, wv] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const acc = (a: number) => 13 + a;
  return {
    name: 'general', params: 7, locals: [I32, I32, I32, I32, I32, V128, ...accs.map((): ValType => V128)],
    body: [
      ...groupStop(len, stop),
      get(w), get(fs), i32(1), sub, i32(3), shl, add, set(wEnd),
      i32(0), set(j),
      block, loop,
      get(j), get(stop), geS, brIf(1),
      // acc = x[c + (fs-1-h)·s]·w[fs-1]: the last tap
      get(wEnd), v128Load64Splat(), set(wv),
      get(c), get(j), add, get(fs), i32(1), sub, get(h), sub, get(s), mul, add, set(p),
      ...accs.flatMap((a) => [get(p), v128Load(16 * a), get(wv), f64x2Mul, set(acc(a))]),
      get(c), get(j), add, get(h), get(s), mul, sub, set(p),
      get(w), set(pw),
      // acc = acc + x[p]·w[t] for t = 0 .. fs-2
      block, get(pw), get(wEnd), geS, brIf(0), loop,
      get(pw), v128Load64Splat(), set(wv),
      ...accs.flatMap((a) => [get(acc(a)), get(p), v128Load(16 * a), get(wv), f64x2Mul, f64x2Add, set(acc(a))]),
      get(p), get(s), add, set(p),
      get(pw), i32(8), add, set(pw),
      get(pw), get(wEnd), ltS, brIf(0),
      end, end,
      ...accs.flatMap((a) => [get(d), get(j), add, get(acc(a)), v128Store(16 * a)]),
      get(j), i32(16 * ACC), add, set(j),
      br(0),
      end, end,
    ],
  };
}

/** `promote(dst, src, n)`: f64 `dst[i]` = f32 `src[i]`; `demote(dst, src, n)` the reverse. */
function convert(toF64: boolean): WasmFunction {
  const [dst, src, n, i, pairsEnd] = [0, 1, 2, 3, 4];
  const [sIn, sOut] = toF64 ? [2, 3] : [3, 2]; // log2 bytes of source / destination elements
  const at = (base: number, lg: number) => [get(base), get(i), i32(lg), shl, add];
  return {
    name: toF64 ? 'promote' : 'demote', params: 3, locals: [I32, I32],
    body: [
      get(n), i32(-2), and, set(pairsEnd),
      i32(0), set(i),
      block, loop,
      get(i), get(pairsEnd), geS, brIf(1),
      ...(toF64
        ? [...at(dst, sOut), ...at(src, sIn), v128Load64Zero(), f64x2PromoteLow, v128Store()]
        : [...at(dst, sOut), ...at(src, sIn), v128Load(), f32x4DemoteZero, v128Store64Lane0()]),
      get(i), i32(2), add, set(i),
      br(0),
      end, end,
      block, get(i), get(n), geS, brIf(0),
      ...(toF64
        ? [...at(dst, sOut), ...at(src, sIn), f32Load(), f64Promote, f64Store()]
        : [...at(dst, sOut), ...at(src, sIn), f64Load(), f32Demote, f32Store()]),
      end,
    ],
  };
}

export interface SimdKernels {
  buffer: ArrayBuffer;
  sym(d: number, c: number, s: number, w: number, h: number, len: number): void;
  anti(d: number, c: number, s: number, w: number, h: number, len: number): void;
  general(d: number, c: number, s: number, w: number, fs: number, h: number, len: number): void;
  promote(dst: number, src: number, n: number): void;
  demote(dst: number, src: number, n: number): void;
}

/** Instantiate the kernels over a fresh memory of ≥ `bytes`, or undefined without wasm SIMD. */
export function loadSimdKernels(bytes: number): SimdKernels | undefined {
  const inst = instantiate([pairs('sym', 1), pairs('anti', -1), general(), convert(true), convert(false)], Math.ceil(bytes / 65536));
  if (inst === undefined) return undefined; // no WebAssembly SIMD here: the JavaScript kernels run instead
  const ex = inst.exports as unknown as Omit<SimdKernels, 'buffer'>;
  return { buffer: inst.buffer, sym: ex.sym, anti: ex.anti, general: ex.general, promote: ex.promote, demote: ex.demote };
}
