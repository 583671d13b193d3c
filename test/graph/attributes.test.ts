/**
 * The rest of dask.delayed's surface (issue 12): attribute access and method calls on a Delayed,
 * which leave `await`, printing and the Delayed's own members alone; `delayed(value)`;
 * `d.persist()`, `d.visualize(path)`; and a key per call (Dask's `dask_key_name`).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { compute, Delayed, delayed, delayedValue, isDelayed } from 'dusk-graph';

const tmp = mkdtempSync(join(tmpdir(), 'dusk-attrs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

class Image {
  constructor(readonly shape: number[], readonly data: number[]) {}
  /** Uses `this`: a method call must run on the result itself. */
  scaled(k: number): Image {
    return new Image(this.shape, this.data.map((v) => v * k));
  }
  mean(): number {
    return this.data.reduce((a, b) => a + b, 0) / this.data.length;
  }
}

const load = (n: number) => new Image([1, n], Array.from({ length: n }, (_, i) => i));

describe('attribute access and method calls on a Delayed', () => {
  it('reads attributes and calls methods of the result, lazily', async () => {
    let loads = 0;
    const img = delayed((n: number) => (loads++, load(n)))(4);
    const shape = img.shape;
    const half = img.scaled(0.5);
    expect(isDelayed(shape)).toBe(true);
    expect(isDelayed(half)).toBe(true);
    expect(loads).toBe(0);
    expect(await compute([shape, half.mean(), img.data.slice(1), img.shape.at(-1)])).toEqual([[1, 4], 0.75, [1, 2, 3], 4]);
    expect(loads).toBe(1);
  });

  it('gives the same attribute the same key, and a new key to each method call', () => {
    const img = delayed(load)(3);
    expect(img.shape.key).toBe(img.shape.key);
    expect(img.shape.key).toMatch(/^getattr-[0-9a-f]{16}$/);
    expect(img.mean().key).not.toBe(img.mean().key);
    expect(img.mean().key).toMatch(/^mean-\d+$/);
  });

  it('passes attribute Delayeds as arguments, also inside structures', async () => {
    const img = delayed(load)(3);
    const area = delayed((s: number[]) => s[0]! * s[1]!)(img.shape);
    expect(await compute({ area, nested: [{ shape: img.shape }] })).toEqual({ area: 3, nested: [{ shape: [1, 3] }] });
  });

  it('keeps await, printing and the Delayed\'s own members intact', async () => {
    const img = delayed(load)(2);
    await expect(Promise.resolve(img)).resolves.toBe(img); // not thenable: a promise of it resolves to the Delayed itself
    expect((img as unknown as { then?: unknown }).then).toBeUndefined();
    expect(inspect(img)).toBe(`Delayed('${img.key}')`);
    expect(inspect(img.shape)).toBe(`Delayed('${img.shape.key}')`);
    expect(`${img.shape}`).toBe(`Delayed('${img.shape.key}')`);
    expect(img.name).toBe('load'); // a Delayed member wins; the result's is img.get('name')
    expect(await img.get('shape').compute()).toEqual([1, 2]);
    expect(await img.data.at(1).compute()).toBe(1);
    for (const probe of ['_private', '$$typeof', '@@iterator', 'toJSON', 'catch', 'finally']) {
      expect((img as unknown as Record<string, unknown>)[probe]).toBeUndefined();
    }
    expect((img as unknown as Record<symbol, unknown>)[Symbol('x')]).toBeUndefined();
    expect(img).toBeInstanceOf(Delayed);
    expect(img.shape).toBeInstanceOf(Delayed);
  });

  it('says which method is missing when the result has no such method', async () => {
    const img = delayed(load)(2);
    const call = (img as unknown as { shape: Delayed & ((x: number) => Delayed) }).shape(1);
    await expect(call.compute()).rejects.toThrow(/'shape' of the result \(Image\) is not a method: it is object/);
  });
});

describe('delayed(value)', () => {
  it('wraps a non-function value like delayedValue, with attribute access on it', async () => {
    const v = delayed({ a: 1, list: [1, 2, 3] });
    expect(await v.a.compute()).toBe(1);
    expect(await delayed([1, 2, 3]).slice(1).compute()).toEqual([2, 3]);
    expect(delayed(5, { key: 'five' }).key).toBe('five');
    expect(delayed(delayedValue(5))).toBeInstanceOf(Delayed);
  });
});

describe('persist and visualize as methods', () => {
  it('persists a Delayed under its key, holding its result', async () => {
    let runs = 0;
    const d = delayed(() => (runs++, load(3)))();
    const held = await d.persist();
    expect(held.key).toBe(d.key);
    expect(await held.mean().compute()).toBe(1);
    expect(runs).toBe(1);
  });

  it('draws its graph to a file', async () => {
    const d = delayed(load)(3).scaled(2);
    const path = join(tmp, 'graph.dot');
    expect(await d.visualize(path)).toBe(path);
    expect(readFileSync(path, 'utf8')).toMatch(/label="scaled"/);
    expect(existsSync(`${path}.tmp`)).toBe(false);
  });
});

describe('a key per call (dask_key_name)', () => {
  it('takes the key from a function of the call\'s arguments', async () => {
    const read = delayed((file: string) => file.length, { key: (file: string) => `read-${file}` });
    const [a, b] = [read('a.png'), read('bb.png')];
    expect([a.key, b.key]).toEqual(['read-a.png', 'read-bb.png']);
    expect(await compute([a, b])).toEqual([5, 6]);
    expect(() => delayed((x: number) => x, { key: () => '' })(1)).toThrow(/delayed: option 'key' \(a function\) must return a non-empty string for each call \(received ""\)/);
    expect(() => delayed((x: number) => x, { key: 7 as never })).toThrow(/delayed: option 'key'/);
  });
});
