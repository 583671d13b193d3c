/**
 * The array basics beyond NumPy's numbers (those are in chunked-numpy.test.ts): rechunk reads only
 * the blocks it needs, elementwise chains fuse into one task per block, reductions are trees, and
 * bad arguments are errors that name them.
 */
import { describe, expect, it } from 'vitest';
import { collect } from 'dusk-graph';
import 'dusk-scheduler';
import { arange, chunked, concatenate, NDArray, stack, where, zeros } from 'dusk-image-ops';
import { maxAbsDiff, noise } from '../helpers/index.ts';

/** Task-graph dependencies of each block task of `c`, as built (no optimization). */
function depsPerBlock(c: ReturnType<typeof chunked>): number[] {
  const { graph, outputs } = collect(c.blockTasks(), { optimizeGraph: false });
  return outputs.map((id) => graph.deps(id).length);
}

describe('rechunk', () => {
  const x = noise([12, 20]);
  const blocks = chunked(x, { chunks: [6, 10] }).mapBlocks((b: NDArray) => b.copy(), { dtype: 'float64' });

  it('gives the same values on the new grid, from a source or from blocks', async () => {
    for (const c of [chunked(x, { chunks: 5 }), blocks]) {
      for (const spec of [[4, 7], 3, { 1: -1 }, [[1, 11], [20]]] as const) {
        const r = c.rechunk(spec as never);
        expect(maxAbsDiff(await r.compute(), x)).toBe(0);
      }
    }
    expect(blocks.rechunk({ 0: [2, 10] }).chunks).toEqual([[2, 10], [10, 10]]);
    expect(blocks.rechunk([6, 10])).toBe(blocks);
  });

  it('makes each new block depend only on the old blocks it meets, and a split a view', async () => {
    const split = blocks.rechunk([3, 5]);
    // one old block per new block (plus the checkResult step it reads through)
    expect(new Set(depsPerBlock(split.mapBlocks((b: NDArray) => b, { dtype: 'float64' })))).toEqual(new Set([1]));
    const tasks = split.blockTasks();
    const { graph } = collect(tasks, { optimizeGraph: false });
    expect(tasks.every((t) => graph.deps(graph.idsOf([t.key], 'test')[0]!).length === 1)).toBe(true);
    const merged = blocks.rechunk([12, 20]);
    const g2 = collect(merged.blockTasks(), { optimizeGraph: false }).graph;
    expect(g2.deps(g2.idsOf([merged.blockTasks()[0]!.key], 'test')[0]!).length).toBe(4);
    expect(maxAbsDiff(await merged.compute(), x)).toBe(0);
  });

  it('refuses chunks that do not fit, naming the axis', () => {
    expect(() => blocks.rechunk([[5, 5], 10])).toThrow(/chunks for axis 0 must be non-negative integers summing to 12, received \[5, 5\]/);
    expect(() => blocks.rechunk({ 3: 2 })).toThrow(/chunks name axis 3, but the array has 2 axes/);
  });
});

