import { describe, expect, it } from 'vitest';
import { compute, delayed, delayedValue, Delayed, isDelayed } from 'dusk-graph';

const inc = (x: number) => x + 1;
const add = (x: number, y: number) => x + y;

describe('delayed', () => {
  it('returns a Delayed instead of running the function', () => {
    let calls = 0;
    const f = delayed((x: number) => (calls++, x * 2));
    const d = f(21);
    expect(d).toBeInstanceOf(Delayed);
    expect(calls).toBe(0);
    expect(d.key).toMatch(/^lambda-\d+$/);
  });

  it('finds Delayed arguments nested in arrays, objects and Maps at any depth and rebuilds them', async () => {
    const a = delayed(inc)(1);
    const b = delayed(inc)(2);
    const seen: unknown[] = [];
    const show = delayed((x: unknown) => (seen.push(x), x));
    const arg = { list: [a, 5, [b, { deep: a }]], map: new Map<string, unknown>([['k', b]]), plain: 'text' };
    const d = show(arg);
    expect(d.deps.map((x) => x.key)).toEqual([a.key, b.key]);
    const out = await d.compute();
    expect(out).toEqual({ list: [2, 5, [3, { deep: 2 }]], map: new Map([['k', 3]]), plain: 'text' });
    // the original argument structure is left untouched
    expect(arg.list[0]).toBe(a);
  });

  it('does not look inside class instances or typed arrays', () => {
    class Box { constructor(readonly inner: unknown) {} }
    const d = delayed((x: Box) => x)(new Box(delayed(inc)(1)));
    expect(d.deps).toHaveLength(0);
  });

  it('wraps values with delayedValue and assembles structures holding Delayeds', async () => {
    const v = delayedValue(41, { name: 'answer' });
    expect(v.key).toMatch(/^answer-[0-9a-f]{16}$/);
    expect(await delayed(inc)(v).compute()).toBe(42);
    const list = delayedValue([delayed(inc)(1), 10]);
    expect(await list.compute()).toEqual([2, 10]);
    expect(delayedValue(v)).toBe(v);
  });

  it('destructures tuple results with nout', async () => {
    const split = delayed((x: number) => [x - 1, x + 1] as [number, number], { nout: 2 });
    const [lo, hi] = split(10);
    expect(await compute([lo, hi])).toEqual([9, 11]);
    expect([...split(1)]).toHaveLength(2);
  });

  it('makes item-access tasks with get and at', async () => {
    const rec = delayed(() => ({ a: 1, list: [1, 2, 3] }))();
    expect(await rec.get('a').compute()).toBe(1);
    const list = rec.get('list');
    expect(await compute([list.at(0), list.at(-1)])).toEqual([1, 3]);
    expect(rec.get('a').key).toBe(rec.get('a').key);
    const m = delayed(() => new Map([['x', 7]]))();
    expect(await m.get('x' as never).compute()).toBe(7);
  });

  it('refuses to iterate a Delayed of unknown length, and says how to fix it', () => {
    const d = delayed(() => [1, 2])();
    expect(() => [...d]).toThrow(/unspecified length is not iterable: pass \{ nout \}/);
  });

  it('refuses to be used as a number or primitive, explaining that it has no value yet', () => {
    const d = delayed(inc)(1);
    expect(() => (d as unknown as number) + 1).toThrow(/has no value yet.*boolean/);
    expect(() => (d as unknown as number) > 0).toThrow(/cannot be used as a number/);
    expect(`${d}`).toBe(`Delayed('${d.key}')`);
  });

  it('rejects bad options naming the field, the expectation and the received value', () => {
    const bad = (o: unknown) => () => delayed(inc, o as never);
    expect(bad({ nout: -1 })).toThrow(/delayed: option 'nout' Too small: expected number to be >=0 \(received -1\)/);
    expect(bad({ nout: 1.5 })).toThrow(/delayed: option 'nout' .*expected int.*\(received 1\.5\)/);
    expect(bad({ pure: 'yes' })).toThrow(/delayed: option 'pure' .*expected boolean.*\(received "yes"\)/);
    expect(bad({ name: '' })).toThrow(/delayed: option 'name' .*>=1 characters \(received ""\)/);
    expect(bad({ name: 7 })).toThrow(/delayed: option 'name' .*expected string.*\(received 7\)/);
    expect(bad({ key: '' })).toThrow(/delayed: option 'key' .*\(received ""\)/);
    // A value is wrapped (Dask's delayed(obj)), with the options of delayedValue only.
    expect(() => delayed(42, { pure: true } as never)).toThrow(/delayed: options Unrecognized key: "pure"/);
  });

  it('rejects a misspelled option instead of silently ignoring it', () => {
    expect(() => delayed(inc, { pur: true } as never)).toThrow(/delayed: options Unrecognized key: "pur" \(received \{"pur":true\}\)/);
    expect(() => delayedValue(1, { pure: true } as never)).toThrow(/delayedValue: options Unrecognized key: "pure"/);
    expect(() => delayedValue(1, { name: 3 } as never)).toThrow(/delayedValue: option 'name' .*\(received 3\)/);
  });

  it('accepts every documented option, and nout 0 for an empty tuple as Dask does', async () => {
    expect(delayed(inc, { name: 'n', key: 'k', pure: true })(1).key).toBe('k');
    expect([...delayed(() => [] as [], { nout: 0 })()]).toEqual([]);
    expect(await delayedValue(5, { name: 'five', key: 'v' }).compute()).toBe(5);
  });

  it('uses the given name and key', () => {
    expect(delayed(add, { name: 'plus' })(1, 2).key).toMatch(/^plus-\d+$/);
    expect(delayed(add, { key: 'exact' })(1, 2).key).toBe('exact');
    expect(isDelayed(delayed(add)(1, 2))).toBe(true);
    expect(isDelayed({ key: 'x' })).toBe(false);
  });
});
