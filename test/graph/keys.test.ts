import { describe, expect, it } from 'vitest';
import { compute, defineOps, delayed, keySplit, tokenize, isDelayed } from 'dusk-graph';

describe('keys', () => {
  it('runs a pure call built twice only once (common-subexpression elimination)', async () => {
    let calls = 0;
    const slow = (x: number) => (calls++, x * 10);
    const a = delayed(slow, { pure: true })(3);
    const b = delayed(slow, { pure: true })(3);
    expect(a.key).toBe(b.key);
    expect(await compute([a, b, delayed((x: number, y: number) => x + y)(a, b)])).toEqual([30, 30, 60]);
    expect(calls).toBe(1);
  });

  it('runs an impure call built twice twice', async () => {
    let calls = 0;
    const tick = (x: number) => (calls++, x);
    const a = delayed(tick)(3);
    const b = delayed(tick)(3);
    expect(a.key).not.toBe(b.key);
    await compute([a, b]);
    expect(calls).toBe(2);
  });

  it('gives pure calls with different arguments or functions different keys', () => {
    const f = (x: unknown) => x;
    const g = (x: unknown) => x;
    const k = (fn: (x: unknown) => unknown, x: unknown) => delayed(fn, { pure: true, name: 'same' })(x).key;
    expect(k(f, 1)).not.toBe(k(f, 2));
    expect(k(f, 1)).not.toBe(k(g, 1));
    expect(k(f, { a: [1, 2] })).toBe(k(f, { a: [1, 2] }));
    expect(k(f, { a: [1, 2] })).not.toBe(k(f, { a: [1, 3] }));
    expect(k(f, '1')).not.toBe(k(f, 1));
  });

  it('gives pure calls on two distinct symbols of one description two tasks', () => {
    const id = (x: unknown) => x;
    const a = Symbol('a');
    const k = (x: unknown) => delayed(id, { pure: true })(x).key;
    expect(k(Symbol('a'))).not.toBe(k(Symbol('a')));
    expect(k(a)).toBe(k(a));
    expect(k(Symbol.for('dusk-test'))).toBe(k(Symbol.for('dusk-test')));
    expect(k(Symbol.for('a'))).not.toBe(k(Symbol('a')));
    expect(k({ s: Symbol('a') })).not.toBe(k({ s: Symbol('a') }));
    expect(k(Symbol.iterator)).not.toBe(k(Symbol.asyncIterator));
  });

  it('tells -0 from 0 but takes every NaN as equal, as Object.is does', () => {
    const t = (x: unknown) => tokenize([x], isDelayed);
    expect(t(-0)).not.toBe(t(0));
    expect(t([0, -0])).not.toBe(t([0, 0]));
    expect(t(NaN)).toBe(t(Number.NaN));
    expect(t(0 / 0)).toBe(t(NaN));
    expect(t(NaN)).not.toBe(t('NaN'));
    expect(t(Infinity)).not.toBe(t(-Infinity));
  });

  it('does not confuse plain objects whose keys spell the same fingerprint', () => {
    const t = (x: unknown) => tokenize([x], isDelayed);
    expect(t({ a: 1, b: 2 })).not.toBe(t({ 'a:n1,b': 2 }));
    expect(t({ b: 2, a: 1 })).toBe(t({ a: 1, b: 2 }));
    expect(t({ [Symbol('s')]: 1 })).not.toBe(t({}));
  });

  it('tokenizes typed arrays by identity, without reading their bytes', () => {
    const big = new Float64Array(1 << 22);
    const t0 = tokenize([big], isDelayed);
    big[123] = 5; // same object: same token (identity-based)
    expect(tokenize([big], isDelayed)).toBe(t0);
    expect(tokenize([new Float64Array(1 << 22)], isDelayed)).not.toBe(t0);
  });

  it('identifies ops by module and name, so one op defined twice tokenizes alike', () => {
    const ops1 = defineOps('file:///virtual/ops-a.ts', { scale: (x: number) => x * 2 });
    const ops2 = defineOps('file:///virtual/ops-a.ts', { scale: (x: number) => x * 2 });
    expect(tokenize([ops1.scale], isDelayed)).toBe(tokenize([ops2.scale], isDelayed));
  });

  it('splits keys into names as Dask does', () => {
    expect(keySplit('inc-12')).toBe('inc');
    expect(keySplit('load-image-0123456789abcdef')).toBe('load-image');
    expect(keySplit('x')).toBe('x');
    expect(keySplit('hello-world-1-2')).toBe('hello-world');
  });
});
