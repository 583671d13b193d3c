/**
 * compute and persist work on the collection protocol (`compute/collection.ts`), not on the
 * Delayed class: any object with a `[duskCollection]` method is computed in place.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { compute, delayed, duskCollection, isCollection, persist, type CollectionParts, type Delayed, type DuskCollection } from 'dusk-graph';

const opts = { scheduler: 'local' } as const;

/** A user collection: the sum of some delayed numbers, finalized on this thread. */
class Total implements DuskCollection<number> {
  calls = 0;
  constructor(readonly items: Delayed<number>[]) {}
  [duskCollection](): CollectionParts<number> {
    this.calls++;
    return { nodes: this.items, finalize: (results) => (results as number[]).reduce((a, b) => a + b, 0) };
  }
}

describe('the collection protocol', () => {
  const inc = delayed((x: number) => x + 1);

  it('computes a user collection next to Delayeds, in one graph, in place in the structure', async () => {
    const shared = inc(1);
    const total = new Total([shared, inc(shared), inc(10)]);
    const out = await compute({ total, d: shared, list: [total] }, opts);
    expect(out).toEqual({ total: 16, d: 2, list: [16] });
    expect(total.calls).toBe(1);
    expectTypeOf(out.total).toEqualTypeOf<number>();
  });

  it('recognises Delayeds, callable attribute Delayeds and user collections, and nothing else', () => {
    const d = delayed((x: string) => x)('a');
    const method = (d as unknown as Record<string, unknown>).toUpperCase; // a callable attribute Delayed
    expect(typeof method).toBe('function');
    expect(isCollection(d)).toBe(true);
    expect(isCollection(method)).toBe(true);
    expect(isCollection(new Total([]))).toBe(true);
    expect(isCollection({ [duskCollection]: 1 })).toBe(false);
    expect(isCollection([d])).toBe(false);
  });

  it('refuses a collection passed where the options go, as compute(a, b)', async () => {
    await expect(compute(inc(1), new Total([]) as never)).rejects.toThrow(/the second argument of compute is its options/);
  });

  it('persist leaves a collection without persisted as it is and holds Delayed results', async () => {
    const total = new Total([inc(1)]);
    const a = inc(2);
    const [t, p] = await persist([total, a], opts);
    expect(t).toBe(total);
    expect(p.key).toBe(a.key);
    expect(p.deps).toEqual([]);
    expect(await compute(p, opts)).toBe(3);
  });
});
