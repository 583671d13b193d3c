/**
 * Elementwise arithmetic and comparisons on chunked arrays, fused per block.
 *
 * `add`, `sub`, `mul`, `div`, the comparisons `lt`, `le`, `gt`, `ge`, `eq`, `ne`, `where`, `clip`
 * and `astype` take chunked arrays of one shape (grids unified by `unify.ts`) and numbers. They
 * build an expression, not tasks: an array made by one of them remembers its expression and its
 * leaf arrays, and the next elementwise op extends that expression, so `a.sub(b).mul(2).gt(0)`
 * is one `evalExpr` task per block over the blocks of `a` and `b` (Dask fuses its blockwise
 * layers the same way).
 *
 * dtypes follow NumPy 2's promotion (NEP 50): arrays promote by their dtypes (`promote`);
 * a number is "weak": with an integer array an integer number keeps the array's dtype (an error
 * when it does not fit, as NumPy's OverflowError — except in a comparison, which NumPy 2 makes
 * exactly), a fractional number gives float64; `bool - bool` is a TypeError as in NumPy; with a
 * float array it keeps the float dtype; numbers with no array beside them are int32 (NumPy's
 * int64, which dusk has not) or float64. `div` is true division (integers give float64);
 * comparisons give bool; `where` promotes its two branches (its condition only counts as true or
 * false, NaN true) and `clip` its input with the bounds; `astype` is NumPy's unsafe cast
 * (typed-array conversion: truncation toward zero, integers wrap). Integer results wrap at each
 * step as NumPy's do (each node's values are stored in its dtype; evaluation: `exprEval.ts`).
 */
import { delayed } from 'dusk-graph';
import { dtypeRange, isFloat, requireDType, type DType } from '../ndarray/dtype.ts';
import type { NDArray } from '../ndarray/ndarray.ts';
import { isChunked } from './brand.ts';
import type { ChunkedArray } from './chunked.ts';
import { exprKernels, type BinaryOp, type Expr } from './exprEval.ts';
import { unifyChunks } from './unify.ts';

const COMPARE = new Set<string>(['lt', 'le', 'gt', 'ge', 'eq', 'ne']);

export interface Fused { expr: Expr; leaves: ChunkedArray[] }

const RANK: DType[] = ['bool', 'uint8', 'int16', 'uint16', 'int32', 'float32', 'float64'];

/** NumPy's promotion of two array dtypes (without int64: uint16 with int16 is int32, int32 with float32 float64). */
export function promote(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === 'bool') return b;
  if (b === 'bool') return a;
  const fa = isFloat(a), fb = isFloat(b);
  if (fa && fb) return 'float64';
  if (fa || fb) {
    const [f, i] = fa ? [a, b] : [b, a];
    return f === 'float64' || i === 'int32' ? 'float64' : 'float32';
  }
  const pair = new Set([a, b]);
  if (pair.has('int32')) return 'int32';
  if (pair.has('uint16') && pair.has('int16')) return 'int32';
  if (pair.has('uint8') && pair.has('int16')) return 'int16';
  return RANK.indexOf(a) > RANK.indexOf(b) ? a : b;
}

type Operand = ChunkedArray | number;

/**
 * The dtype of a number next to array dtype `like`, or next to no array (NEP 50 weak scalars).
 * An integer outside `like`'s range is an error, except in a comparison (`compare`), where NumPy 2
 * compares it exactly: it stays float64 there.
 */
function scalarDType(where: string, v: number, like: DType | undefined, compare = false): DType {
  if (like !== undefined && isFloat(like)) return like;
  if (!Number.isInteger(v)) return 'float64';
  const [lo, hi] = like === undefined || like === 'bool' ? dtypeRange('int32') : dtypeRange(like);
  if (v < lo || v > hi) {
    if (compare) return 'float64';
    throw new RangeError(like === undefined
      ? `${where}: the integer ${v} does not fit int32 (range ${lo} to ${hi}), the dtype of integers with no array beside them; pass it as a fractional number or an array`
      : `${where}: the number ${v} does not fit the array's dtype ${like} (range ${lo} to ${hi}); cast the array first with astype`);
  }
  return like === undefined || like === 'bool' ? 'int32' : like;
}

interface Build { leaves: ChunkedArray[]; nodes: Expr[] }

/**
 * Expressions for `operands` over one set of leaves (fused inputs contribute their expressions).
 * Numbers take their dtype from the arrays among the operands `valued` (default: all) — `where`'s
 * condition only decides, so it does not count; a number outside `valued` keeps its value (float64).
 */
