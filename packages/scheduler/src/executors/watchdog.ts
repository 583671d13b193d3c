/**
 * The per-task timeout of the `threads` executor (`compute(x, { timeout })`).
 *
 * A worker writes, for its batch slot, which task it is on and when that task started
 * (`worker/protocol.ts`), so the main thread can tell how long the current task of every batch in
 * flight has been running (or suspended in an await) without a message from a worker that may be
 * stuck in `while (true) {}`. While batches are watched, a timer checks them every
 * `timeout / 10` ms (between 5 and 250 ms); a task past its timeout is reported once through
 * `onExpired`, which fails the run and terminates the worker (`threads.ts`). Batches stay
 * watched after their run failed, so a stuck task of a failed run still frees its worker.
 *
 * The timer is unref'd: while a batch is in flight its worker keeps the process alive anyway.
 * State: the watched slots and the timer (running only while some slot is watched).
 */
import { isStarted, readSlot, sinceEpoch, type SlotState } from '../worker/protocol.ts';

export class Watchdog {
  private readonly slots = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly period: number;

  constructor(
    private readonly control: Int32Array,
    private readonly epoch: number,
    readonly timeoutMs: number,
    private readonly onExpired: (slot: number, state: SlotState) => void,
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
      if (!isStarted(s.task) || now - s.started <= this.timeoutMs) continue;
      this.slots.delete(slot);
      this.onExpired(slot, s);
    }
    if (this.slots.size === 0) this.stop();
  }
}
