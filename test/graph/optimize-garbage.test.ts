/**
 * Garbage of the optimizer on a graph of many tiny tasks (the batch tutorial's shape: per image a
 * load, two variances, a gaussian and a conversion → write chain; 3 outputs per image), counted
 * with V8's sampling heap profiler. The main thread's young generation is scavenged while the
 * whole graph is alive, so every pass's garbage makes those scavenges copy more.
 */
import { describe, expect, it } from 'vitest';
import { defineOps, delayed, delayedValue, graphFromDelayed, inline, optimize, type Delayed } from 'dusk-graph';
import { sampleAllocations, totalBytes } from '../helpers/index.ts';

const ops = defineOps(import.meta.url, {
  load: (i: number) => i,
  variance: (x: number) => x,
  smooth: (x: number, _o: { sigma: number }) => x,
  toByte: (x: number) => x,
  save: (_path: string, x: number) => x,
});

function tutorial(n: number, first: number | Delayed<number> = 0): Delayed[] {
  const out: Delayed[] = [];
  for (let i = 0; i < n; i++) {
    const image = delayed(ops.load)(i === 0 ? first : i);
    const smooth = delayed(ops.smooth)(image, { sigma: 10 });
    out.push(delayed(ops.variance)(image), delayed(ops.variance)(smooth), delayed(ops.save)(`image_${i}.bmp`, delayed(ops.toByte)(smooth)));
  }
  return out;
}

/**
 * The least bytes allocated while `f` runs (every allocation, live or collected since) over three
 * runs: Node 24 counts more than Node 20 and varies between processes, by up to ~25 % on one run.
 */
async function allocated(f: () => void): Promise<number> {
  let least = Infinity;
  for (let i = 0; i < 3; i++) least = Math.min(least, totalBytes(await sampleAllocations(f)));
  return least;
}

describe('optimize on 3 000 tiny images', () => {
  it('allocates under 300 bytes per task, the fused tasks it makes included (iterator results and growing arrays made it 330)', async () => {
    const n = 3000;
    const roots = tutorial(n);
    const keys = roots.map((d) => d.key);
    const { graph } = graphFromDelayed(roots);
    for (let i = 0; i < 3; i++) optimize(graph, keys);
    let size = 0;
    const bytes = await allocated(() => {
      size = optimize(graph, keys).graph.size;
    });
    expect(size).toBe(5 * n); // each toByte → save chain fused
    // old code 330 B on Node 20; now ~212-225 there, 223-267 on Node 24
    expect(bytes / graph.size).toBeLessThan(300);
  });

  it('inlines one constant without a dependency array per task of the graph (it built one for all 18 000)', async () => {
    const n = 3000;
    const roots = tutorial(n, delayedValue(0));
    const keys = roots.map((d) => d.key);
    const { graph } = graphFromDelayed(roots);
    for (let i = 0; i < 3; i++) inline(graph, keys);
    let size = 0;
    const bytes = await allocated(() => {
      size = inline(graph, keys).size;
    });
    expect(size).toBe(graph.size - 1);
    // old code 709 B; now ~28 on Node 20, 28-56 on Node 24
    expect(bytes / graph.size).toBeLessThan(100);
  });
});
