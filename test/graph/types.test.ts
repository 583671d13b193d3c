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
});
