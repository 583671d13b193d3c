/**
 * The elementwise evaluator (`chunked/exprEval.ts`): fused expressions evaluated run by run,
 * written straight into `compute()`'s output, over blocks and destinations of any layout. NumPy
 * parity itself is chunked-numpy.test.ts (its manifest); here, the paths a layout or a size
 * takes, checked against the same expression computed element by element in the test; and
 * reductions (`chunked/reduction.ts`) reading blocks that are views where they lie.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { collect } from 'dusk-graph';
import { Profiler } from 'dusk-scheduler';
import { chunked, NDArray, where, zeros, type ChunkedArray } from 'dusk-image-ops';
import { exprKernels, RUN, setExprSimd, type Expr } from 'dusk-image-ops/testing';
import { noise } from '../helpers/index.ts';

/** (x - y) * 2 > 0.1 ? x : clip(y, -0.5, 0.5), element by element. */
function reference(x: NDArray, y: NDArray): number[] {
  const xs = x.values(), ys = y.values();
  return Array.from(xs, (v, i) => ((v - ys[i]!) * 2 > 0.1 ? v : Math.min(Math.max(ys[i]!, -0.5), 0.5)));
}

const expression = (x: NDArray, y: NDArray, chunks: number[]) => {
  const a = chunked(x, { chunks }), b = chunked(y, { chunks });
  return where(a.sub(b).mul(2).gt(0.1), a, b.clip(-0.5, 0.5));
};

