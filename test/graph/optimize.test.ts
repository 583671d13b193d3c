import { describe, expect, it, vi } from 'vitest';
import { collect, compute, cull, defineOps, delayed, delayedValue, fuseLinear, graphFromDelayed, inline, optimize, TaskError, type TaskGraph } from 'dusk-graph';
import { partAt, runTask } from 'dusk-graph/internal';

function load(i: number) { return i * 10; }
function blur(x: number) { return x + 1; }
function measure(x: number) { return x * 2; }
function join(x: number, y: number) { return x + y; }

const names = (g: TaskGraph) => g.tasks.map((t) => `${t.key}=${t.name}`);

/** Evaluate a graph sequentially with runTask: optimized graphs must compute the same values. */
function evaluate(g: TaskGraph): Map<string, unknown> {
  const out: unknown[] = [];
  for (let i = 0; i < g.size; i++) out.push(runTask(g.tasks[i]!, Array.from(g.deps(i), (d) => out[d])));
  return new Map(g.tasks.map((t, i) => [t.key, out[i]]));
}

describe('cull', () => {
  it('keeps only what the requested keys need', () => {
    const a = delayed(load, { key: 'a' })(1);
    const b = delayed(blur, { key: 'b' })(a);
    const unused = delayed(measure, { key: 'unused' })(a);
    const { graph } = graphFromDelayed([b, unused]);
    const culled = cull(graph, ['b']);
    expect(culled.tasks.map((t) => t.key)).toEqual(['a', 'b']);
    expect(() => cull(graph, ['nope'])).toThrow(/cull: key 'nope' is not in the graph/);
  });
});

describe('fuseLinear', () => {
  it('fuses a chain into one task named after its members, keeping the top key', () => {
    const a = delayed(load, { key: 'a' })(1);
    const b = delayed(blur, { key: 'b' })(a);
    const c = delayed(measure, { key: 'c' })(b);
    const { graph } = graphFromDelayed([c]);
    const fused = fuseLinear(graph, ['c']);
    expect(names(fused)).toEqual(['c=load-blur-measure']);
    expect(fused.tasks[0]!.steps).toHaveLength(3);
    expect(evaluate(fused).get('c')).toBe(22);
  });

  it('leaves the branches of a diamond alone and fuses the chains around it', () => {
    const x = delayed(load, { key: 'x' })(1);
    const a = delayed(blur, { key: 'a' })(x);
    const b = delayed(measure, { key: 'b' })(a);
    const c = delayed(blur, { key: 'c' })(a);
    const d = delayed(join, { key: 'd' })(b, c);
    const e = delayed(blur, { key: 'e' })(d);
    const f = delayed(measure, { key: 'f' })(e);
    const { graph } = graphFromDelayed([f]);
    const fused = fuseLinear(graph, ['f']);
    expect(names(fused)).toEqual(['a=load-blur', 'b=measure', 'c=blur', 'f=join-blur-measure']);
    expect(evaluate(fused).get('f')).toBe(evaluate(graph).get('f'));
  });

  it('never swallows an output key: a chain through outputs breaks after each', () => {
    const a = delayed(load, { key: 'a' })(1);
    const b = delayed(blur, { key: 'b' })(a);
    const c = delayed(blur, { key: 'c' })(b);
    const d = delayed(measure, { key: 'd' })(c);
    const { graph } = graphFromDelayed([b, d]);
    const fused = fuseLinear(graph, ['b', 'd']);
    expect(names(fused)).toEqual(['b=load-blur', 'd=blur-measure']);
    const v = evaluate(fused);
    expect([v.get('b'), v.get('d')]).toEqual([11, 24]);
  });

  it('does not fuse worker ops with main-thread functions', () => {
    // defineOps tags the function object itself, so give it its own function
    const ops = defineOps('file:///virtual/fuse-ops.ts', { blurOp: (x: number) => x + 1 });
    const a = delayed(load, { key: 'a' })(1);
    const b = delayed(ops.blurOp, { key: 'b' })(a);
    const c = delayed(ops.blurOp, { key: 'c' })(b);
    const { graph } = graphFromDelayed([c]);
    expect(names(fuseLinear(graph, ['c']))).toEqual(['a=load', 'c=blurOp-blurOp']);
  });

  it('passes multiple dependencies of the chain head through to the fused task', () => {
    const p = delayed(load, { key: 'p' })(1);
    const q = delayed(load, { key: 'q' })(2);
    const j = delayed(join, { key: 'j' })(p, q);
    const m = delayed(measure, { key: 'm' })(j);
    const { graph } = graphFromDelayed([m]);
    const fused = fuseLinear(graph, ['m']);
    expect(names(fused)).toEqual(['p=load', 'q=load', 'm=join-measure']);
    expect(evaluate(fused).get('m')).toBe(60);
  });
});

