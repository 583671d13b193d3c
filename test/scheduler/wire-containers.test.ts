/**
 * Sets and Map keys cross threads like every other container: a class instance inside a Set, or
 * used as a Map key, reaches a worker op as an instance of its class (not as the plain object
 * structured clone makes of it) and comes back the same way — NDArrays and a user class whose
 * codec the worker learns only from the batch's list of codec modules.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { NDArray, zeros } from 'dusk-image-ops';
import { compute, createPool, delayed } from 'dusk-scheduler';
import { Point } from './fixtures/point.ts';
import { wireOps } from './fixtures/wire-ops.ts';

const pool = createPool({ workers: 1 });
afterAll(() => pool.close());
const onWorker = { pool, inlineBelowUs: 0 } as const;

describe('Sets and Map keys between threads', () => {
  it('hands a worker op the NDArrays inside a Set and used as Map keys as NDArrays', async () => {
    const a = zeros([2, 3]);
    const [inSet, asKeys, back] = await compute([
      delayed(wireOps.itemsAreNDArrays)(new Set([a, 1])),
      delayed(wireOps.itemsAreNDArrays)(new Map<unknown, string>([[a, 'v'], ['k', 'w']])),
      delayed(wireOps.echo)(new Map([[a, new Set([a])]])),
    ], onWorker);
    expect(inSet).toEqual([true, false]);
    expect(asKeys).toEqual([true, false]);
    const [k, v] = [...(back as Map<unknown, Set<unknown>>)][0]!;
    expect(k).toBeInstanceOf(NDArray);
    expect((k as NDArray).shape).toEqual([2, 3]);
    expect([...v][0]).toBeInstanceOf(NDArray);
  });

  it('rebuilds a user class inside a Set and as a Map key on the worker and back', async () => {
    const out = await compute(delayed(wireOps.echo)({ s: new Set([new Point(1, 2)]), m: new Map([[new Point(3, 4), new Point(5, 6)]]) }), onWorker) as { s: Set<Point>; m: Map<Point, Point> };
    const [p] = [...out.s];
    const [k, v] = [...out.m][0]!;
    expect(p).toBeInstanceOf(Point);
    expect(k).toBeInstanceOf(Point);
    expect(v).toBeInstanceOf(Point);
    expect([p!.norm2(), k!.norm2(), v!.norm2()]).toEqual([5, 25, 61]);
  });

  it('keeps a wire-shaped object inside a Set as the plain object it was', async () => {
    const forged = JSON.parse('{"__duskWire":"NDArray","payload":{"data":[0],"shape":[1000],"strides":[1],"offset":0,"dtype":"float64"}}') as object;
    const out = await compute(delayed(wireOps.echo)(new Set([forged])), onWorker) as Set<object>;
    expect([...out][0]).not.toBeInstanceOf(NDArray);
    expect([...out][0]).toEqual(forged);
  });
});