describe('elementwise expressions', () => {
  it('compute() writes each block straight into the output: one task per block, no block results stored', async () => {
    const x = noise([20, 30], 1), y = noise([20, 30], 2);
    const e = expression(x, y, [7, 11]);
    const names = collect([e as never]).graph.tasks.map((t) => t.name);
    expect(names).toHaveLength(9);
    expect(names.every((n) => n === 'where')).toBe(true);
    const prof = new Profiler({ bytes: false });
    const out = await e.compute({ scheduler: 'threads', workers: 2, callbacks: [prof] });
    expect(Array.from(out.values())).toEqual(reference(x, y));
    expect(prof.results.filter((r) => r.where === 'worker')).toHaveLength(9);
  });

  it('gives the same values through evalExpr (a block result, as mapBlocks reads it) and through the store', async () => {
    const x = noise([12, 14], 3), y = noise([12, 14], 4);
    const viaBlocks = await expression(x, y, [5, 6]).mapBlocks((b: NDArray) => b).compute({ scheduler: 'sync' });
    expect(Array.from(viaBlocks.values())).toEqual(reference(x, y));
  });

  it('reads blocks that are strided views, along the last axis too, and writes into a strided target', async () => {
    const bigX = noise([16, 40], 5), bigY = noise([16, 40], 6);
    // Every other column: no block is contiguous along its last axis.
    const x = bigX.view([null, [0, 40, 2]]), y = bigY.view([[0, 16], [1, 40, 2]]);
    const target = zeros([16, 60], { dtype: 'float64' });
    const slot = target.view([null, [10, 50, 2]]);
    for (const scheduler of ['sync', 'threads'] as const) {
      await expression(x, y, [5, 7]).store(slot, { scheduler, workers: 2 });
      expect(Array.from(slot.values())).toEqual(reference(x, y));
      // Nothing outside the slot was written.
      expect(target.view([null, [0, 10]]).values().every((v) => v === 0)).toBe(true);
      expect(target.view([null, [11, 50, 2]]).values().every((v) => v === 0)).toBe(true);
    }
  });

  it('splits lines longer than a run and joins trailing axes laid out contiguously', async () => {
    const long = noise([3, RUN * 2 + 37], 7), other = noise([3, RUN * 2 + 37], 8);
    const out = await expression(long, other, [2, RUN + 5]).compute({ scheduler: 'sync' });
    expect(Array.from(out.values())).toEqual(reference(long, other));
    const vol = noise([4, 9, 700], 9), vol2 = noise([4, 9, 700], 10);
    const out3 = await expression(vol, vol2, [3, 9, 700]).compute({ scheduler: 'threads', workers: 2 });
    expect(Array.from(out3.values())).toEqual(reference(vol, vol2));
  });

  it('keeps integer wrapping and float32 rounding at every step', async () => {
    const u = new NDArray(Uint8Array.from({ length: 300 }, (_, i) => i % 256), [300], { dtype: 'uint8' });
    const out = await chunked(u, { chunks: [70] }).add(200).mul(3).compute({ scheduler: 'sync' });
    expect(Array.from(out.values())).toEqual(Array.from(u.values(), (v) => (((v + 200) % 256) * 3) % 256));
    const f = new NDArray(Float32Array.from({ length: 50 }, (_, i) => 0.1 * i), [50], { dtype: 'float32' });
    const g = await chunked(f, { chunks: [16] }).mul(3).add(0.7).compute({ scheduler: 'sync' });
    expect(Array.from(g.values())).toEqual(Array.from(f.values(), (v) => Math.fround(Math.fround(v * Math.fround(3)) + Math.fround(0.7))));
  });

  it('compares with integers outside the dtype exactly (NumPy 2), where arithmetic with them is an error', async () => {
    const u = chunked(new NDArray(Uint8Array.from([0, 5, 255]), [3]), { chunks: 2 });
    expect(Array.from((await u.gt(-1).compute()).data)).toEqual([1, 1, 1]);
    expect(Array.from((await u.lt(256).compute()).data)).toEqual([1, 1, 1]);
    expect(Array.from((await u.eq(300).compute()).data)).toEqual([0, 0, 0]);
    expect(() => u.add(-1)).toThrow(/add: the number -1 does not fit the array's dtype uint8 \(range 0 to 255\)/);
    const b = u.gt(4);
    expect(() => b.sub(b)).toThrow(/sub: NumPy's boolean subtract is not supported/);
  });

  it('refuses an expression with an unknown operator or node kind, naming it, as a forged one would arrive', () => {
    const block = noise([4, 4], 11);
    const leaf: Expr = { kind: 'leaf', index: 0, dtype: 'float64' };
    const forged = { kind: 'binary', op: 'constructor', a: leaf, b: leaf, dtype: 'float64' } as unknown as Expr;
    expect(() => exprKernels.evalExpr(forged, [block])).toThrow(/unknown operator "constructor"/);
    expect(() => exprKernels.evalExpr({ kind: '__proto__' } as unknown as Expr, [block])).toThrow(/unknown expression node "__proto__"/);
    expect(() => exprKernels.evalExpr({ kind: 'leaf', index: 3, dtype: 'float64' }, [block])).toThrow(/leaf 3 of 1 blocks/);
  });

  it('refuses blocks of unlike shapes and an output the block does not fit in', () => {
    const leaf: Expr = { kind: 'leaf', index: 0, dtype: 'float64' };
    const sum: Expr = { kind: 'binary', op: 'add', a: leaf, b: { kind: 'leaf', index: 1, dtype: 'float64' }, dtype: 'float64' };
    expect(() => exprKernels.evalExpr(sum, [noise([4, 4]), noise([4, 5])])).toThrow(/block 1 has shape \[4, 5\], expected \[4, 4\]/);
    const out = zeros([6, 6], { dtype: 'float64' });
    expect(() => exprKernels.evalExprInto(leaf, [noise([4, 4])], out, [3, 0])).toThrow(/does not lie inside the output of shape \[6, 6\]/);
    expect(() => exprKernels.evalExprInto(leaf, [noise([4, 4])], zeros([6, 6], { dtype: 'float32' }), [0, 0])).toThrow(/dtype float64, received float32/);
  });
});

describe('reductions over blocks that are views', () => {
  it('give exactly what the same reductions of a contiguous copy give, over every axis choice', async () => {
    const big = noise([9, 12, 30], 12);
    // Every other element of the last axis, a window of the others: no block is contiguous.
    const view = big.view([[1, 8], null, [0, 30, 2]]);
    const copy = new NDArray(view.values(), view.shape, { dtype: 'float64' });
    for (const axis of [undefined, 0, 1, 2, [0, 2], [1, 2]] as const) {
      for (const kind of ['sum', 'mean', 'min', 'max', 'var'] as const) {
        const arg = axis === undefined ? undefined : { axis };
        const got = await chunked(view, { chunks: [3, 5, 4] })[kind](arg).compute({ scheduler: 'sync' });
        const want = await chunked(copy, { chunks: [3, 5, 4] })[kind](arg).compute({ scheduler: 'sync' });
        expect(Array.from(got.values()), `${kind} over ${JSON.stringify(axis)}`).toEqual(Array.from(want.values()));
      }
    }
  });
});

describe('the WebAssembly SIMD path of float arithmetic', () => {
  afterEach(() => setExprSimd(true));

  /** Values with NaN, ±Infinity, ±0 and tiny and huge magnitudes among random ones. */
  function awkward(n: number, seed: number, dtype: 'float32' | 'float64'): NDArray {
    const r = noise([n], seed).values();
    const special = [NaN, Infinity, -Infinity, 0, -0, 1e-30, -3e30, 1.5];
    const data = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = i % 17 === 3 ? special[i % special.length]! : (r[i]! - 0.5) * 1e3;
    return new NDArray(data, [n], { dtype });
  }

  it('gives the same bits as the JavaScript loops, for float32 and float64, tails, numbers and comparisons included', async () => {
    expect(setExprSimd(true)).toBe(true);
    const n = RUN + 4099; // two runs, the second not a whole number of vectors
    for (const dtype of ['float32', 'float64'] as const) {
      const x = awkward(n, 21, dtype), y = awkward(n, 22, dtype);
      type C = ChunkedArray;
      const exprs: ((a: C, b: C) => C)[] = [
        (a) => a.mul(2).add(1),
        (a, b) => a.sub(b).div(b),
        (a) => a.mul(-1).add(3),
        (a, b) => a.add(b).mul(a.sub(b)).div(b.mul(b)),
        (a) => a.div(0).sub(a),
        (a) => a.sub(a),
        // comparisons (SIMD for float32 operands): NaN compares false except `ne`, -0 equals 0
        (a, b) => a.gt(b),
        (a) => a.le(0),
        (a) => a.ne(a),
        (a, b) => a.sub(b).lt(0.5),
        (a) => a.eq(0),
        (a, b) => a.mul(2).ge(b),
      ];
      for (const [k, f] of exprs.entries()) {
        const build = () => f(chunked(x, { chunks: [RUN + 1000] }), chunked(y, { chunks: [RUN + 1000] }));
        setExprSimd(true);
        const simd = await build().compute({ scheduler: 'sync' });
        setExprSimd(false);
        const js = await build().compute({ scheduler: 'sync' });
        const bits = (a: NDArray) => new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength);
        const s = bits(simd), j = bits(js);
        expect(s.findIndex((v, i) => v !== j[i]), `${dtype} expression ${k}: first differing byte`).toBe(-1);
      }
    }
  });

  it('rounds every float32 step to single precision, as NumPy does', async () => {
    const x = new NDArray(Float32Array.from({ length: 37 }, (_, i) => 0.1 * i + 1e-3), [37], { dtype: 'float32' });
    const out = await chunked(x, { chunks: [10] }).mul(3).add(0.7).div(1.3).compute({ scheduler: 'sync' });
    const f = Math.fround;
    expect(Array.from(out.values())).toEqual(Array.from(x.values(), (v) => f(f(f(v * f(3)) + f(0.7)) / f(1.3))));
  });
});
