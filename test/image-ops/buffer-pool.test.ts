/**
 * The process-wide buffer pool never hands out a buffer that something can still read
 * (issue 16, item 1): results and outputs the caller holds, `persist` results and values passed
 * into the graph, inputs of user ops (which may keep them), a view a library op returns over its
 * input, buffers a worker is still reading while another result dies, a failed run and a worker
 * that crashed. After each run, `handsOut` takes many allocations of the protected size from the
 * main thread's pool (which serves `sync` runs and ships to workers) and checks that none is a
 * protected buffer and that the protected data is intact. Reuse itself is shown by the counters.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { compute, delayed, persist } from 'dusk-graph';
import { createPool } from 'dusk-scheduler';
import { allocate, clearRecycled, filters, recycleStats, util, type NDArray } from 'dusk-image-ops';
import { maxAbsDiff, noise } from '../helpers/index.ts';
import { keptByUser, poolOps } from './helpers/pool-ops.ts';

const sync = { scheduler: 'sync' } as const;
/** 512² float64: 2 MB, above the pool's 1 MB threshold. */
const SHAPE = [512, 512];

const pools: ReturnType<typeof createPool>[] = [];
/** A fresh two-worker pool (no duration estimates yet: every task goes alone to an idle worker). */
function freshPool(): { pool: ReturnType<typeof createPool>; inlineBelowUs: 0 } {
  const pool = createPool({ workers: 2 });
  pools.push(pool);
  return { pool, inlineBelowUs: 0 };
}
afterAll(() => Promise.all(pools.map((p) => p.close())));
afterEach(() => clearRecycled());

/**
 * Take 40 allocations of each protected array's byte length from this thread's pool: none may
 * be a protected buffer, and every protected array must still equal its expected value.
 */
function expectNeverHandedOut(protectedArrays: readonly NDArray[], expected: readonly NDArray[]): void {
  const buffers = new Set(protectedArrays.map((a) => a.data.buffer));
  for (const a of protectedArrays) {
    for (let i = 0; i < 40; i++) {
      const b = allocate('uint8', a.data.byteLength);
      expect(buffers.has(b.buffer)).toBe(false);
      b.fill(7);
    }
  }
  protectedArrays.forEach((a, i) => expect(maxAbsDiff(a, expected[i]!)).toBe(0));
}

describe('the buffer pool and what a caller holds', () => {
  it('reuses the buffer of a dead intermediate, never that of an output a view of it reaches', async () => {
    const x = noise(SHAPE), x2 = noise(SHAPE, 2);
    const a = delayed(filters.gaussian)(x, { sigma: 1 });
    const view = delayed(util.imgAsFloat)(a); // float64 in: returns its input itself
    const dead = delayed(filters.gaussian)(x2, { sigma: 1 });
    const graph = [view, delayed(poolOps.sumOf)(a), delayed(filters.gaussian)(view, { sigma: 2 }), delayed(poolOps.sumOf)(dead), delayed(filters.sobel)(dead)];
    clearRecycled();
    const before = recycleStats();
    const [v, , w, , s] = (await compute(graph, sync)) as [NDArray, number, NDArray, number, NDArray];
    // `dead` died (its two consumers finished) and went back; `a` died too, but `view` reaches its buffer.
    expect(recycleStats().pooled - before.pooled).toBe(1);
    expectNeverHandedOut([v, w, s], [filters.gaussian(x, { sigma: 1 }), filters.gaussian(filters.gaussian(x, { sigma: 1 }), { sigma: 2 }), filters.sobel(filters.gaussian(x2, { sigma: 1 }))]);
  });

  it('hands the dead buffer to the next allocation of its size in the same run', async () => {
    const images = [1, 2, 3, 4].map((s) => noise(SHAPE, s));
    // Each gaussian output has two consumers, so it is a result of its own that dies once both finished.
    const graph = images.map((x) => {
      const g = delayed(filters.gaussian)(x, { sigma: 1 });
      return [delayed(poolOps.sumOf)(g), delayed(filters.sobel)(g)];
    });
    const before = recycleStats();
    const out = (await compute(graph, sync)) as [number, NDArray][];
    const after = recycleStats();
    expect(after.pooled - before.pooled).toBe(4);
    expect(after.reused - before.reused).toBeGreaterThanOrEqual(3);
    images.forEach((x, i) => expect(maxAbsDiff(out[i]![1], filters.sobel(filters.gaussian(x, { sigma: 1 })))).toBe(0));
    expect(new Set(out.map(([, s]) => s.data.buffer)).size).toBe(4);
  });

  it('never reuses a persisted result or an array passed into the graph, though results reaching them die', async () => {
    const x = noise(SHAPE, 3);
    const p = await persist(delayed(filters.gaussian)(noise(SHAPE, 4), { sigma: 1 }), sync);
    const held = await compute(p, sync);
    const expectedP = filters.gaussian(noise(SHAPE, 4), { sigma: 1 });
    // imgAsFloat returns its float64 input itself: these results reach the caller's buffers, then die.
    const graph = [x, p].map((v) => {
      const same = delayed(util.imgAsFloat)(v);
      return [delayed(poolOps.sumOf)(same), delayed(filters.gaussian)(same, { sigma: 1 })];
    });
    await compute(graph, sync);
    expectNeverHandedOut([x, held], [noise(SHAPE, 3), expectedP]);
  });
});

