/**
 * The ledger of one run (or, on a worker, one batch): the buffers it may give back to the pool,
 * and how many live values reach each.
 *
 * A buffer enters the ledger (`add`) only when it was allocated during a task of this run that
 * may not retain it and its result reached it (`tasks.ts` survivors; on the main thread, also a
 * worker's report of the same for the results it sends back). So user input, graph literals and
 * values from outside the run are never in it. Policy:
 * - `hold(value)` walks a value the run keeps (a result stored for its consumers, an output) and
 *   counts one reference on every ledger buffer it reaches — a view returned by a library op over
 *   its input reaches the same buffer, so the two results share the count.
 * - `drop(list)` removes the references of a value the run let go of; a buffer whose count falls
 *   to zero is reachable from nothing the run holds, and goes to this thread's pool.
 * - `taint(value)`: the value is given to a function that may retain it (a user op, a callback):
 *   every ledger buffer it reaches leaves the ledger for good (never reused).
 * - A walk that gives up (a value too large or holding a function), or `shutdown()` (the run
 *   failed or was aborted: workers may still be running its tasks), stops all giving back: what
 *   is still in the ledger is left to the garbage collector.
 * Outputs are held and never dropped, so nothing a caller receives is ever reused.
 *
 * State: a Map from buffer to its reference count; the shut-down flag.
 */
import { giveBuffer } from './pool.ts';
import { buffersOf } from './walk.ts';

export class BufferLedger {
  private readonly refs = new Map<SharedArrayBuffer, number>();
  private off = false;

  /** Buffers tracked now. */
  get size(): number {
    return this.refs.size;
  }

  /** Track `buffers` (survivors of a task of this run), with no reference yet. */
  add(buffers: readonly SharedArrayBuffer[] | undefined): void {
    if (buffers === undefined || this.off) return;
    for (const b of buffers) if (!this.refs.has(b)) this.refs.set(b, 0);
  }

  /** Count a reference from `value` on every tracked buffer it reaches; returns them (for `drop`). */
  hold(value: unknown): SharedArrayBuffer[] | undefined {
    if (this.off || this.refs.size === 0) return undefined;
    const found = buffersOf(value);
    if (found === undefined) {
      this.shutdown();
      return undefined;
    }
    let out: SharedArrayBuffer[] | undefined;
    for (const b of found) {
      const r = this.refs.get(b as SharedArrayBuffer);
      if (r === undefined) continue;
      this.refs.set(b as SharedArrayBuffer, r + 1);
      (out ??= []).push(b as SharedArrayBuffer);
    }
    return out;
  }

  /** Count one more reference on each of `held` still tracked (another value reaches them too); returns those. */
  holdAgain(held: readonly SharedArrayBuffer[] | undefined): SharedArrayBuffer[] | undefined {
    if (held === undefined || this.off) return undefined;
    let out: SharedArrayBuffer[] | undefined;
    for (const b of held) {
      const r = this.refs.get(b);
      if (r === undefined) continue;
      this.refs.set(b, r + 1);
      (out ??= []).push(b);
    }
    return out;
  }

  /** Remove one reference from each of `held` (what `hold` returned); buffers left unreached go to the pool. */
  drop(held: readonly SharedArrayBuffer[] | undefined): void {
    if (held === undefined || this.off) return;
    for (const b of held) {
      const r = this.refs.get(b);
      if (r === undefined) continue;
      if (r > 1) this.refs.set(b, r - 1);
      else {
        this.refs.delete(b);
        giveBuffer(b);
      }
    }
  }

  /** `value` goes to a function that may keep it: the buffers it reaches are never reused. */
  taint(value: unknown): void {
    if (this.off || this.refs.size === 0) return;
    const found = buffersOf(value);
    if (found === undefined) return this.shutdown();
    for (const b of found) this.refs.delete(b as SharedArrayBuffer);
  }

  /** Tracked buffers some held value still reaches (a worker reports them with its reply). */
  reached(): SharedArrayBuffer[] {
    const out: SharedArrayBuffer[] = [];
    if (!this.off) for (const [b, r] of this.refs) if (r > 0) out.push(b);
    return out;
  }

  /** Give nothing back any more. */
  shutdown(): void {
    this.off = true;
    this.refs.clear();
  }
}
