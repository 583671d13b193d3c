/**
 * WebAssembly SIMD for the commonest fused elementwise expressions: `+ - * /` on float32 or
 * float64 arrays and numbers, every node and leaf of one float dtype, and a comparison of two
 * such float32 operands at the root (`exprEval.ts` evaluates everything else, and everything
 * when this runtime has no WebAssembly SIMD).
 *
 * Per run (≤ `RUN` elements) the leaves are copied into slots of this thread's module memory, each
 * node runs one kernel over whole vectors (f32x4 / f64x2) into its own slot, and the root's slot
 * is copied out. The kernels apply exactly the IEEE operation of the dtype: for float32, one
 * single-precision `+ - * /` gives the same bits as the JavaScript loops, which compute in double
 * and round to single (double rounding is harmless for these operations when 53 ≥ 2 × 24 + 2),
 * so both paths and NumPy agree bit for bit.
 *
 * Kernels are `op_kind(a, b, out, bytes)` with byte addresses: `kind` `aa` (two slots), `an`
 * (a slot and a number stored in memory, splatted), `na` (the number first). A slot is `RUN`
 * float64s plus 64 bytes of slack, so a run is rounded up to whole vectors (a comparison: whole
 * groups of 16) inside its slots; the copy out takes only the run. Comparisons follow IEEE as
 * JavaScript does: NaN compares false, except `ne`; -0 equals 0.
 *
 * Measured: see `bench/elementwise.ts` (README, chunked arithmetic).
 *
 * State (per thread): the module, its memory views, assembled at the first expression that fits.
 */
import { I32, instantiate, op, V128, type WasmFunction } from '../core/ndimage/wasmModule.ts';
import type { TypedArray } from '../ndarray/dtype.ts';
import type { BinaryOp, Expr } from './exprEval.ts';

/** Most elements evaluated at once (`exprEval.ts` walks blocks in runs of it): every node's run fits in cache. */
export const RUN = 4096;
/** A run of float64s plus the slack a comparison reads past it (15 float32s, rounded to a vector). */
const SLOT_BYTES = RUN * 8 + 64;
/** Slots the memory holds: leaves, numbers and nodes of one expression together. */
const SLOTS = 60;
const PAGES = Math.ceil((SLOTS * SLOT_BYTES) / 65536);

const ARITH: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div'];
const COMPARE: readonly BinaryOp[] = ['lt', 'le', 'gt', 'ge', 'eq', 'ne'];
const F32_COMPARE = { lt: op.f32x4Lt, le: op.f32x4Le, gt: op.f32x4Gt, ge: op.f32x4Ge, eq: op.f32x4Eq, ne: op.f32x4Ne } as const;
const KINDS = ['aa', 'an', 'na'] as const;
type Kind = (typeof KINDS)[number];

const { get, set, i32, add, geS, brIf, block, loop, end, br, v128Load, v128Store, v128Load32Splat, v128Load64Splat } = op;
const VECTOR_OP = {
  float32: { add: op.f32x4Add, sub: op.f32x4Sub, mul: op.f32x4Mul, div: op.f32x4Div, splat: v128Load32Splat() },
  float64: { add: op.f64x2Add, sub: op.f64x2Sub, mul: op.f64x2Mul, div: op.f64x2Div, splat: v128Load64Splat() },
} as const;

/** `out[i] = a[i] ∘ b[i]` over `bytes` (a multiple of 16), with `a` or `b` splatted from memory for `an` / `na`. */
function kernel(dtype: 'float32' | 'float64', o: BinaryOp, kind: Kind): WasmFunction {
  const [pa, pb, po, bytes, i, va, vb] = [0, 1, 2, 3, 4, 5, 6];
  const ops = VECTOR_OP[dtype];
  const operand = (p: number, splat: boolean, v: number) => (splat ? [get(v)] : [get(p), get(i), add, v128Load()]);
  return {
    name: `${dtype}_${o}_${kind}`, params: 4, locals: [I32, V128, V128],
    body: [
      ...(kind === 'na' ? [get(pa), ops.splat, set(va)] : []),
      ...(kind === 'an' ? [get(pb), ops.splat, set(vb)] : []),
      i32(0), set(i),
      block, loop,
      get(i), get(bytes), geS, brIf(1),
      get(po), get(i), add,
      ...operand(pa, kind === 'na', va),
      ...operand(pb, kind === 'an', vb),
      ops[o as 'add'],
      v128Store(),
      get(i), i32(16), add, set(i),
      br(0),
      end, end,
    ],
  };
}

