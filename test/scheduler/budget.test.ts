/**
 * How much work a batch carries (`executors/budget.ts`): the fill target of short tasks, the
 * continuations a long task takes along, and when a batch hands its rest back; and how the
 * `threads` dispatcher applies them to the user's own ops (tiny tasks, an image's chain of steps).
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  compute, createPool, delayed, Estimate, Estimates, registerExecutor, ThreadsDispatcher, type BatchRunner, type Callback, type TaskEvent,
} from 'dusk-scheduler';
import { ALONE_BELOW_US, ALONE_MAX_BYTES, chainCapUs, deadlineMs, FILL_US, fillUs, OVERRUN } from 'dusk-scheduler/testing';
import { filters, zeros } from 'dusk-image-ops';
import { ops } from './fixtures/ops.ts';

const pool = createPool({ workers: 2 });
afterAll(() => pool.close());

describe('batch budgets', () => {
  it('fills batches of short tasks to at least FILL_US unless the user chose batchMs', () => {
    expect(fillUs(5_000, true)).toBe(FILL_US);
    expect(fillUs(50_000, true)).toBe(50_000);
    expect(fillUs(5_000, false)).toBe(5_000);
    expect(fillUs(1_000, false)).toBe(1_000);
  });

  it('lets a long task take continuations up to its own duration again, or FILL_US when that is more, only when other work is ready for the other workers', () => {
    expect(chainCapUs(8_000, 5, 2)).toBe(8_000 + FILL_US);
    expect(chainCapUs(8_000, 2, 2)).toBe(8_000 + FILL_US);
    expect(chainCapUs(50_000, 2, 2)).toBe(100_000);
    expect(chainCapUs(8_000, 1, 2)).toBe(8_000);
    expect(chainCapUs(8_000, 0, 4)).toBe(8_000);
  });

  it('hands a batch back after OVERRUN times its estimate, never sooner than OVERRUN batch budgets, and treats unknown work as one budget', () => {
    expect(deadlineMs(20_000, 5_000)).toBe((OVERRUN * 20_000) / 1000 + 1);
    expect(deadlineMs(50, 5_000)).toBe((OVERRUN * 5_000) / 1000 + 1);
    expect(deadlineMs(Infinity, 5_000)).toBe((OVERRUN * 5_000) / 1000 + 1);
  });
});

describe('threads batching of the user\'s own ops', () => {
  it('sends each image\'s chain of steps as one batch when other images are ready, with every result in order, given the estimates', async () => {
    // Estimates pinned (an 8 ms load, 0.3 ms steps) and ops that return at once: no batch can
    // overrun its deadline, so the batching follows from the policy alone, at any load.
    const load = delayed(ops.inc, { name: 'load' });
    const step = delayed(ops.inc, { name: 'step' });
    const n = 10;
    const loads: TaskEvent[] = [];
    const watch: Callback = { posttask: (ev) => void (ev.name === 'load' && loads.push(ev)) };
    const r = await probe(Array.from({ length: n }, (_, i) => step(step(load(i)))), { load: 8_000, step: 300 }, undefined, [watch]);
    expect(r.out).toEqual(Array.from({ length: n }, (_, i) => i + 3));
    // One message per image (the last image or two may go step by step, with nothing else left)...
    expect(r.batches.length).toBeLessThanOrEqual(n + 4);
    expect(r.batches.reduce((x, y) => x + y, 0)).toBe(3 * n);
    // ... so a loaded image stays on its worker: it comes back to the main thread only for those.
    expect(loads).toHaveLength(n);
    expect(loads.every((ev) => ev.where === 'worker')).toBe(true);
    expect(loads.filter((ev) => ev.result !== undefined).length).toBeLessThanOrEqual(2);
  });

  it('fills batches of short tasks to FILL_US by default and to batchMs when the user chose it, given the estimates', async () => {
    // Estimates pinned at 400 µs for tiny tasks: the batch sizes follow from the policy alone.
    const sizes = await probe(Array.from({ length: 400 }, (_, i) => delayed(ops.inc, { name: 'tiny' })(i)), { tiny: 400 });
    expect(sizes.out).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    expect(Math.max(...sizes.batches)).toBe(FILL_US / 400);
    const user = await probe(Array.from({ length: 400 }, (_, i) => delayed(ops.inc, { name: 'tiny' })(i)), { tiny: 400 }, 5);
    expect(Math.max(...user.batches)).toBe(5_000 / 400 | 0);
    expect(user.out).toEqual(sizes.out);
  });

  it('gives each idle worker one of two ready short tasks instead of batching both onto one, given the estimates', async () => {
    // Two 3.5 ms tiles of a mapOverlap (short: under the 5 ms budget) on two idle workers: each
    // batch takes no more than its share of the ready tasks over the free slots, its own included.
    const tile = delayed(ops.inc, { name: 'tile' });
    const two = await probe([tile(0), tile(1)], { tile: 3_500 });
    expect(two.out).toEqual([1, 2]);
    expect(two.batches).toEqual([1, 1]);
    // Five over four free slots (two per worker): at most two in a batch, every task sent once.
    const five = await probe(Array.from({ length: 5 }, (_, i) => tile(i)), { tile: 3_500 });
    expect(five.out).toEqual([1, 2, 3, 4, 5]);
    expect(Math.max(...five.batches)).toBe(2);
    expect(five.batches.reduce((x, y) => x + y, 0)).toBe(5);
  });

  it('keeps the whole chain of an image together when its steps after a short load take more than the load, up to FILL_US, given the estimates', async () => {
    // The 512² tutorial image: a ~8 ms load then ~11 ms of steps (twice the load cut it before
    // the last step, whose input then made a round trip through the main thread).
    const load = delayed(ops.inc, { name: 'load8' });
    const gauss = delayed(ops.inc, { name: 'gauss4' });
    const save = delayed(ops.inc, { name: 'save3' });
    const n = 8;
    const r = await probe(Array.from({ length: n }, (_, i) => save(gauss(gauss(load(i))))), { load8: 8_000, gauss4: 4_000, save3: 3_000 });
    expect(r.out).toEqual(Array.from({ length: n }, (_, i) => i + 4));
    expect(r.batches.filter((b) => b === 4).length).toBeGreaterThanOrEqual(n - 2);
    expect(r.batches.reduce((x, y) => x + y, 0)).toBe(4 * n);
  });

  it('keeps a long task\'s chain together only while other tasks are ready for the other workers, and not under the user\'s batchMs, given the estimates', async () => {
    const load = delayed(ops.inc, { name: 'big' });
    const step = delayed(ops.inc, { name: 'small' });
    const n = 6;
    const r = await probe(Array.from({ length: n }, (_, i) => step(step(load(i)))), { big: 8_000, small: 3_000 });
    expect(r.out).toEqual(Array.from({ length: n }, (_, i) => i + 3));
    // 8 + 3 + 3 ms fit twice 8 ms: whole chains while two or more other loads are ready, then
    // the last loads go alone (their steps follow in batches of their own).
    expect(r.batches.filter((b) => b === 3).length).toBeGreaterThanOrEqual(n - 2);
    expect(r.batches.reduce((x, y) => x + y, 0)).toBe(3 * n);
    // With the user's own batchMs, batches follow it exactly: a load alone, each 3 ms step alone.
    const user = await probe(Array.from({ length: n }, (_, i) => step(step(load(i)))), { big: 8_000, small: 3_000 }, 5);
    expect(user.out).toEqual(r.out);
    expect(user.batches).toEqual(Array.from({ length: 3 * n }, () => 1));
  });
});

describe('a little work left', () => {
  /** Where each task of `outputs` ran, with estimates pinned and inlining at `inlineBelowUs`. */
  async function places(outputs: unknown[], pinned: Record<string, number>, inlineBelowUs: number) {
    const where: string[] = [];
    const watch: Callback = { posttask: (ev) => void where.push(ev.where) };
    const r = await probe(outputs, pinned, undefined, [watch], inlineBelowUs);
    return { where, batches: r.batches };
  }
  // A library op (dusk-image-ops declares its modules its own) and a user's op, on tiny inputs.
  const lib = delayed(filters.sobel, { name: 'tiny' });
  const user = delayed(ops.inc, { name: 'tiny' });
  const img = zeros([4, 4], { dtype: 'float64' });

  it(`runs the library's ready tasks on the main thread when nothing is on a worker and they are known to take under ${ALONE_BELOW_US} µs together, given the estimates`, async () => {
    const us = ALONE_BELOW_US * 0.4;
    expect(await places([lib(img)], { tiny: us }, 2)).toEqual({ where: ['main'], batches: [] });
    // A chain of them: each step is alone in turn.
    expect((await places([lib(lib(lib(img)))], { tiny: us }, 2)).where).toEqual(['main', 'main', 'main']);
    expect((await places([lib(img), lib(img)], { tiny: us }, 2)).where).toEqual(['main', 'main']);
  });

  it('sends them to workers when they add up to a round trip or more, when their inputs are large, or when inlining is off', async () => {
    // Measured on tiny inputs, the estimate says nothing of a task on a big one.
    const big = zeros([300, 300], { dtype: 'float64' });
    expect(big.nbytes).toBeGreaterThan(ALONE_MAX_BYTES);
    expect((await places([lib(big)], { tiny: ALONE_BELOW_US * 0.4 }, 2)).where).toEqual(['worker']);
    const two = await places([lib(img), lib(img)], { tiny: ALONE_BELOW_US * 0.6 }, 2);
    expect(two.where).toEqual(['worker', 'worker']);
    expect(two.batches).toEqual([1, 1]);
    expect((await places([lib(img)], { tiny: ALONE_BELOW_US * 2 }, 2)).where).toEqual(['worker']);
    expect((await places([lib(img)], { tiny: ALONE_BELOW_US * 0.4 }, 0)).where).toEqual(['worker']);
  });

  it("keeps the user's ops on workers however little work is left, where one that blocks or exits cannot take the main thread", async () => {
    expect(await places([user(1)], { tiny: ALONE_BELOW_US * 0.4 }, 2)).toEqual({ where: ['worker'], batches: [1] });
  });
});

