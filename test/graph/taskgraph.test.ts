import { describe, expect, it } from 'vitest';
import { hasCycle, topologicalGenerations } from 'graphology-dag';
import { call, compute, delayed, graphFromDelayed, graphFromSpec, ref, toGraphology } from 'dusk-graph';

const inc = (x: number) => x + 1;
const add = (x: number, y: number) => x + y;

describe('TaskGraph', () => {
  it('numbers tasks after their dependencies and stores adjacency in CSR arrays', () => {
    const a = delayed(inc, { key: 'a' })(1);
    const b = delayed(inc, { key: 'b' })(a);
    const c = delayed(add, { key: 'c' })(a, b);
    const { graph, outputs } = graphFromDelayed([c]);
    expect(graph.tasks.map((t) => t.key)).toEqual(['a', 'b', 'c']);
    expect(outputs).toEqual([2]);
    expect(graph.depIds).toBeInstanceOf(Int32Array);
    expect(Array.from(graph.deps(2))).toEqual([0, 1]);
    expect(Array.from(graph.dependents(0))).toEqual([1, 2]);
    expect(graph.sinks()).toEqual([2]);
  });

  it('merges subgraphs shared between several outputs', () => {
    const shared = delayed(inc, { key: 's' })(1);
    const x = delayed(inc, { key: 'x' })(shared);
    const y = delayed(inc, { key: 'y' })(shared);
    const { graph, outputs } = graphFromDelayed([x, y, x]);
    expect(graph.size).toBe(3);
    expect(outputs).toEqual([1, 2, 1]);
  });

  it('finds the ids of a few keys or of many the same way, and names a key not in the graph', () => {
    const keys = Array.from({ length: 8 }, (_, i) => `k${i}`);
    let x = delayed(inc, { key: keys[0]! })(0);
    for (const key of keys.slice(1)) x = delayed(inc, { key })(x);
    const few = graphFromDelayed([x]).graph;
    expect(few.idsOf(['k0', 'k7', 'k3'])).toEqual([0, 7, 3]);
    expect(() => few.idsOf(['k9'], 'cull')).toThrow("cull: key 'k9' is not in the graph");
    const many = graphFromDelayed([x]).graph;
    expect(many.idsOf(keys)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(many.idsOf(['k0', 'k7', 'k3'])).toEqual([0, 7, 3]);
  });

  it('builds low-level spec graphs in topological order', async () => {
    const g = graphFromSpec({ z: call(add, ref('x'), ref('y')), y: call(inc, ref('x')), x: 1 });
    expect(g.idOf('x')).toBeLessThan(g.idOf('y'));
    expect(g.idOf('y')).toBeLessThan(g.idOf('z'));
  });

  it('rejects a cycle in a spec graph, naming the keys on it', () => {
    expect(() => graphFromSpec({ a: call(inc, ref('b')), b: call(inc, ref('c')), c: call(inc, ref('a')), d: 1 }))
      .toThrow(/graphFromSpec: graph is not acyclic: (a → b → c → a|b → c → a → b|c → a → b → c)$/);
  });

  it('finds a cycle closing a 100k-key chain, naming its ends and how many keys lie between', () => {
    const n = 100_000;
    const spec: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) spec[`k${i}`] = call(inc, ref(`k${(i + 1) % n}`));
    const err = (() => {
      try {
        graphFromSpec(spec);
      } catch (e) {
        return e as Error;
      }
    })();
    // The walk starts at the first unsorted key and follows the ring back to it.
    expect(err?.message).toBe(
      `graphFromSpec: graph is not acyclic: ${Array.from({ length: 10 }, (_, i) => `k${i}`).join(' → ')} → … (${n + 1 - 20} more keys) … → ` +
        `${Array.from({ length: 9 }, (_, i) => `k${n - 9 + i}`).join(' → ')} → k0`,
    );
  });

  it('reports only the keys on the cycle when other keys depend on it', () => {
    const spec = { tail2: call(inc, ref('tail1')), tail1: call(inc, ref('x')), x: call(inc, ref('y')), y: call(inc, ref('x')), ok: 1 };
    expect(() => graphFromSpec(spec)).toThrow(/graph is not acyclic: (x → y → x|y → x → y)$/);
  });

  it('rejects a cycle made by reusing keys in delayed calls', () => {
    const a = delayed(inc, { key: 'loop' })(1);
    const b = delayed(inc, { key: 'mid' })(a);
    const c = delayed(inc, { key: 'loop' })(b);
    expect(() => graphFromDelayed([c])).toThrow(/graphFromDelayed: graph is not acyclic: loop → mid → loop/);
  });

  it('rejects a spec reference to a missing key', () => {
    expect(() => graphFromSpec({ a: call(inc, ref('nope')) })).toThrow(/task 'a' refers to missing key 'nope'/);
  });

  it('exports to graphology for analysis with graphology-dag', async () => {
    const leaves = [1, 2, 3, 4].map((i) => delayed(inc, { key: `leaf-${i}` })(i));
    const pairs = [delayed(add, { key: 'p0' })(leaves[0]!, leaves[1]!), delayed(add, { key: 'p1' })(leaves[2]!, leaves[3]!)];
    const total = delayed(add, { key: 'total' })(pairs[0]!, pairs[1]!);
    const g = toGraphology(graphFromDelayed([total]).graph);
    expect(g.order).toBe(7);
    expect(g.size).toBe(6);
    expect(hasCycle(g)).toBe(false);
    expect(topologicalGenerations(g).map((gen) => gen.sort())).toEqual([
      ['leaf-1', 'leaf-2', 'leaf-3', 'leaf-4'], ['p0', 'p1'], ['total'],
    ]);
    expect(g.getNodeAttributes('total')).toEqual({ name: 'add', placement: 'main', steps: 1 });
    expect(await total.compute()).toBe(14);
  });

  it('builds a graph of 100 000 tasks quickly enough to be interactive', () => {
    // behaviour, not a timing assertion: a long chain must not overflow the stack
    let d = delayed(inc)(0);
    for (let i = 0; i < 100_000; i++) d = delayed(inc)(d);
    const { graph } = graphFromDelayed([d]);
    expect(graph.size).toBe(100_001);
    return compute(d, { optimizeGraph: false }).then((v) => expect(v).toBe(100_001));
  });
});