describe('the buffer pool and user functions', () => {
  const users: [string, (a: unknown) => unknown][] = [
    ['a user op that does not say whether it keeps its input', poolOps.keepIt as (a: unknown) => unknown],
    ['a main-thread closure', (a) => poolOps.keepIt(a as NDArray)],
  ];
  it.each(users)('never reuses the input of %s, which may keep it', async (_name, fn) => {
    keptByUser.length = 0;
    const x = noise(SHAPE, 5);
    const a = delayed(filters.gaussian)(x, { sigma: 1 });
    const before = recycleStats().pooled;
    await compute([delayed(fn)(a), delayed(filters.sobel)(a)], sync);
    expect(recycleStats().pooled).toBe(before);
    expectNeverHandedOut([keptByUser[0]!], [filters.gaussian(x, { sigma: 1 })]);
  });

  it('reuses the input of a user op declared retains: false', async () => {
    const a = delayed(filters.gaussian)(noise(SHAPE, 6), { sigma: 1 });
    const before = recycleStats().pooled;
    await compute([delayed(poolOps.sumOf)(a), delayed(filters.sobel)(a)], sync);
    expect(recycleStats().pooled - before).toBe(1);
  });
});

describe('the buffer pool across worker threads', () => {
  it('never hands out a buffer a worker is still reading while the result that made it dies', async () => {
    // a dies once `view` and `sumA` finished, but `view` (a itself) is still read by slowSum on a
    // worker; meanwhile a main-thread closure allocates an array of the same size.
    const x = noise(SHAPE, 7), y = noise(SHAPE, 8);
    const a = delayed(filters.gaussian)(x, { sigma: 1 });
    const view = delayed(util.imgAsFloat)(a);
    const slow = delayed(poolOps.slowSum)(view, 400);
    const quick = delayed(poolOps.sumOf)(view);
    const sumA = delayed(poolOps.sumOf)(a);
    const meanwhile = delayed((yy: NDArray, _a: unknown, _b: unknown) => filters.gaussian(yy, { sigma: 3 }))(y, sumA, quick);
    const [s, m] = (await compute([slow, meanwhile], freshPool())) as [number, NDArray];
    expect(s).toBe(filters.gaussian(x, { sigma: 1 }).sum());
    expect(maxAbsDiff(m, filters.gaussian(y, { sigma: 3 }))).toBe(0);
  });

  it('reuses buffers across threads: workers give back what died, the main thread ships it with later batches', async () => {
    const opts = freshPool();
    const images = Array.from({ length: 6 }, (_, i) => noise(SHAPE, 10 + i));
    const graph = () => images.map((x) => {
      const g = delayed(filters.gaussian)(x, { sigma: 1 });
      return [delayed(poolOps.sumOf)(g), delayed(filters.sobel)(g)];
    });
    const before = recycleStats();
    await compute(graph(), opts);
    const out = (await compute(graph(), opts)) as [number, NDArray][];
    const after = recycleStats();
    expect(after.pooled - before.pooled).toBeGreaterThanOrEqual(6);
    expect(after.shipped - before.shipped).toBeGreaterThanOrEqual(1);
    images.forEach((x, i) => expect(maxAbsDiff(out[i]![1], filters.sobel(filters.gaussian(x, { sigma: 1 })))).toBe(0));
    expect(new Set(out.map(([, s]) => s.data.buffer)).size).toBe(6);
    expectNeverHandedOut(out.map(([, s]) => s), images.map((x) => filters.sobel(filters.gaussian(x, { sigma: 1 }))));
  });

  it('gives nothing back from a failed run while a worker still reads its results', async () => {
    const x = noise(SHAPE, 20);
    const probe = new Float64Array(new SharedArrayBuffer(16)).fill(NaN);
    const a = delayed(filters.gaussian)(x, { sigma: 1 });
    // failAfter fails only once slowSum has started on the other worker (however slowly workers start).
    const run = compute([delayed(poolOps.slowSum)(a, 500, probe), delayed(poolOps.failAfter)(a, 50, probe)], freshPool());
    await expect(run).rejects.toThrow(/failAfter: failed on purpose/);
    // The run is over; slowSum still sleeps on its worker, holding a.
    for (let i = 0; i < 40; i++) allocate('float64', x.size).fill(7);
    await expect.poll(() => probe[0], { timeout: 10_000, interval: 50 }).not.toBeNaN();
    expect(probe[0]).toBe(filters.gaussian(x, { sigma: 1 }).sum());
  });

  it('keeps working after a worker crashed, with what it shipped lost and nothing handed out twice', async () => {
    const opts = freshPool();
    const x = noise(SHAPE, 30);
    const g = delayed(filters.gaussian)(x, { sigma: 1 });
    await compute([delayed(poolOps.sumOf)(g), delayed(filters.sobel)(g)], opts); // teaches the shipping and fills the pool
    await expect(compute([delayed(poolOps.crash)(delayed(filters.gaussian)(x, { sigma: 2 })), delayed(filters.sobel)(g)], opts)).rejects.toThrow();
    const images = [31, 32, 33].map((s) => noise(SHAPE, s));
    const out = (await compute(images.map((y) => delayed(filters.sobel)(delayed(filters.gaussian)(y, { sigma: 1 }))), opts)) as NDArray[];
    expect(new Set(out.map((o) => o.data.buffer)).size).toBe(3);
    expectNeverHandedOut(out, images.map((y) => filters.sobel(filters.gaussian(y, { sigma: 1 }))));
  });
});

