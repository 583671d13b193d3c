/**
 * The JavaScript loops of the elementwise evaluator (`exprEval.ts`): per operator, one loop per
 * operand kind — array ⊕ array, array ⊕ number, number ⊕ array — over `n` elements from given
 * offsets, so no element pays for a kind test or a call, and each loop's element accesses see only
 * the dtypes that reach that operator. Comparisons write 1 or 0.
 *
 * An operator outside the known ones is a TypeError naming it (the expression arrives over the
 * wire), never a lookup that could reach something else.
 */
import type { DType, TypedArray } from '../ndarray/dtype.ts';
import type { BinaryOp } from './exprEval.ts';

type A = TypedArray;

/** The three loops of one operator (array ⊕ array, array ⊕ number, number ⊕ array) and its value on two numbers. */
export interface Loops {
  aa(a: A, ai: number, b: A, bi: number, o: A, oi: number, n: number): void;
  an(a: A, ai: number, b: number, o: A, oi: number, n: number): void;
  na(a: number, b: A, bi: number, o: A, oi: number, n: number): void;
  nn(a: number, b: number): number;
}

const ADD: Loops = {
  aa: (a, ai, b, bi, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! + b[bi + i]!; },
  an: (a, ai, b, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! + b; },
  na: (a, b, bi, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a + b[bi + i]!; },
  nn: (a, b) => a + b,
};
const SUB: Loops = {
  aa: (a, ai, b, bi, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! - b[bi + i]!; },
  an: (a, ai, b, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! - b; },
  na: (a, b, bi, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a - b[bi + i]!; },
  nn: (a, b) => a - b,
};
const MUL: Loops = {
  aa: (a, ai, b, bi, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! * b[bi + i]!; },
  an: (a, ai, b, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! * b; },
  na: (a, b, bi, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a * b[bi + i]!; },
  nn: (a, b) => a * b,
};
/**
 * int32 × int32: the exact product can pass 2^53, where a double's rounding changes the low bits
 * that wrapping keeps (NumPy wraps the exact product); `Math.imul` is that product modulo 2^32.
 * Only int32 results can get there: any other integer product fits in 2^47.
 */
const IMUL: Loops = {
  aa: (a, ai, b, bi, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = Math.imul(a[ai + i]!, b[bi + i]!); },
  an: (a, ai, b, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = Math.imul(a[ai + i]!, b); },
  na: (a, b, bi, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = Math.imul(a, b[bi + i]!); },
  nn: (a, b) => Math.imul(a, b),
};
const DIV: Loops = {
  aa: (a, ai, b, bi, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! / b[bi + i]!; },
  an: (a, ai, b, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! / b; },
  na: (a, b, bi, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a / b[bi + i]!; },
  nn: (a, b) => a / b,
};
const LT: Loops = {
  aa: (a, ai, b, bi, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! < b[bi + i]! ? 1 : 0; },
  an: (a, ai, b, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! < b ? 1 : 0; },
  na: (a, b, bi, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a < b[bi + i]! ? 1 : 0; },
  nn: (a, b) => (a < b ? 1 : 0),
};
const LE: Loops = {
  aa: (a, ai, b, bi, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! <= b[bi + i]! ? 1 : 0; },
  an: (a, ai, b, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! <= b ? 1 : 0; },
  na: (a, b, bi, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a <= b[bi + i]! ? 1 : 0; },
  nn: (a, b) => (a <= b ? 1 : 0),
};
const EQ: Loops = {
  aa: (a, ai, b, bi, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! === b[bi + i]! ? 1 : 0; },
  an: (a, ai, b, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! === b ? 1 : 0; },
  na: (a, b, bi, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a === b[bi + i]! ? 1 : 0; },
  nn: (a, b) => (a === b ? 1 : 0),
};
const NE: Loops = {
  aa: (a, ai, b, bi, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! !== b[bi + i]! ? 1 : 0; },
  an: (a, ai, b, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! !== b ? 1 : 0; },
  na: (a, b, bi, o, oi, n) => { for (let i = 0; i < n; i++) o[oi + i] = a !== b[bi + i]! ? 1 : 0; },
  nn: (a, b) => (a !== b ? 1 : 0),
};

/** The loops of `op` giving `dtype`; `gt`/`ge` are `lt`/`le` with the operands swapped (`swap`). */
export function loopsOf(op: BinaryOp, dtype: DType): { loops: Loops; swap: boolean } {
  switch (op) {
    case 'add': return { loops: ADD, swap: false };
    case 'sub': return { loops: SUB, swap: false };
    case 'mul': return { loops: dtype === 'int32' ? IMUL : MUL, swap: false };
    case 'div': return { loops: DIV, swap: false };
    case 'lt': return { loops: LT, swap: false };
    case 'le': return { loops: LE, swap: false };
    case 'gt': return { loops: LT, swap: true };
    case 'ge': return { loops: LE, swap: true };
    case 'eq': return { loops: EQ, swap: false };
    case 'ne': return { loops: NE, swap: false };
    default: throw new TypeError(`evalExpr: unknown operator ${JSON.stringify(op)} (expected add, sub, mul, div, lt, le, gt, ge, eq or ne)`);
  }
}