/**
 * `out[i] = a[i] ∘ b[i] ? 1 : 0` for float32 operands into bytes, 16 per iteration: four lane
 * masks narrowed to one vector of bytes, then 1 where the mask is set. `bytes` counts the input
 * (a multiple of 64: up to 15 elements are read past the run, and as many bytes written).
 */
function compareKernel(o: BinaryOp, kind: Kind): WasmFunction {
  const [pa, pb, po, bytes, i, j, va, vb] = [0, 1, 2, 3, 4, 5, 6, 7];
  const mask = (at: number) => [
    ...(kind === 'na' ? [get(va)] : [get(pa), get(i), add, v128Load(at)]),
    ...(kind === 'an' ? [get(vb)] : [get(pb), get(i), add, v128Load(at)]),
    F32_COMPARE[o as keyof typeof F32_COMPARE],
  ];
  return {
    name: `float32_${o}_${kind}`, params: 4, locals: [I32, I32, V128, V128],
    body: [
      ...(kind === 'na' ? [get(pa), v128Load32Splat(), set(va)] : []),
      ...(kind === 'an' ? [get(pb), v128Load32Splat(), set(vb)] : []),
      i32(0), set(i), i32(0), set(j),
      block, loop,
      get(i), get(bytes), geS, brIf(1),
      get(po), get(j), add,
      ...mask(0), ...mask(16), op.i16x8NarrowI32x4S,
      ...mask(32), ...mask(48), op.i16x8NarrowI32x4S,
      op.i8x16NarrowI16x8S,
      op.v128Const(0x0101010101010101n, 0x0101010101010101n), op.v128And,
      v128Store(),
      get(i), i32(64), add, set(i),
      get(j), i32(16), add, set(j),
      br(0),
      end, end,
    ],
  };
}

type Kernel = (a: number, b: number, out: number, bytes: number) => void;
interface Module { f32: Float32Array; f64: Float64Array; u8: Uint8Array; kernels: Map<string, Kernel> }
let module: Module | null | undefined;
let enabled = true;

/** Use the SIMD kernels when the runtime has them (`on`), or never (tests compare both paths); returns whether they are used. */
export function setExprSimd(on: boolean): boolean {
  enabled = on;
  return on && load() !== null;
}

function load(): Module | null {
  if (module !== undefined) return module;
  const funcs = [
    ...(['float32', 'float64'] as const).flatMap((d) => ARITH.flatMap((o) => KINDS.map((k) => kernel(d, o, k)))),
    ...COMPARE.flatMap((o) => KINDS.map((k) => compareKernel(o, k))),
  ];
  const inst = instantiate(funcs, PAGES);
  module = inst === undefined ? null : {
    f32: new Float32Array(inst.buffer), f64: new Float64Array(inst.buffer), u8: new Uint8Array(inst.buffer),
    kernels: new Map(funcs.map((f) => [f.name, inst.exports[f.name] as Kernel])),
  };
  return module;
}

/** Where a node's values for the current run are: `arr` from `off` on (a leaf's, the root's). */
export interface Slot { arr: TypedArray; off: number }

/** One step of a plan: a kernel over two operands (slot byte addresses) into a slot. */
interface Step { kernel: Kernel; a: number; b: number; out: number }

/**
 * A function evaluating `expr` run by run with the SIMD kernels — given the leaves' slots (their
 * `off` moved run by run), into `dst` at its `off` — or undefined when the expression does not fit
 * (another operator, a comparison not at the root or not of float32, mixed dtypes, more slots than
 * the memory has) or this runtime has no WebAssembly SIMD.
 */