describe('the buffer pool when the process is idle', () => {
  const script = fileURLToPath(new URL('./fixtures/pool-idle-script.ts', import.meta.url));
  /** Run the script in its own process (killed if it does not end by itself within 60 s). */
  async function runScript(env: Record<string, string>): Promise<{ afterRun: { pooledBytes: number; pooled: number }; afterIdle: { pooledBytes: number }; sums: number[] }> {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
      timeout: 60_000, killSignal: 'SIGKILL', env: { ...process.env, ...env },
    });
    return JSON.parse(stdout.trim().split('\n').at(-1)!);
  }

  it('releases its memory when idle and lets the process end by itself; DUSK_BUFFER_POOL=0 keeps nothing, same results', async () => {
    const [on, off] = await Promise.all([runScript({}), runScript({ DUSK_BUFFER_POOL: '0' })]);
    expect(on.afterRun.pooled).toBeGreaterThanOrEqual(6);
    expect(on.afterIdle.pooledBytes).toBe(0);
    expect(off.afterRun.pooled).toBe(0);
    expect(off.afterRun.pooledBytes).toBe(0);
    expect(on.sums).toEqual(off.sums);
  });
});

describe('allocate options', () => {
  it('takes one options object and names an unknown or ill-typed field', () => {
    expect(allocate('uint8', 4, { zeroed: false, shared: false }).buffer).toBeInstanceOf(ArrayBuffer);
    expect(() => allocate('uint8', 4, { zero: false } as never)).toThrow(/allocate.*zero/);
    expect(() => allocate('uint8', 4, { zeroed: 'no' } as never)).toThrow(/allocate.*zeroed.*boolean/);
  });
});
