/**
 * A worker's side of the process-wide buffer pool, for one batch (`protocol.ts`, DESIGN.md §4).
 *
 * Policy:
 * - The free buffers the main thread shipped with the batch (`BatchMessage.buffers`) go into
 *   this thread's pool, where the batch's allocations find them (`allocate` → `sharedBuffer`).
 * - A buffer that died inside one of the batch's tasks went back to the pool at the task's end
 *   (`dusk-graph`'s `buffers/tasks.ts`). The buffers a task's result reaches are tracked in the
 *   batch's ledger (`BufferLedger`), counted once per batch value that reaches them; when the
 *   handler drops a batch-local value after its last use (and it is not sent back), a buffer no
 *   other value reaches goes to the pool. A task that may retain what it is given (`taskRetains`)
 *   takes its inputs' buffers out of tracking, and its own allocations are never tracked.
 * - With the reply, the worker gives back every free buffer of its pool (`pooled`: between
 *   batches it holds none, so an idle worker holds no memory and nothing is in two pools), the
 *   tracked buffers that the results sent back reach (`fresh`: the main thread's run tracks them
 *   from there), and the sizes it allocated (`allocs`, pairs of task index and bytes), from which
 *   the main thread learns what to ship with the next batches of the same ops, and which
 *   results reach the buffers of which inputs (`aliases`: the main thread cannot tell, see `reply`).
 * Only batches that came with `buffers` (a pool of this process: `threads`) do any of this; a
 * batch of another process's executor (`distributed`) leaves its buffers to this thread's own
 * pool, which empties itself when idle.
 *
 * State: per batch, the ledger, what each batch value reaches, and the recorded sizes.
 */
import type { Task } from 'dusk-graph';
import {
  BufferLedger, buffersOf, drainFree, giveBuffer, MIN_BYTES, recordAllocationSizes, takeTaskBuffers, taskRetains,
} from 'dusk-graph/internal';
import type { BatchMessage, ReplyBuffers } from './protocol.ts';

export class BatchBuffers {
  private readonly ledger = new BufferLedger();
  private readonly held: (SharedArrayBuffer[] | undefined)[];
  private readonly sizes: number[] = [];
  private readonly allocs: number[] = [];

  private constructor(n: number) {
    this.held = new Array(n);
  }

  /** Start tracking for `msg` (undefined when the batch did not come with buffers). */
  static start(msg: BatchMessage, n: number): BatchBuffers | undefined {
    if (msg.buffers === undefined) return undefined;
    for (const b of msg.buffers) giveBuffer(b);
    return new BatchBuffers(n);
  }

  /** Task `j` is about to run on `deps`. */
  starting(task: Task, deps: readonly unknown[]): void {
    if (this.ledger.size > 0 && taskRetains(task)) this.ledger.taint(deps);
    this.sizes.length = 0;
    recordAllocationSizes(this.sizes);
  }

  /** Task `j` finished with `value`; `sync` when it did not await (only then are its survivors known). */
  ran(j: number, value: unknown, sync: boolean): void {
    recordAllocationSizes(undefined);
    for (const s of this.sizes) this.allocs.push(j, s);
    if (sync) this.ledger.add(takeTaskBuffers());
    this.held[j] = this.ledger.hold(value);
  }

  /** Batch value `j` is dropped (its last use in the batch is over and it is not sent back). */
  dropped(j: number): void {
    const h = this.held[j];
    this.held[j] = undefined;
    this.ledger.drop(h);
  }

  /**
   * The reply's buffer fields; values not sent back must have been `dropped` before. `aliases`
   * names, for each result sent back, the batch inputs whose large buffers it reaches (a view, or
   * the input itself): a buffer arrives on the main thread as a new object with every message, so
   * only this thread, which holds both, can tell that they are the same memory.
   */
  reply(values: readonly unknown[], sent: Uint8Array, ran: number, inputs: readonly unknown[]): ReplyBuffers {
    recordAllocationSizes(undefined);
    const fresh = this.ledger.reached();
    this.ledger.shutdown();
    return { pooled: drainFree(), fresh, allocs: this.allocs, aliases: aliasesOf(values, sent, ran, inputs) };
  }

  /** The buffer fields of a cancelled batch's reply: its free buffers (its values are left to the garbage collector). */
  cancelled(): Pick<ReplyBuffers, 'pooled'> {
    recordAllocationSizes(undefined);
    this.ledger.shutdown();
    return { pooled: drainFree() };
  }
}

/** Large shared buffers `value` reaches; undefined when the walk gives up. */
function largeBuffers(value: unknown): SharedArrayBuffer[] | undefined {
  const found = buffersOf(value);
  if (found === undefined) return undefined;
  const out: SharedArrayBuffer[] = [];
  for (const b of found) if (b instanceof SharedArrayBuffer && b.byteLength >= MIN_BYTES) out.push(b);
  return out;
}

/** Pairs [result index, input index] for sent results reaching an input's large buffers (every input when a walk gives up). */
function aliasesOf(values: readonly unknown[], sent: Uint8Array, ran: number, inputs: readonly unknown[]): number[] {
  const out: number[] = [];
  let ins: (SharedArrayBuffer[] | undefined)[] | undefined;
  for (let j = 0; j < ran; j++) {
    if (!sent[j]) continue;
    const mine = largeBuffers(values[j]);
    if (mine !== undefined && mine.length === 0) continue;
    ins ??= inputs.map(largeBuffers);
    for (let k = 0; k < ins.length; k++) {
      const theirs = ins[k];
      if (theirs !== undefined && theirs.length === 0) continue;
      if (mine === undefined || theirs === undefined || theirs.some((b) => mine.includes(b))) out.push(j, k);
    }
  }
  return out;
}