export function simdPlan(expr: Expr, leaves: readonly Slot[], dst: Slot): ((n: number) => Slot) | undefined {
  if (!enabled || expr.kind !== 'binary') return undefined;
  // A float32 comparison at the root: its operands are planned as float32 arithmetic.
  const compare = expr.dtype === 'bool' && COMPARE.includes(expr.op) && expr.a.dtype === 'float32' && expr.b.dtype === 'float32';
  const dtype = compare ? 'float32' : expr.dtype;
  if (dtype !== 'float32' && dtype !== 'float64') return undefined;
  const Ctor = dtype === 'float32' ? Float32Array : Float64Array;
  if (!(dst.arr instanceof (compare ? Uint8Array : Ctor)) || leaves.some((l) => !(l.arr instanceof Ctor))) return undefined;
  const fits = (e: Expr): boolean => e.dtype === dtype && (e.kind === 'leaf' || e.kind === 'scalar' || (e.kind === 'binary' && ARITH.includes(e.op) && fits(e.a) && fits(e.b)));
  if (compare ? !(fits(expr.a) && fits(expr.b)) : !fits(expr)) return undefined;
  const m = load();
  if (m === null) return undefined;
  const view = dtype === 'float32' ? m.f32 : m.f64;
  const bpe = view.BYTES_PER_ELEMENT;
  let next = 0;
  const slot = (): number | undefined => (next < SLOTS ? next++ * SLOT_BYTES : undefined);
  const leafAt = new Map<number, number>();
  const steps: Step[] = [];
  /** The operand of `e`: a slot address, and whether it holds one number (to splat). */
  const place = (e: Expr): { at: number; number: boolean } | undefined => {
    if (e.kind === 'leaf') {
      let at = leafAt.get(e.index);
      if (at === undefined) {
        const s = slot();
        if (s === undefined || leaves[e.index] === undefined) return undefined;
        leafAt.set(e.index, (at = s));
      }
      return { at, number: false };
    }
    const s = slot();
    if (s === undefined) return undefined;
    if (e.kind === 'scalar') {
      view[s / bpe] = e.value;
      return { at: s, number: true };
    }
    if (e.kind !== 'binary') return undefined;
    const a = place(e.a), b = place(e.b);
    if (a === undefined || b === undefined) return undefined;
    if (a.number && b.number) {
      // A comparison of two numbers is left to the JavaScript path.
      if (e === expr && compare) return undefined;
      // Both numbers: the node is one number too, rounded to the dtype as the kernels would.
      const x = view[a.at / bpe]!, y = view[b.at / bpe]!;
      view[s / bpe] = e.op === 'add' ? x + y : e.op === 'sub' ? x - y : e.op === 'mul' ? x * y : x / y;
      return { at: s, number: true };
    }
    const kind: Kind = a.number ? 'na' : b.number ? 'an' : 'aa';
    steps.push({ kernel: m.kernels.get(`${dtype}_${e.op}_${kind}`)!, a: a.at, b: b.at, out: s });
    return { at: s, number: false };
  };
  const root = place(expr);
  if (root === undefined || root.number) return undefined;
  const copies = [...leafAt].map(([index, at]) => ({ leaf: leaves[index]!, at: at / bpe }));
  // The root's values: bytes for a comparison, else the dtype's; a comparison reads whole groups of 16.
  const [outView, out] = compare ? [m.u8, root.at] : [view, root.at / bpe];
  const last = steps.length - 1;
  return (n) => {
    for (const { leaf, at } of copies) view.set(leaf.arr.subarray(leaf.off, leaf.off + n) as Float64Array, at);
    const bytes = Math.ceil((n * bpe) / 16) * 16;
    for (let k = 0; k < last; k++) steps[k]!.kernel(steps[k]!.a, steps[k]!.b, steps[k]!.out, bytes);
    const top = steps[last]!;
    top.kernel(top.a, top.b, top.out, compare ? Math.ceil(n / 16) * 64 : bytes);
    dst.arr.set(outView.subarray(out, out + n), dst.off);
    return dst;
  };
}