describe('inline', () => {
  it('substitutes constants into every dependent and drops their tasks', () => {
    const k = delayedValue(5, { key: 'five' });
    const a = delayed(join, { key: 'a' })(k, 1);
    const b = delayed(join, { key: 'b' })(2, k);
    const { graph } = graphFromDelayed([a, b]);
    const g = inline(graph, ['a', 'b']);
    expect(g.tasks.map((t) => t.key)).toEqual(['a', 'b']);
    expect(g.edges).toBe(0);
    const v = evaluate(g);
    expect([v.get('a'), v.get('b')]).toEqual([6, 7]);
  });

  it('folds cheap item access into its consumers', () => {
    const pair = delayed((x: number) => [x, x + 1] as [number, number], { key: 'pair', nout: 2 })(1);
    const [first, second] = pair;
    const s = delayed(join, { key: 's' })(first!, second!);
    const { graph } = graphFromDelayed([s]);
    const g = inline(graph, ['s']);
    expect(g.tasks.map((t) => t.key)).toEqual(['pair', 's']);
    expect(g.tasks[1]!.steps.map((st) => st.name)).toEqual(['getitem', 'getitem', 'join']);
    expect(evaluate(g).get('s')).toBe(3);
  });

  it('keeps output keys even when they are constants', () => {
    const k = delayedValue(5, { key: 'five' });
    const a = delayed(blur, { key: 'a' })(k);
    const { graph } = graphFromDelayed([a, k]);
    expect(inline(graph, ['a', 'five']).size).toBe(2);
  });
});

describe('optimize', () => {
  it('culls, inlines and fuses, and reports how many tasks each pass removed', async () => {
    const images = [0, 1, 2].map((i) => delayed(load, { key: `load-${i}` })(i));
    const scale = delayedValue(3, { key: 'scale' });
    const outs = images.map((im, i) => delayed(measure, { key: `m-${i}` })(delayed(join, { key: `j-${i}` })(delayed(blur, { key: `b-${i}` })(im), scale)));
    const dead = delayed(blur, { key: 'dead' })(images[0]!);
    const built = graphFromDelayed([...outs, dead]).graph;
    const keys = outs.map((o) => o.key);
    const r = optimize(built, keys);
    expect(r).toMatchObject({ before: 14, culled: 1, inlined: 1, after: 3, removed: 11 });
    expect(r.fused).toBe(9);
    expect(names(r.graph)).toEqual(['m-0=load-blur-join-measure', 'm-1=load-blur-join-measure', 'm-2=load-blur-join-measure']);
    expect(await compute(outs)).toEqual([8, 28, 48]);
  });

  it('carries the outputs\' ids through cull, inline and fuse, so collect looks up no key and finds the same ids', () => {
    const images = [0, 1, 2, 3, 4, 5].map((i) => delayed(load, { key: `load-${i}` })(i));
    const scale = delayedValue(3, { key: 'scale' });
    const outs = images.flatMap((im, i) => {
      const b = delayed(blur, { key: `b-${i}` })(im);
      return [delayed(measure, { key: `m-${i}` })(delayed(join, { key: `j-${i}` })(b, scale)), delayed(measure, { key: `v-${i}` })(b)];
    });
    const built = graphFromDelayed(outs).graph;
    const idOf = vi.spyOn(Object.getPrototypeOf(built) as TaskGraph, 'idOf');
    let c, lookups;
    try {
      c = collect(outs);
      lookups = idOf.mock.calls.length;
    } finally {
      idOf.mockRestore();
    }
    expect(lookups).toBe(0);
    expect(c.graph.size).toBeLessThan(built.size);
    // An equal but distinct array is looked up through the key map: the same ids.
    expect(c.graph.idsOf(outs.map((o) => o.key))).toEqual(c.outputs);
  });
});

describe('merged tasks remember their original tasks', () => {
  it('keeps each step\'s key and name through inline and fuse, and runTask reports the failing step', () => {
    const pair = delayed((x: number) => [x, x + 1] as [number, number], { key: 'pair', nout: 2 })(1);
    const [first] = pair;
    const b = delayed(blur, { key: 'b' })(first!);
    const bad = delayed(function bad(_x: number): number { throw new RangeError('boom in bad'); }, { key: 'bad' })(b);
    const post = delayed(measure, { key: 'post' })(bad);
    const r = optimize(graphFromDelayed([post]).graph, ['post']);
    const t = r.graph.tasks[r.graph.size - 1]!;
    expect(t.key).toBe('post');
    // `getitem` is inlined into `b`, then the whole chain is fused into `post`.
    expect(r.graph.size).toBe(1);
    expect(t.parts!.map((p) => `${p.key}@${p.end}`)).toEqual(['pair@1', `${first!.key}@2`, 'b@3', 'bad@4', 'post@5']);
    expect(t.parts!.map((p) => p.name).slice(1)).toEqual(['getitem', 'blur', 'bad', 'measure']);
    const at = { step: -1 };
    expect(() => runTask(t, [], undefined, at)).toThrow('boom in bad');
    expect(at.step).toBe(3);
    expect(partAt(t, at.step)).toEqual({ key: 'bad', name: 'bad', end: 4 });
  });

  it('the local scheduler names the failing step of a fused chain', async () => {
    const a = delayed(load, { key: 'a' })(1);
    const bad = delayed(function bad(_x: number): number { throw new RangeError('boom in bad'); }, { key: 'bad' })(a);
    const post = delayed(measure, { key: 'post' })(bad);
    const err = (await compute(post).catch((e: unknown) => e)) as TaskError;
    expect(err).toBeInstanceOf(TaskError);
    expect([err.key, err.op, err.fusedIn]).toEqual(['bad', 'bad', 'post']);
    expect(err.message).toBe("task 'bad' (bad) failed in fused task 'post': RangeError: boom in bad");
    expect((err.cause as Error).message).toBe('boom in bad');
  });
});
