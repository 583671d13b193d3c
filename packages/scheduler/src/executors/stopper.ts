/**
 * Stopping a run's worker tasks that will not stop by themselves (for `threads.ts`).
 *
 * The run's cancel flag stops a batch between tasks; a task stuck in `while (true) {}` never gets
 * there. So the dispatcher tells the stopper which batch holds each progress slot while it is in
 * flight, and the stopper ends the workers themselves (`Pool.terminate`; piscina replaces them):
 * - on abort (`terminateActive`): every worker still busy with a batch of the run — running or
 *   awaiting in a task, or importing its op modules;
 * - with a `timeout` (`watchdog.ts`): the worker of a task past it, after failing the run with a
 *   TimeoutError naming the task (the batch's first task when its worker never finished
 *   importing the op modules);
 * - after the run failed (`afterFailure`): its batches stop between tasks, and those still busy
 *   `FAILED_RUN_GRACE_MS` later are stuck or no longer wanted (their results are dropped), so
 *   their workers are terminated too. Without this, a task that never returns would keep its
 *   worker — and batches of later computes queued behind it, and the process — busy for ever.
 * `sending` stamps a slot's cells before a batch goes out (not started, no thread, started now),
 * so nothing of the slot's previous batch is ever read as this one's progress.
 * State: the members of the batch in each slot while in flight, the watchdog (with a timeout) and
 * the grace timer after a failure.
 */
import { timeoutError } from '../util/errors.ts';
import {
  isActive, isStarted, NOT_STARTED, progressCell, readSlot, REPLY_CELL, sinceEpoch, STARTED_CELL, taskOfCell, THREAD_CELL, type SlotState,
} from '../worker/protocol.ts';
import { Watchdog } from './watchdog.ts';

/** How long a failed run's batches may keep their workers busy before these are terminated. */
export const FAILED_RUN_GRACE_MS = 30_000;

/** What the stopper needs of the run: its tasks' keys, and failing it. */
export interface StoppableRun {
  readonly tasks: readonly { readonly key: string }[];
  fail(id: number, cause: unknown, step?: number): void;
}

/** What the stopper needs of the pool: ending one of its workers on purpose. */
export interface WorkerTerminator {
  terminate(thread: number, reason: Error): void;
}

export class Stopper {
  private readonly inSlot: (readonly number[] | undefined)[] = [];
  private readonly watchdog: Watchdog | undefined;
  private grace: NodeJS.Timeout | undefined;
  private inFlight = 0;

  constructor(
    private readonly run: StoppableRun,
    private readonly pool: WorkerTerminator,
    private readonly control: Int32Array,
    private readonly epoch: number,
    timeoutMs: number | undefined,
  ) {
    if (timeoutMs !== undefined) {
      const watchdog: Watchdog = new Watchdog(control, epoch, timeoutMs, (slot, st) => this.onTimeout(slot, st, watchdog));
      this.watchdog = watchdog;
    }
  }

  /** Reset `slot`'s cells for a batch about to be sent. */
  sending(slot: number): void {
    const c = progressCell(slot);
    Atomics.store(this.control, c, NOT_STARTED);
    Atomics.store(this.control, c + THREAD_CELL, 0);
    Atomics.store(this.control, c + REPLY_CELL, 0);
    Atomics.store(this.control, c + STARTED_CELL, sinceEpoch(this.epoch));
  }

  /** The batch `members` is in flight in `slot`. */
  sent(slot: number, members: readonly number[]): void {
    this.inSlot[slot] = members;
    this.inFlight++;
    this.watchdog?.watch(slot);
  }

  /** The batch in `slot` settled (replied or was rejected). */
  released(slot: number): void {
    if (this.inSlot[slot] === undefined) return;
    this.inSlot[slot] = undefined;
    this.watchdog?.unwatch(slot);
    if (--this.inFlight === 0 && this.grace !== undefined) {
      clearTimeout(this.grace);
      this.grace = undefined;
    }
  }

  /** The run failed: terminate the workers still busy with its batches `graceMs` from now. */
  afterFailure(graceMs = FAILED_RUN_GRACE_MS): void {
    if (this.grace !== undefined || this.inFlight === 0) return;
    // Unref'd: while a batch is in flight its worker keeps the process alive anyway.
    this.grace = setTimeout(() => {
      this.grace = undefined;
      this.terminateActive(new Error(`the compute had failed; its tasks still running ${graceMs} ms later were stopped`));
    }, graceMs).unref();
  }

  /** Terminate the workers busy with a batch of this run (abort). */
  terminateActive(reason: Error): void {
    for (let slot = 0; slot < this.inSlot.length; slot++) {
      const st = this.inSlot[slot] && readSlot(this.control, slot);
      if (st && isActive(st)) this.pool.terminate(st.thread, reason);
    }
  }

  /** The batch in `slot` passed its limit: fail the run with its task, replace its worker. */
  private onTimeout(slot: number, st: SlotState, watchdog: Watchdog): void {
    const members = this.inSlot[slot];
    if (!members) return;
    const loading = !isStarted(st.task);
    const x = members[loading ? 0 : Math.min(taskOfCell(st.task), members.length - 1)]!;
    const ms = loading ? watchdog.loadTimeoutMs : watchdog.timeoutMs;
    const err = timeoutError(this.run.tasks[x]!.key, ms, `its worker (thread ${st.thread}) was terminated and replaced`, loading);
    this.run.fail(x, err, st.step);
    this.pool.terminate(st.thread, err);
  }
}