function build(where: string, operands: readonly Operand[], valued: (i: number) => boolean = () => true, compare = false): Build {
  const bad = operands.findIndex((x) => !isChunked(x) && typeof x !== 'number');
  if (bad >= 0) throw new TypeError(`${where}: argument ${bad} must be a ChunkedArray or a number, received ${typeof operands[bad]}`);
  const arrays = operands.filter(isChunked);
  if (!arrays.length) throw new TypeError(`${where}: needs at least one ChunkedArray`);
  const leaves: ChunkedArray[] = [];
  const leafOf = (a: ChunkedArray): number => {
    const k = leaves.indexOf(a);
    return k >= 0 ? k : leaves.push(a) - 1;
  };
  const shift = (e: Expr, map: number[]): Expr => {
    switch (e.kind) {
      case 'leaf': return { ...e, index: map[e.index]! };
      case 'scalar': return e;
      case 'binary': return { ...e, a: shift(e.a, map), b: shift(e.b, map) };
      case 'where': return { ...e, cond: shift(e.cond, map), a: shift(e.a, map), b: shift(e.b, map) };
      case 'clip': return { ...e, x: shift(e.x, map), lo: shift(e.lo, map), hi: shift(e.hi, map) };
      case 'cast': return { ...e, x: shift(e.x, map) };
    }
  };
  const valuedDTypes = operands.filter((x, i) => valued(i) && isChunked(x)).map((a) => (a as ChunkedArray).dtype);
  const arrayDType = valuedDTypes.length ? valuedDTypes.reduce(promote) : undefined;
  const nodes = operands.map((x, i): Expr => {
    if (typeof x === 'number') return { kind: 'scalar', value: x, dtype: valued(i) ? scalarDType(where, x, arrayDType, compare) : 'float64' };
    if (x.fused) return shift(x.fused.expr, x.fused.leaves.map(leafOf));
    return { kind: 'leaf', index: leafOf(x), dtype: x.dtype };
  });
  return { leaves, nodes };
}

/**
 * The chunked array computing `expr` over `leaves`: one evalExpr task per block, and for
 * `compute()` into shared memory one evalExprInto task per block writing into the output.
 */
function materialize(where: string, expr: Expr, leaves: ChunkedArray[]): ChunkedArray {
  const unified = unifyChunks(where, leaves);
  const tasks = unified.map((a) => a.blockTasks());
  const grid = unified[0]!.grid;
  const starts = grid.blocks().map((b) => [...b.start]);
  const blocks = starts.map((_, k) => delayed(exprKernels.evalExpr, { name: where })(expr, tasks.map((t) => t[k]!)));
  const into = delayed(exprKernels.evalExprInto, { name: where });
  const store = (out: NDArray) => starts.map((start, k) => into(expr, tasks.map((t) => t[k]!), out, start));
  return unified[0]!.derive(grid, expr.dtype, { blocks, store }, { expr, leaves: unified });
}

function resultDType(op: BinaryOp, a: DType, b: DType): DType {
  if (COMPARE.has(op)) return 'bool';
  const p = promote(a, b);
  if (op === 'div') return isFloat(p) ? p : 'float64';
  if (p === 'bool' && op !== 'add' && op !== 'mul') return 'int32';
  return p;
}

export function binary(op: BinaryOp, x: Operand, y: Operand): ChunkedArray {
  const { leaves, nodes: [a, b] } = build(op, [x, y], undefined, COMPARE.has(op));
  if (op === 'sub' && a!.dtype === 'bool' && b!.dtype === 'bool') {
    throw new TypeError("sub: NumPy's boolean subtract is not supported (bool - bool); use ne for exclusive or, or astype to a number dtype first");
  }
  return materialize(op, { kind: 'binary', op, a: a!, b: b!, dtype: resultDType(op, a!.dtype, b!.dtype) }, leaves);
}

/** `cond ? a : b` elementwise (NumPy's `where`); the dtype is `a`'s and `b`'s promoted (not the condition's). */
export function where(cond: Operand, x: Operand, y: Operand): ChunkedArray {
  const { leaves, nodes: [c, a, b] } = build('where', [cond, x, y], (i) => i > 0);
  return materialize('where', { kind: 'where', cond: c!, a: a!, b: b!, dtype: promote(a!.dtype, b!.dtype) }, leaves);
}

/** Values limited to [lo, hi] (NumPy's `clip`); the dtype is the input's promoted with the bounds' (a uint8 array clipped to 0.5 is float64). */
export function clip(x: ChunkedArray, lo: Operand, hi: Operand): ChunkedArray {
  const { leaves, nodes: [e, l, h] } = build('clip', [x, lo, hi]);
  return materialize('clip', { kind: 'clip', x: e!, lo: l!, hi: h!, dtype: [e!, l!, h!].map((n) => n.dtype).reduce(promote) }, leaves);
}

export function astype(x: ChunkedArray, dtype: DType): ChunkedArray {
  requireDType('astype', "argument 'dtype'", dtype);
  if (x.dtype === dtype) return x;
  const { leaves, nodes: [e] } = build('astype', [x]);
  return materialize('astype', { kind: 'cast', x: e!, dtype }, leaves);
}