/** An Estimate that keeps the value it was given (replies do not move it). */
class Pinned extends Estimate {
  constructor(us: number) {
    super();
    this.n = 1000;
    this.mean = us;
  }
  override add(): void {}
}

let probes = 0;

/**
 * Run `outputs` with the threads dispatcher on the test pool, with estimates pinned per task name
 * (µs), and record how many tasks each batch carried.
 */
async function probe(outputs: unknown[], pinned: Record<string, number>, batchMs?: number, callbacks: Callback[] = [], inlineBelowUs = 0): Promise<{ out: unknown; batches: number[] }> {
  const fixed = new Map(Object.entries(pinned).map(([name, us]) => [name, new Pinned(us)]));
  const estimates = new (class extends Estimates {
    override get(name: string): Estimate {
      return fixed.get(name) ?? super.get(name);
    }
  })();
  const batches: number[] = [];
  const runner: BatchRunner = {
    workers: pool.workers, estimates, sharesMemory: true, get closed() { return pool.closed; },
    run: (msg) => (batches.push(msg.tasks.length), pool.run(msg)),
    terminate: (t, reason) => pool.terminate(t, reason),
    terminated: (t) => pool.terminated(t),
  };
  const name = `batch-probe-${++probes}`;
  registerExecutor(name, {
    placement: 'worker', inline: 'concurrent', sharedMemory: true,
    create: (run) => new ThreadsDispatcher(run, runner, {
      batchUs: (batchMs ?? 5) * 1000, fillUs: fillUs((batchMs ?? 5) * 1000, batchMs === undefined), chains: batchMs === undefined, inlineBelowUs,
    }),
  });
  const out = await compute(outputs, { scheduler: name, optimizeGraph: false, callbacks });
  return { out, batches };
}
