/**
 * The timeout watchdog and the stopper on their own, over progress cells written by hand as a
 * worker would: which batches they report or terminate, and when.
 */
import { describe, expect, it } from 'vitest';
import { newControl, NOT_STARTED, progressCell, sinceEpoch, STARTED_CELL, Stopper, suspendedCell, THREAD_CELL, Watchdog, type SlotState } from 'dusk-scheduler/testing';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Write slot `slot`'s cells as a worker on thread `thread` would, `ago` ms after `epoch`'s now. */
function put(control: Int32Array, slot: number, task: number, thread: number, startedAgo: number, epoch: number): void {
  const c = progressCell(slot);
  control[c] = task;
  control[c + STARTED_CELL] = Math.max(0, sinceEpoch(epoch) - startedAgo);
  control[c + THREAD_CELL] = thread;
}

describe('timeout watchdog', () => {
  it('reports a running or suspended task past the timeout, once, and leaves the others alone', async () => {
    const control = newControl(5);
    const epoch = performance.timeOrigin + performance.now() - 10_000;
    const expired: [number, SlotState][] = [];
    const dog = new Watchdog(control, epoch, 50, (slot, st) => expired.push([slot, st]), 500);
    put(control, 0, 3, 7, 1_000, epoch); // running task 3 for a second: expired
    put(control, 1, suspendedCell(2), 8, 1_000, epoch); // awaiting in task 2 for a second: expired
    put(control, 2, 0, 9, 0, epoch); // just started: not yet
    put(control, 3, NOT_STARTED, 0, 1_000, epoch); // queued, no worker took it: never
    put(control, 4, NOT_STARTED, 10, 100, epoch); // importing op modules for 100 ms: under the load limit
    for (let s = 0; s < 5; s++) dog.watch(s);
    await sleep(30);
    expect(expired.map(([slot, st]) => [slot, st.thread]).sort((a, b) => a[0]! - b[0]!)).toEqual([[0, 7], [1, 8]]);
    await sleep(600);
    // Slot 2 passed the timeout meanwhile, slot 4 the load limit; 0 and 1 are not reported again.
    expect(expired.map(([slot]) => slot).sort((a, b) => a - b)).toEqual([0, 1, 2, 4]);
    dog.unwatch(3);
  });

  it('lets the load limit default to a minute, or the timeout when longer', () => {
    const control = newControl(1);
    expect(new Watchdog(control, 0, 50, () => {}).loadTimeoutMs).toBe(60_000);
    expect(new Watchdog(control, 0, 120_000, () => {}).loadTimeoutMs).toBe(120_000);
  });
});

describe('stopper after a failed run', () => {
  const setup = () => {
    const control = newControl(2);
    const epoch = performance.timeOrigin + performance.now();
    const terminated: [number, string][] = [];
    const run = { tasks: [{ key: 'a' }, { key: 'b' }], fail: () => {} };
    const pool = { terminate: (thread: number, reason: Error) => void terminated.push([thread, reason.message]) };
    return { control, epoch, terminated, stopper: new Stopper(run, pool, control, epoch, undefined) };
  };

  it('terminates the workers still busy with its batches once the grace has passed', async () => {
    const { control, epoch, terminated, stopper } = setup();
    stopper.sending(0);
    stopper.sent(0, [0]);
    stopper.sending(1);
    stopper.sent(1, [1]);
    put(control, 0, 0, 7, 0, epoch); // running on thread 7
    put(control, 1, NOT_STARTED, 0, 0, epoch); // queued: no worker took it yet
    stopper.afterFailure(40);
    await sleep(15);
    expect(terminated).toEqual([]);
    await sleep(60);
    expect(terminated).toEqual([[7, 'the compute had failed; its tasks still running 40 ms later were stopped']]);
  });

  it('terminates nothing when the batches finish within the grace', async () => {
    const { control, epoch, terminated, stopper } = setup();
    stopper.sending(0);
    stopper.sent(0, [0]);
    put(control, 0, 0, 7, 0, epoch);
    stopper.afterFailure(40);
    stopper.released(0);
    await sleep(80);
    expect(terminated).toEqual([]);
  });
});