describe('elementwise ops', () => {
  it('fuse a chain over two arrays into one task per block', async () => {
    const a = chunked(noise([8, 8]), { chunks: 4 }), b = chunked(noise([8, 8]), { chunks: 4 });
    const y = a.sub(b).mul(2).add(1).gt(0);
    expect(y.dtype).toBe('bool');
    expect(y.taskCounts().optimized).toBe(4);
    const names = collect(y.blockTasks()).graph.tasks[0]!.steps.map((s) => s.name);
    expect(names.filter((n) => n === 'evalExpr' || n === 'gt')).toHaveLength(1);
  });

  it('follow NumPy 2 for numbers: a number that does not fit an integer array is an error', () => {
    const u = chunked(zeros([4], 'uint8'));
    expect(u.add(7).dtype).toBe('uint8');
    expect(u.add(0.5).dtype).toBe('float64');
    expect(chunked(zeros([4], 'float32')).mul(3).dtype).toBe('float32');
    expect(() => u.add(300)).toThrow(/add: the number 300 does not fit the array's dtype uint8 \(range 0 to 255\)/);
    expect(() => u.add('1' as never)).toThrow(/add: argument 1 must be a ChunkedArray or a number, received string/);
    expect(() => u.astype('uint9' as never)).toThrow(/astype: argument 'dtype' must be one of/);
    expect(() => u.add(chunked(zeros([5])))).toThrow(/input 1 has shape \[5\], but the first array has \[4\]/);
  });

  it('take where, clip and comparisons between arrays with different grids', async () => {
    const x = arange(20).reshape([4, 5]);
    const a = chunked(x, { chunks: [2, 5] }), b = chunked(x.copy(), { chunks: [4, 2] });
    expect((await where(a.lt(b.mul(0).add(5)), a, b.mul(-1)).compute()).toArray()).toEqual(
      (x.toArray() as number[][]).map((r) => r.map((v) => (v < 5 ? v : -v))),
    );
  });
});

describe('reductions', () => {
  it('combine partials in a tree of at most splitEvery per task', () => {
    const c = chunked(noise([64, 64]), { chunks: 8 }); // 64 blocks
    const built = collect(c.sum({ splitEvery: 4 }).blockTasks(), { optimizeGraph: false }).graph;
    const combines = [...Array(built.size).keys()].filter((i) => built.tasks[i]!.steps[0]!.name === 'sum-combine');
    expect(combines.length).toBe(16 + 4 + 1);
    for (const i of combines) expect(built.deps(i).length).toBeLessThanOrEqual(4);
  });

  it('reduce some axes to a chunked array over the others, or every axis to a 0-d array', async () => {
    const x = noise([6, 7, 8]);
    const c = chunked(x, { chunks: [4, 3, 5] });
    const s = c.sum([0, 2]);
    expect([s.shape, s.chunks]).toEqual([[7], [[3, 3, 1]]]);
    expect((await c.max().compute()).shape).toEqual([]);
    expect((await c.max().compute()).get()).toBe(x.max());
  });

  it('refuse bad axes and reductions with no identity over nothing', async () => {
    const c = chunked(noise([3, 4]));
    expect(() => c.sum(2)).toThrow(/sum: axis 2 is out of bounds for an array of 2 axes/);
    expect(() => c.mean([0, 0])).toThrow(/mean: axis \[0,0\] names an axis twice/);
    expect(() => c.sum([0, -2])).toThrow(/sum: axis \[0,-2\] names an axis twice \(as \[0, 0\] of an array of 2 axes\)/);
    expect(() => c.var({ ddof: -1 })).toThrow(/var: option 'ddof'/);
    expect(() => c.std('0' as never)).toThrow(/std: argument must be an axis/);
    expect(() => c.min({ axes: 0 } as never)).toThrow(/min: options Unrecognized key: "axes"/);
    await expect(chunked(zeros([0, 3])).min().compute()).rejects.toThrow(/zero-size array to reduction operation minimum which has no identity/);
    expect((await chunked(zeros([0, 3])).sum().compute()).get()).toBe(0);
  });
});

describe('slicing and joining', () => {
  it('slices with steps, keeping only the blocks that hold selected elements', async () => {
    const x = arange(100).reshape([10, 10]);
    const v = chunked(x, { chunks: 3 }).view([[1, null, 4], [null, null, 3]]);
    expect(v.chunks).toEqual([[1, 1, 1], [1, 1, 1, 1]]);
    expect((await v.compute()).toArray()).toEqual([[10, 13, 16, 19], [50, 53, 56, 59], [90, 93, 96, 99]]);
    expect((await chunked(x, { chunks: 3 }).view([[4, 4]]).compute()).shape).toEqual([0, 10]);
    expect(() => chunked(x).view([[0, 5, -1]])).toThrow(/step for axis 0 must be a positive integer, received -1/);
    expect(() => chunked(x).view([11])).toThrow(/index 11 is out of bounds for axis 0 with size 10/);
  });

  it('reads a slice by one rule in NDArray and ChunkedArray views: open bounds, and a fractional index or bound is an error saying so', async () => {
    const x = arange(100).reshape([10, 10]);
    for (const s of [[[null, null, 2]], [[-3, null], 4], [[2, Infinity, 3]]] as const) {
      expect((await chunked(x, { chunks: 3 }).view(s).compute()).toArray()).toEqual(x.view(s).copy().toArray());
    }
    expect(x.view([[null, null, 2]]).shape).toEqual([5, 10]);
    for (const view of [(s: never) => x.view(s), (s: never) => chunked(x).view(s)]) {
      expect(() => view([1.5] as never)).toThrow(/index for axis 0 must be an integer, received 1\.5/);
      expect(() => view([[0, 2.5]] as never)).toThrow(/stop for axis 0 must be an integer or null, received 2\.5/);
      expect(() => view([[0, 1, 2, 3]] as never)).toThrow(/slice for axis 0 must be an index, \[start, stop, step\?\] or null, received \[0,1,2,3\]/);
    }
  });

  it('concatenates and stacks, checking the shapes', () => {
    const a = chunked(zeros([2, 3])), b = chunked(zeros([2, 4]));
    expect(concatenate([a, b], 1).shape).toEqual([2, 7]);
    expect(() => concatenate([a, b], 0)).toThrow(/array 1 has shape \[2, 4\], which does not match \[2, 3\] outside axis 0/);
    expect(() => stack([a, b])).toThrow(/stacked arrays must have one shape/);
    expect(() => concatenate([])).toThrow(/non-empty list of ChunkedArrays/);
    expect(stack([a, a, a], -1).shape).toEqual([2, 3, 3]);
  });
});
