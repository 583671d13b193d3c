/**
 * compute/persist through the graph package's own sequential 'local' scheduler (the scheduler
 * package's executors have their own conformance suite).
 */
import { describe, expect, it } from 'vitest';
import { compute, delayed, persist, TaskError, Delayed } from 'dusk-graph';

const opts = { scheduler: 'local' } as const;

describe('compute (local scheduler)', () => {
  it('returns the same nested structure with results in place of Delayeds', async () => {
    const inc = delayed((x: number) => x + 1);
    const a = inc(1);
    const out = await compute({ a, list: [a, inc(a), 'text'], map: new Map([['k', inc(10)]]), n: null }, opts);
    expect(out).toEqual({ a: 2, list: [2, 3, 'text'], map: new Map([['k', 11]]), n: null });
  });

  it('runs shared dependencies once', async () => {
    let calls = 0;
    const shared = delayed(() => (calls++, 5))();
    const double = delayed((x: number) => 2 * x);
    await compute([double(shared), double(shared), shared], opts);
    expect(calls).toBe(1);
  });

  it('awaits async functions', async () => {
    const later = delayed(async (x: number) => { await new Promise((r) => setTimeout(r, 1)); return x * 3; });
    expect(await delayed((x: number) => x + 1)(later(2)).compute(opts)).toBe(7);
  });

  it('reports a failing task as a TaskError naming its key and op, with the cause', async () => {
    const boom = delayed(function explode(_x: number): number { throw new RangeError('bad pixel'); });
    const d = boom(1);
    const err = await compute(delayed((x: number) => x)(d), { ...opts, optimizeGraph: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskError);
    expect(err).toMatchObject({ key: d.key, op: 'explode', message: `task '${d.key}' (explode) failed: RangeError: bad pixel` });
    expect((err as TaskError).cause).toBeInstanceOf(RangeError);
  });

  it('rejects an unknown scheduler, listing the known ones', async () => {
    await expect(compute(delayed(() => 1)(), { scheduler: 'gpu' })).rejects.toThrow(/option 'scheduler' must be one of 'local'.* \(received "gpu"\)/);
  });

  it('persists results so later graphs start from them', async () => {
    let calls = 0;
    const slow = delayed((x: number) => (calls++, x * 10));
    const [p] = await persist([slow(4)], opts);
    expect(p).toBeInstanceOf(Delayed);
    expect(calls).toBe(1);
    expect(await delayed((x: number) => x + 1)(p!).compute(opts)).toBe(41);
    expect(calls).toBe(1);
  });

  it('computes plain values without Delayeds as themselves', async () => {
    expect(await compute([1, { a: 'b' }], opts)).toEqual([1, { a: 'b' }]);
  });
});
