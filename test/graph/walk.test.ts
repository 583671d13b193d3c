/**
 * The one structure walker (`core/walk.ts`): every walk — finding Delayeds, substituting results,
 * remapping references when tasks are merged, the wire codec — agrees on what a container is,
 * null-prototype objects included.
 */
import { describe, expect, it } from 'vitest';
import { compute, delayed, fuseLinear, graphFromDelayed, inline } from 'dusk-graph';
import { registerWireType } from 'dusk-graph';
import { decodeWire, encodeWire } from 'dusk-graph/internal';

const opts = { scheduler: 'local' } as const;
const bare = <T extends object>(fields: T): T => Object.assign(Object.create(null) as T, fields);

class Point {
  constructor(readonly x: number, readonly y: number) {}
}
registerWireType<Point, [number, number]>({
  name: 'test-walk-point',
  is: (v): v is Point => v instanceof Point,
  encode: (p) => [p.x, p.y],
  decode: ([x, y]) => new Point(x, y),
});

describe('the structure walker', () => {
  it('finds a Delayed inside a null-prototype object and computes it in place', async () => {
    const a = delayed((x: number) => x + 1)(1);
    expect(await compute(bare({ a, list: [a] }), opts)).toEqual({ a: 2, list: [2] });
  });

  it('keeps a reference inside a null-prototype object when a chain is fused', async () => {
    const a = delayed((x: number) => x + 1)(1);
    const b = delayed((o: { v: number }) => o.v * 10)(bare({ v: a }));
    const built = graphFromDelayed([b]);
    const fused = fuseLinear(built.graph, [b.key]);
    expect(fused.size).toBe(1);
    expect(await compute(b, opts)).toBe(20);
  });

  it('keeps references inside Maps and null-prototype objects when a cheap task is inlined', async () => {
    const one = delayed(1);
    const total = delayed((m: Map<string, { v: number }>, o: { w: number }) => m.get('k')!.v + o.w);
    const out = total(new Map([['k', bare({ v: one })]]), bare({ w: one }));
    const g = graphFromDelayed([out]).graph;
    expect(inline(g, [out.key]).size).toBe(1);
    expect(await compute(out, opts)).toBe(2);
  });

  it('encodes and decodes codec values inside null-prototype objects and Maps', () => {
    const value = bare({ p: new Point(1, 2), m: new Map([['q', [new Point(3, 4)]]]) });
    const back = decodeWire(structuredClone(encodeWire(value))) as { p: Point; m: Map<string, Point[]> };
    expect(back.p).toBeInstanceOf(Point);
    expect(back.m.get('q')![0]).toEqual(new Point(3, 4));
    expect(back.m.get('q')![0]).toBeInstanceOf(Point);
  });

  it('finds Delayeds inside Sets and as Map keys, and computes them in place', async () => {
    const a = delayed((x: number) => x + 1)(1);
    const key = delayed((s: string) => s.toUpperCase())('k');
    expect(await compute({ s: new Set([a, 'x']), m: new Map<unknown, unknown>([[key, a], ['plain', 3]]) }, opts))
      .toEqual({ s: new Set([2, 'x']), m: new Map<unknown, unknown>([['K', 2], ['plain', 3]]) });
  });

  it('encodes and decodes codec values inside Sets and as Map keys, keeping the order', () => {
    const value = { s: new Set([1, new Point(1, 2)]), m: new Map<unknown, unknown>([['first', 0], [new Point(3, 4), [new Point(5, 6)]]]) };
    const back = decodeWire(structuredClone(encodeWire(value))) as { s: Set<unknown>; m: Map<unknown, unknown> };
    const [one, p] = [...back.s];
    expect(one).toBe(1);
    expect(p).toBeInstanceOf(Point);
    const entries = [...back.m];
    const [k0] = entries[0]!;
    const [k1, v1] = entries[1]!;
    expect(k0).toBe('first');
    expect(k1).toEqual(new Point(3, 4));
    expect(k1).toBeInstanceOf(Point);
    expect((v1 as Point[])[0]).toBeInstanceOf(Point);
  });

  it('leaves a structure without anything to replace as the same object', () => {
    const value = { a: [1, 2, { b: 'c' }], m: new Map<unknown, unknown>([['k', 1], [{ o: 1 }, 2]]), s: new Set([1, 'a', { b: 2 }]) };
    expect(encodeWire(value)).toBe(value);
    expect(decodeWire(value)).toBe(value);
  });

  it('names the path to a value it refuses, through arrays, Maps and objects', () => {
    expect(() => encodeWire({ a: [0, new Map([['k', bare({ f: () => 1 })]])] })).toThrow(/value\.a\[1\]\.get\("k"\)\.f is a function/);
  });
});
