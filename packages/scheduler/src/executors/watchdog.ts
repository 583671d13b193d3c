/**
 * The per-task timeout of the `threads` executor (`compute(x, { timeout })`).
 *
 * A worker writes, for its batch slot, which task it is on and when that task started
 * (`worker/protocol.ts`), so the main thread can tell how long the current task of every batch in
 * flight has been running (or suspended in an await) without a message from a worker that may be
 * stuck in `while (true) {}`. While batches are watched, a timer checks them every
 * `timeout / 10` ms (between 5 and 250 ms); a task past its timeout is reported once through
 * `onExpired`, which fails the run and terminates the worker (`threads.ts`). Importing a batch's
 * op modules (before its first task) is a worker's one-time cost, not the task's: it is not held
 * to the per-task timeout, only to `loadTimeoutMs` (at least a minute), so a cold worker on a busy
 * machine never fails a short timeout while an import that never ends is still caught. Batches stay
 * watched after their run failed, so a stuck task of a failed run still frees its worker.
 *
 * The timer is unref'd: while a batch is in flight its worker keeps the process alive anyway.
 * State: the watched slots and the timer (running only while some slot is watched).
 */
import { isActive, isStarted, readSlot, sinceEpoch, type SlotState } from '../worker/protocol.ts';

/** The least time a worker may spend importing a batch's op modules before it counts as stuck. */
export const LOAD_TIMEOUT_MS = 60_000;

export class Watchdog {
  private readonly slots = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly period: number;

  constructor(
    private readonly control: Int32Array,
    private readonly epoch: number,
    readonly timeoutMs: number,
    private readonly onExpired: (slot: number, state: SlotState) => void,
    readonly loadTimeoutMs = Math.max(timeoutMs, LOAD_TIMEOUT_MS),
  ) {
    this.period = Math.min(250, Math.max(5, timeoutMs / 10));
  }

  watch(slot: number): void {
    this.slots.add(slot);
    this.timer ??= setInterval(() => this.check(), this.period).unref();
  }

  unwatch(slot: number): void {
    this.slots.delete(slot);
    if (this.slots.size === 0) this.stop();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    const now = sinceEpoch(this.epoch);
    for (const slot of this.slots) {
      const s = readSlot(this.control, slot);
      if (!isActive(s) || now - s.started <= (isStarted(s.task) ? this.timeoutMs : this.loadTimeoutMs)) continue;
      this.slots.delete(slot);
      this.onExpired(slot, s);
    }
    if (this.slots.size === 0) this.stop();
  }
}
