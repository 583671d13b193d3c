/**
 * Where the pool puts a batch, and what an idle worker does: a long batch (or one of unknown
 * length) waits for a worker with nothing to do rather than queue behind another batch, even
 * when the busy workers are busy with another compute's work; an idle worker's event loop keeps
 * turning, so work an op left behind (a timer, a file write) still runs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compute, createPool, delayed } from 'dusk-scheduler';
import { gateOps } from './fixtures/gate-ops.ts';

const pool = createPool({ workers: 2 });
afterAll(() => pool.close());

/** Cells of the gate. */
const A0_STARTED = 0, A0_RELEASED = 1, A1_STARTED = 2, A1_RELEASED = 3, T1_STARTED = 4, T2_STARTED = 5, NEVER = 6;

async function until(cond: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('placement of batches on the pool', () => {
  it('never queues a task of unknown length behind another on a busy worker while one frees up', async () => {
    const gate = new Int32Array(new SharedArrayBuffer(4 * 8));
    const hold = delayed(gateOps.signalThenWait);
    const release = (cell: number) => { Atomics.store(gate, cell, 1); Atomics.notify(gate, cell); };
    await pool.warmup([gateOps.signalThenWait]);
    // Another compute keeps the second worker busy; the first is idle again.
    const a0 = compute(hold(gate, A0_STARTED, A0_RELEASED, 10_000), { pool });
    await until(() => Atomics.load(gate, A0_STARTED) === 1, 'the first holder started');
    const a1 = compute(hold(gate, A1_STARTED, A1_RELEASED, 10_000), { pool });
    await until(() => Atomics.load(gate, A1_STARTED) === 1, 'the second holder started');
    release(A0_RELEASED);
    expect(await a0).toBe('ok');
    try {
      // t1 waits until t2 has started. Queued behind t1 on the idle worker, t2 could start only
      // after t1 gave up; waiting for the other worker, it starts once that one is let go.
      const first = delayed(gateOps.firstTimeSignalThenWait);
      const b = compute([first(gate, T1_STARTED, T2_STARTED, 5_000), first(gate, T2_STARTED, NEVER, 0)], { pool });
      await until(() => Atomics.load(gate, T1_STARTED) === 1 || Atomics.load(gate, T2_STARTED) === 1, 'a task of the compute started');
      release(A1_RELEASED);
      const [t1, t2] = await b;
      expect(t1).not.toBe('timed-out');
      expect(t2).toBe('timed-out');
    } finally {
      release(A1_RELEASED);
    }
    expect(await a1).toBe('ok');
  });

  it("runs the timers an op left behind while its worker waits for the next batch", async () => {
    const gate = new Int32Array(new SharedArrayBuffer(4));
    expect(await compute(delayed(gateOps.signalLater)(gate, 0, 20), { pool, inlineBelowUs: 0 })).toBe(20);
    await until(() => Atomics.load(gate, 0) === 1, "the op's timer fired on its idle worker");
  });
});
