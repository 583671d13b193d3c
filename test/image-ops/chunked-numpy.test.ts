/**
 * The chunked-array basics against NumPy: every case of test/fixtures/chunked/manifest.json
 * (made by make_chunked_fixtures.py with NumPy) is evaluated with ChunkedArray methods on inputs
 * cut into unlike grids, and must equal NumPy's result: exactly for integers, bools, min/max,
 * slicing and joining; to rounding for float sums, means and variances (dusk combines float64
 * partials; NumPy sums pairwise in the input's precision).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import 'dusk-scheduler';
import { chunked, concatenate, io, stack, where, type ChunkedArray, type DType, type NDArray, type ReduceOptions, type ChunkSlice } from 'dusk-image-ops';

/** Another seed's fixtures: `make_chunked_fixtures.py DIR SEED`, then DUSK_CHUNKED_FIXTURES=DIR. */
const FIXTURES = process.env.DUSK_CHUNKED_FIXTURES ?? join(import.meta.dirname, '../fixtures/chunked');
type Expr = { in: string } | { num: number } | { op: string; args: Expr[]; axis?: number | number[]; keepdims?: boolean; ddof?: number; dtype?: DType; slices?: ChunkSlice[] };
const manifest = JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8')) as { cases: { name: string; expr: Expr; dtype: string; shape: number[] }[] };

/** Unlike grids per input, so that every binary case unifies chunks. */
const CHUNKS: Record<string, (number | number[])[]> = {
  a: [5, 7], b: [[4, 9], [6, 11]], z: [[5, 8], 6], u: [4, 6], w: [[13], [8, 9]], i: [[2, 11], 5], k: [6, 6], f: [4, 5, 6], g: [[9], [3, 7], 4],
};
const inputs = new Map<string, ChunkedArray>();
const input = (name: string) => {
  if (!inputs.has(name)) inputs.set(name, chunked(io.readNpy(join(FIXTURES, `in-${name}.npy`)), { chunks: CHUNKS[name]! }));
  return inputs.get(name)!;
};

function evaluate(e: Expr): ChunkedArray | number {
  if ('in' in e) return input(e.in);
  if ('num' in e) return e.num;
  const args = e.args.map(evaluate);
  const [x, y] = args;
  const arr = (v: ChunkedArray | number | undefined) => v as ChunkedArray;
  switch (e.op) {
    case 'add': case 'sub': case 'mul': case 'div': case 'lt': case 'le': case 'gt': case 'ge': case 'eq': case 'ne': {
      if (typeof x === 'number') {
        // a number on the left: NumPy's reflected operators
        const flipped = { lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' } as Record<string, string>;
        if (e.op === 'sub') return arr(y).mul(-1).add(x);
        if (e.op === 'div') throw new Error('no reflected div case');
        return (arr(y) as unknown as Record<string, (o: number) => ChunkedArray>)[flipped[e.op] ?? e.op]!(x);
      }
      return (arr(x) as unknown as Record<string, (o: ChunkedArray | number) => ChunkedArray>)[e.op]!(y!);
    }
    case 'where': return where(x!, y!, args[2]!);
    case 'clip': return arr(x).clip(y!, args[2]!);
    case 'astype': return arr(x).astype(e.dtype!);
    case 'sum': case 'mean': case 'min': case 'max': case 'var': case 'std': {
      const o: ReduceOptions = { keepdims: e.keepdims ?? false, splitEvery: 2, ...(e.axis === undefined ? {} : { axis: e.axis }), ...(e.ddof ? { ddof: e.ddof } : {}) };
      return arr(x)[e.op](o);
    }
    case 'view': return arr(x).view(e.slices!);
    case 'concatenate': return concatenate(args as ChunkedArray[], e.axis as number);
    case 'stack': return stack(args as ChunkedArray[], e.axis as number);
  }
  throw new Error(`unknown op ${e.op}`);
}

/** NumPy's int64/uint64 sums are float64 in dusk (no 64-bit integers). */
const duskDType = (d: string) => (d === 'int64' || d === 'uint64' ? 'float64' : d);

function maxRelDiff(got: NDArray, want: NDArray): number {
  const g = got.values(), w = want.values();
  let m = 0;
  for (let i = 0; i < g.length; i++) {
    const a = g[i]!, b = w[i]!;
    if (a === b || (Number.isNaN(a) && Number.isNaN(b))) continue; // equal, ±∞ included
    m = Math.max(m, Math.abs(a - b) / Math.max(1, Math.abs(b)));
  }
  return m;
}

describe('chunked arrays equal NumPy', () => {
  for (const c of manifest.cases) {
    it(`${c.name}: ${c.dtype} [${c.shape.join(', ')}]`, async () => {
      const r = evaluate(c.expr) as ChunkedArray;
      expect(r.dtype).toBe(duskDType(c.dtype));
      expect(r.shape).toEqual(c.shape);
      const got = await r.compute();
      const want = io.readNpy(join(FIXTURES, `out-${c.name}.npy`));
      const rounding = /^(sum|mean|var|std)-/.test(c.name) || c.name.startsWith('div-f') || c.name.startsWith('mul-f');
      if (!rounding || !/float/.test(c.dtype)) expect(got.toArray()).toEqual(want.toArray());
      else expect(maxRelDiff(got, want)).toBeLessThan(c.dtype === 'float32' ? 2e-6 : 1e-12);
    });
  }
});
