/**
 * The `threads` executor: placement, batching, inlining, load spreading and pools.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { threadId } from 'node:worker_threads';
import { compute, createPool, defaultPool, delayed, Profiler, type Callback, type RunInfo } from 'dusk-scheduler';
import { libraryOps } from './fixtures/library-ops.ts';
import { ops } from './fixtures/ops.ts';

const pool = createPool({ workers: 2 });
afterAll(() => pool.close());

/** Captures the RunInfo of the run it watches. */
function lastRun(): Callback & { run?: RunInfo } {
  const cb: Callback & { run?: RunInfo } = { finish: (r) => void (cb.run = r) };
  return cb;
}

describe('threads executor', () => {
  it('runs defineOps ops on worker threads and closures on the main thread, in one graph', async () => {
    const here = delayed((_x?: unknown) => threadId);
    const there = delayed(ops.whereAmI);
    const w = there(1);
    const m = here(w);
    const w2 = there(m);
    const out = await compute({ w, m, w2 }, { pool, inlineBelowUs: 0 });
    expect(out.m).toBe(0);
    expect(pool.threadIds).toContain(out.w);
    expect(pool.threadIds).toContain(out.w2);
  });

  it('runs ops declared cheap on the main thread', async () => {
    const prof = new Profiler({ bytes: false });
    const out = await compute([delayed(ops.cheapWhere)(), delayed(ops.whereAmI)()], { pool, inlineBelowUs: 0, callbacks: [prof] });
    expect(out[0]).toBe(0);
    expect(out[1]).not.toBe(0);
    expect(prof.results.find((r) => r.name === 'cheapWhere')!.where).toBe('main');
  });

  it('awaits async ops on the worker', async () => {
    const x = delayed(ops.asyncAdd)(delayed(ops.asyncAdd)(1, 2), 3);
    expect(await compute(x, { pool, inlineBelowUs: 0, optimizeGraph: false })).toBe(6);
  });

  it('batches many small ready tasks into few messages', async () => {
    const p = createPool({ workers: 2 });
    try {
      const xs = Array.from({ length: 2000 }, (_, i) => delayed(ops.spin)(i, 0.02));
      const info = lastRun();
      const prof = new Profiler({ bytes: false });
      const out = await compute(delayed(ops.add)(...xs), { pool: p, inlineBelowUs: 0, callbacks: [info, prof] });
      expect(out).toBe((1999 * 2000) / 2);
      expect(prof.results.every((r) => r.thread !== 0)).toBe(true);
      expect(info.run!.batches).toBeLessThan(200);
    } finally {
      await p.close();
    }
  });

  it('runs an unfused chain of worker tasks on the worker, without a round trip per task', async () => {
    let x: unknown = 0;
    for (let i = 0; i < 500; i++) x = delayed(ops.inc)(x as number);
    const info = lastRun();
    expect(await compute(x, { pool, inlineBelowUs: 0, optimizeGraph: false, callbacks: [info] })).toBe(500);
    expect(info.run!.total).toBe(500);
    expect(info.run!.batches).toBeLessThan(50);
  });

  it("runs the library's worker tasks measured as trivially cheap inline on the main thread", async () => {
    const p = createPool({ workers: 2 });
    try {
      const prof = new Profiler({ bytes: false });
      const xs = Array.from({ length: 300 }, (_, i) => delayed(libraryOps.inc)(i));
      await compute(xs, { pool: p, inlineBelowUs: 1000, callbacks: [prof] });
      expect(prof.results.length).toBe(300);
      expect(prof.results.some((r) => r.thread !== 0)).toBe(true); // measured there first
      expect(prof.results.filter((r) => r.thread === 0).length).toBeGreaterThan(200);
      // The pool keeps what it measured: next time every one of them runs inline from the start.
      prof.clear();
      await compute(Array.from({ length: 300 }, (_, i) => delayed(libraryOps.inc)(i + 300)), { pool: p, inlineBelowUs: 1000, callbacks: [prof] });
      expect(prof.results.filter((r) => r.thread === 0).length).toBe(300);
    } finally {
      await p.close();
    }
  });

  it("keeps the user's ops on workers however cheap they measure (one call may block or end its thread)", async () => {
    const p = createPool({ workers: 2 });
    try {
      const prof = new Profiler({ bytes: false });
      for (let round = 0; round < 2; round++) {
        await compute(Array.from({ length: 300 }, (_, i) => delayed(ops.inc)(i + 300 * round)), { pool: p, inlineBelowUs: 1000, callbacks: [prof] });
      }
      expect(prof.results.length).toBe(600);
      expect(prof.results.filter((r) => r.thread === 0).length).toBe(0);
    } finally {
      await p.close();
    }
  });

  it('spreads long tasks over all workers and never batches them', async () => {
    for (let round = 0; round < 2; round++) {
      // round 0: durations unknown; round 1: known to be long.
      const prof = new Profiler({ bytes: false });
      const info = lastRun();
      const xs = Array.from({ length: 4 }, (_, i) => delayed(ops.spin)(i, 30));
      expect(await compute(xs, { pool, callbacks: [prof, info] })).toEqual([0, 1, 2, 3]);
      const perThread = new Map<number, number>();
      for (const r of prof.results) perThread.set(r.thread, (perThread.get(r.thread) ?? 0) + 1);
      // Each long task went alone (no batching), and both workers took some.
      expect(info.run!.batches).toBe(4);
      expect(perThread.size).toBe(2);
    }
  });

  it('hands back the rest of a batch that overruns because durations were underestimated', async () => {
    const p = createPool({ workers: 2 });
    try {
      // Learn that `spin` is tiny...
      await compute(Array.from({ length: 200 }, (_, i) => delayed(ops.spin)(i, 0.01)), { pool: p, inlineBelowUs: 0 });
      // ... then meet much bigger ones: an unfused chain would fit one batch by the estimate.
      let x: unknown = 0;
      for (let i = 0; i < 5; i++) x = delayed(ops.spin)(x as number, 20);
      const info = lastRun();
      expect(await compute(x, { pool: p, inlineBelowUs: 0, optimizeGraph: false, callbacks: [info] })).toBe(0);
      expect(info.run!.batches).toBeGreaterThanOrEqual(3);
      // Independent big ones still spread over both workers.
      await compute(Array.from({ length: 200 }, (_, i) => delayed(ops.spin)(i, 0.01)), { pool: p, inlineBelowUs: 0 });
      const prof = new Profiler({ bytes: false });
      const big = Array.from({ length: 6 }, (_, i) => delayed(ops.spin)(i, 20));
      expect(await compute(big, { pool: p, inlineBelowUs: 0, callbacks: [prof] })).toEqual([0, 1, 2, 3, 4, 5]);
      expect(new Set(prof.results.map((r) => r.thread)).size).toBe(2);
    } finally {
      await p.close();
    }
  });

  it('reuses a pool across computes, closes it, and refuses a closed pool', async () => {
    const p = createPool({ workers: 2 });
    const ids = p.threadIds;
    expect(ids).toHaveLength(2);
    expect(await compute(delayed(ops.inc)(1), { pool: p })).toBe(2);
    expect(await compute(delayed(ops.inc)(2), { pool: p })).toBe(3);
    expect(p.threadIds).toEqual(ids);
    await p.close();
    expect(p.closed).toBe(true);
    await expect(compute(delayed(ops.inc)(1), { pool: p })).rejects.toThrow(/option 'pool' is closed/);
  });

  it('closes a pool declared with await using at the end of its block', async () => {
    let p: ReturnType<typeof createPool> | undefined;
    {
      await using q = createPool({ workers: 1 });
      p = q;
      expect(await compute(delayed(ops.mul)(6, 7), { pool: q, inlineBelowUs: 0 })).toBe(42);
    }
    expect(p.closed).toBe(true);
  });

  it('shares one default pool per worker count between computes', async () => {
    const prof = new Profiler({ bytes: false });
    await compute(delayed(ops.whereAmI)(), { workers: 1, inlineBelowUs: 0, callbacks: [prof] });
    const shared = defaultPool(1);
    expect(defaultPool(1)).toBe(shared);
    expect(shared.threadIds).toContain(prof.results[0]!.thread);
    await shared.close();
  });

  it('warms a pool up: every worker starts and imports the given op modules', async () => {
    const p = createPool({ workers: 2 });
    try {
      await p.warmup([ops.inc]);
      expect(p.threadIds).toHaveLength(2);
      expect(await compute(delayed(ops.inc)(1), { pool: p })).toBe(2);
      await expect(p.warmup([(() => 1) as () => number])).rejects.toThrow(/Pool.warmup: ops\[0\] .* is not an op registered with defineOps/);
    } finally {
      await p.close();
    }
  });

  it('rejects a workers option that disagrees with the pool', async () => {
    await expect(compute(delayed(ops.inc)(1), { pool, workers: 3 })).rejects.toThrow(/option 'workers' \(3\) disagrees with option 'pool'/);
    expect(() => createPool({ workers: 0 })).toThrow(/createPool: option 'workers'/);
  });
});
