import { describe, expect, it } from 'vitest';
import { call, graphFromDelayed, graphFromSpec, order, ref, delayed, type TaskGraph } from '@dusk/graph';

/** Run tasks in priority order; count results alive (computed, some dependent not yet run). */
function maxAlive(graph: TaskGraph, priority: Int32Array, outputs: readonly number[] = []): number {
  const byPriority = Array.from({ length: graph.size }, (_, i) => i).sort((a, b) => priority[a]! - priority[b]!);
  const pending = Array.from({ length: graph.size }, (_, i) => graph.dependentCount(i));
  const keep = new Set(outputs);
  let alive = 0, peak = 0;
  const done = new Set<number>();
  for (const t of byPriority) {
    for (const d of graph.deps(t)) expect(done.has(d)).toBe(true); // a valid order
    done.add(t);
    alive++;
    peak = Math.max(peak, alive);
    for (const d of graph.deps(t)) if (--pending[d]! === 0 && !keep.has(d)) alive--;
    if (pending[t] === 0 && !keep.has(t)) alive--;
  }
  return peak;
}

const noop = (..._xs: unknown[]) => 0;

describe('order', () => {
  it('gives every task a distinct priority that respects dependencies', () => {
    const g = graphFromSpec({ a: 1, b: call(noop, ref('a')), c: call(noop, ref('a')), d: call(noop, ref('b'), ref('c')) });
    const p = order(g);
    expect(new Set(p).size).toBe(4);
    expect(maxAlive(g, p)).toBeGreaterThan(0);
  });

  it('keeps O(width) results alive on a wide-then-reduce graph, finishing each branch first', () => {
    const width = 200, depth = 6;
    // Spec listed level by level, so the id numbering itself is breadth-first.
    const spec: Record<string, unknown> = {};
    for (let l = 0; l < depth; l++) {
      for (let w = 0; w < width; w++) spec[`t-${l}-${w}`] = l === 0 ? call(noop, w) : call(noop, ref(`t-${l - 1}-${w}`));
    }
    spec.total = call(noop, Array.from({ length: width }, (_, w) => ref(`t-${depth - 1}-${w}`)));
    const g = graphFromSpec(spec);
    const p = order(g);
    expect(maxAlive(g, p)).toBeLessThanOrEqual(width + 2);
    // each branch is finished before the next branch starts
    for (let w = 0; w + 1 < width; w++) {
      expect(p[g.idOf(`t-${depth - 1}-${w}`)]!).toBeLessThan(p[g.idOf(`t-0-${w + 1}`)]!);
    }
  });

  it('runs each image of a batch pipeline to completion before loading the next', () => {
    // load → var, load → gaussian → var, gaussian → ubyte → save, as the seed tutorial's graph,
    // with the outputs requested variable-first, as dask.compute(input_vars, output_vars, saved) does.
    const n = 50;
    const f = (name: string) => Object.defineProperty((x: unknown) => x, 'name', { value: name });
    const loads = Array.from({ length: n }, (_, i) => delayed(f('load'))(i));
    const inVar = loads.map((l) => delayed(f('var'))(l));
    const blurred = loads.map((l) => delayed(f('gaussian'))(l));
    const outVar = blurred.map((b) => delayed(f('var'))(b));
    const saved = blurred.map((b) => delayed(f('save'))(delayed(f('ubyte'))(b)));
    const { graph, outputs } = graphFromDelayed([...inVar, ...outVar, ...saved]);
    const p = order(graph, outputs);
    // Only outputs (3 numbers per image) accumulate; images are freed branch by branch.
    const imagesAlive = maxAlive(graph, p, outputs) - outputs.length;
    expect(imagesAlive).toBeLessThanOrEqual(3);
  });
});
