/**
 * Type tests: `npm test` type-checks this file, so a `delayed` that lost its function's types
 * fails the build (the @ts-expect-error lines would become unused).
 */
import { describe, expectTypeOf, it } from 'vitest';
import { compute, delayed, delayedValue, type Delayed } from 'dusk-graph';

const inc = (x: number): number => x + 1;
const concat = (a: string, b: { sep: string; items: readonly number[] }): string => b.items.join(b.sep) + a;
const load = async (path: string): Promise<Uint8Array> => new Uint8Array(path.length);

describe('delayed types', () => {
  it('keeps parameter and return types', () => {
    const d = delayed(inc)(1);
    expectTypeOf(d).toEqualTypeOf<Delayed<number>>();
    expectTypeOf(delayed(inc)(d)).toEqualTypeOf<Delayed<number>>();
    // @ts-expect-error a string is not a number
    delayed(inc)('one');
    // @ts-expect-error a Delayed<string> is not a number either
    delayed(inc)(delayedValue('one'));
    // @ts-expect-error too many arguments
    delayed(inc)(1, 2);
  });

  it('accepts Delayeds nested inside structured arguments', () => {
    const n = delayed(inc)(1);
    expectTypeOf(delayed(concat)('x', { sep: ',', items: [n, 2, n] })).toEqualTypeOf<Delayed<string>>();
    // @ts-expect-error items must be numbers
    delayed(concat)('x', { sep: ',', items: [delayedValue('a')] });
  });

  it('unwraps promises of async functions', () => {
    expectTypeOf(delayed(load)('a.png')).toEqualTypeOf<Delayed<Uint8Array>>();
  });

  it('types compute results structurally', async () => {
    const d = delayed(inc)(1);
    const out = await compute({ a: d, b: [d, 'x'] as const, c: 3 });
    expectTypeOf(out.a).toEqualTypeOf<number>();
    expectTypeOf(out.b[0]).toEqualTypeOf<number>();
    expectTypeOf(out.b[1]).toEqualTypeOf<'x'>();
    expectTypeOf(out.c).toEqualTypeOf<number>();
  });

  it('types nout destructuring per item', () => {
    const [a, b] = delayed((x: number): [number, string] => [x, String(x)], { nout: 2 })(1);
    expectTypeOf(a).toEqualTypeOf<Delayed<number>>();
    expectTypeOf(b).toEqualTypeOf<Delayed<string>>();
  });

  it('exposes the result\'s members as Delayeds, methods callable with lazy arguments', () => {
    interface Img {
      readonly shape: readonly number[];
      dtype: 'uint8' | 'float64';
      crop(rows: number): Img;
      mean(): number;
    }
    const img = delayed((path: string): Img => ({ shape: [path.length], dtype: 'uint8', crop: () => img0, mean: () => 0 }))('a');
    const img0 = {} as Img;
    expectTypeOf(img.shape).toEqualTypeOf<Delayed<readonly number[]>>();
    expectTypeOf(img.dtype).toEqualTypeOf<Delayed<'uint8' | 'float64'>>();
    expectTypeOf(img.crop(2)).toEqualTypeOf<Delayed<Img>>();
    expectTypeOf(img.crop(delayed(inc)(1)).mean()).toEqualTypeOf<Delayed<number>>();
    expectTypeOf(img.shape.at(0)).toEqualTypeOf<Delayed<number>>();
    expectTypeOf(img.shape.slice(1)).toEqualTypeOf<Delayed<number[]>>();
    // The Delayed's own members keep their types.
    expectTypeOf(img.key).toEqualTypeOf<string>();
    expectTypeOf(img.compute()).toEqualTypeOf<Promise<Img>>();
    expectTypeOf(img.shape.compute()).toEqualTypeOf<Promise<readonly number[]>>();
    // @ts-expect-error crop takes a number
    img.crop('two');
    // @ts-expect-error Img has no such member
    void img.width;
    // @ts-expect-error then is never an attribute: a Delayed is not thenable
    void img.then;
  });

  it('wraps non-function values with delayed, and computes attribute Delayeds to their types', async () => {
    expectTypeOf(delayed(5)).toEqualTypeOf<Delayed<number>>();
    expectTypeOf(delayed({ a: 'x' }).a).toEqualTypeOf<Delayed<string>>();
    const out = await compute({ s: delayed('abc').toUpperCase() });
    expectTypeOf(out.s).toEqualTypeOf<string>();
  });
});
