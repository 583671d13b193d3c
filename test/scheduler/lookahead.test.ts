/**
 * The run's look-ahead (`loop/lookahead.ts`): roots more than the window ahead of the front wait
 * only while the held intermediates weigh the budget. Both tests hold the front of the run — the
 * first input of a serial reduction, a worker op waiting on a flag — until the scheduler has
 * stopped starting roots (nothing but that op running, twice in a row) or every other root ran,
 * and count the roots that ran meanwhile.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compute, createPool, delayed, type Callback, type Delayed, type RunInfo } from 'dusk-scheduler';
import { LOOKAHEAD_BYTES, RESULT_OVERHEAD_BYTES, setLookaheadBytes } from 'dusk-scheduler/testing';
import { ops } from './fixtures/ops.ts';

const pool = createPool({ workers: 2 });
afterAll(() => pool.close());

/** `2 × slots × MAX_SIBLINGS` (`executors/threads.ts`) for this pool: 2 workers × 2 slots. */
const WINDOW = 2 * 4 * 64;

/**
 * `n` roots folded by a main-thread reduction. Root 0, the front of the run, is a worker op that
 * waits (asynchronously, its batch in flight) until the run stalls — nothing but it running, at
 * two polls in a row — or every other root finished; `root(i)` makes the others. Returns the
 * roots finished by then and the run's info.
 */
async function heldFront(n: number, root: (i: number) => Delayed<unknown>): Promise<{ rootsBefore: number; info: RunInfo }> {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  let rootsDone = 0;
  let rootsBefore = -1;
  let info: RunInfo | undefined;
  const open = () => {
    if (rootsBefore < 0) rootsBefore = rootsDone;
    Atomics.store(flag, 0, 1);
  };
  let idlePolls = 0;
  const poll = setInterval(() => {
    idlePolls = info !== undefined && info.running === 1 ? idlePolls + 1 : 0;
    if (idlePolls >= 2) open();
  }, 5);
  const watch: Callback = {
    start: (run) => void (info = run),
    posttask: (t) => {
      if (t.where === 'worker' && ++rootsDone === n - 1) open();
    },
  };
  const roots = Array.from({ length: n }, (_, i) => (i === 0 ? delayed(ops.waitFlag)(flag, 0) : root(i)));
  let total: Delayed<number> = delayed((r: unknown) => (r === undefined ? 0 : 1))(roots[0]);
  for (let i = 1; i < n; i++) total = delayed((acc: number, r: unknown) => acc + (r === undefined ? 0 : 1))(total, roots[i]);
  try {
    expect(await compute(total, { pool, inlineBelowUs: 0, optimizeGraph: false, callbacks: [watch] })).toBe(n);
  } finally {
    clearInterval(poll);
  }
  return { rootsBefore, info: info! };
}

describe('look-ahead in bytes', () => {
  it('lets roots with tiny results run far past the window while the front waits', async () => {
    const n = 3 * WINDOW;
    const { rootsBefore, info } = await heldFront(n, (i) => delayed(ops.inc)(i));
    // The count window alone stopped near WINDOW / 2 roots (two positions per image).
    expect(rootsBefore).toBe(n - 1);
    expect(info.peakLiveBytes).toBeLessThan(LOOKAHEAD_BYTES);
    expect(info.peakLiveBytes).toBeGreaterThanOrEqual((n - 1) * RESULT_OVERHEAD_BYTES);
  });

  it('keeps roots with large results within the window once the held ones weigh the budget', async () => {
    const n = 3 * WINDOW;
    const each = 16 * 1024 + RESULT_OVERHEAD_BYTES;
    const restore = setLookaheadBytes(1024 * 1024);
    let out: Awaited<ReturnType<typeof heldFront>>;
    try {
      out = await heldFront(n, (i) => delayed(ops.makeShared)(2048, i));
    } finally {
      restore();
    }
    // Unbounded, all n results (~25 MB) would be held: the window's roots and the budget bound them.
    expect(out.rootsBefore).toBeLessThan(n - 1);
    expect(out.info.peakLiveBytes).toBeGreaterThan(1024 * 1024);
    expect(out.info.peakLiveBytes).toBeLessThan(WINDOW * each + 1024 * 1024);
    expect(out.info.liveBytes).toBe(0);
  });
});
