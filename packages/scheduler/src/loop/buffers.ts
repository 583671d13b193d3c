/**
 * When a result dies, its buffers go back to the pool: the scheduler's side of the process-wide
 * buffer pool (`dusk-graph`'s `buffers/`, DESIGN.md §4).
 *
 * Policy. A buffer goes back only when all of these hold:
 * (a) it was allocated by `allocate` during a task of this run whose steps keep no reference to
 *     what they saw (`taskRetains` false: library ops, user ops declared `retains: false`), and
 *     that task's result reached it — a task's *survivors*, taken right after the task ran on the
 *     main thread, or reported by the worker with the batch reply that carries the result
 *     (`fresh`). User input, graph literals and values from outside the run never qualify;
 * (b) no result the run holds reaches it: every stored result is walked once (`hold`) and counts
 *     a reference on each tracked buffer it reaches — a view returned by a library op over its
 *     input, or the input itself, shares the count (for a result from a worker, which arrives
 *     with new buffer objects, the worker names the batch inputs it reaches: `alias`) — and outputs are never dropped, so nothing the
 *     caller receives (including `persist`) is reused; a value given to a task that may retain it
 *     (a user op, a callback) takes its buffers out of tracking for good (`taint`, when the task
 *     starts, on the main thread or sent to a worker);
 * (c) no worker is still using it: a worker reads only its batch's inputs, which are results of
 *     unfinished tasks' dependencies, still held; when the run fails or is aborted, batches may
 *     still be running, so nothing is given back any more (`close`).
 * A run with a posttask callback that may keep results (`Callback.keepsResults`, default true)
 * gives nothing back. Whatever is not given back is left to the garbage collector, as without a pool.
 *
 * The cost when no large buffer is tracked is one size check per stored and per dropped result.
 *
 * State: the run's `BufferLedger`, the buffers each held result reaches, and which tasks may retain.
 */
import type { Task } from 'dusk-graph';
import { BufferLedger, poolEnabled, taskRetains } from 'dusk-graph/internal';
import type { Callback } from '../callbacks/callbacks.ts';

export class RunBuffers {
  private readonly ledger = new BufferLedger();
  /** Per task id, the tracked buffers its stored result holds (made at the first adoption: most runs never track any). */
  private held: (SharedArrayBuffer[] | undefined)[] = [];
  /** Task id → references already counted for it on buffers of other results its worker said it reaches (`alias`). */
  private readonly aliases = new Map<number, SharedArrayBuffer[]>();

  constructor(private readonly tasks: readonly Task[]) {}

  /** A run that gives buffers back, or undefined (pooling off, or a posttask callback may keep results). */
  static for(tasks: readonly Task[], callbacks: readonly Callback[]): RunBuffers | undefined {
    return poolEnabled && !callbacks.some((c) => c.posttask && c.keepsResults !== false) ? new RunBuffers(tasks) : undefined;
  }

  /** Track buffers made during this run's tasks that their results reach (`takeTaskBuffers`, a worker's `fresh`). */
  adopt(buffers: readonly SharedArrayBuffer[] | undefined): void {
    if (buffers === undefined || buffers.length === 0) return;
    if (this.held.length === 0) this.held = new Array(this.tasks.length);
    this.ledger.add(buffers);
  }

  /** True while some buffer is tracked (callers skip `starting` otherwise). */
  get tracking(): boolean {
    return this.ledger.size > 0;
  }

  /** Task `id` starts on `deps` (values held on this thread): a task that may retain them takes them out of tracking. */
  starting(id: number, deps: readonly unknown[]): void {
    if (this.ledger.size > 0 && taskRetains(this.tasks[id]!)) this.ledger.taint(deps);
  }

  /**
   * Task `id`'s result (finished next) reaches the buffers of the results of `of`: a worker said
   * so (`BatchReply.aliases`), because the same memory arrives here as new objects. The
   * references are counted now, before any task of the reply finishes: finishing an earlier task
   * of the batch may drop a result of `of` before `id`'s result is stored.
   */
  alias(id: number, of: readonly number[]): void {
    if (this.ledger.size === 0) return;
    let h: SharedArrayBuffer[] | undefined;
    for (const q of of) h = concat(h, this.ledger.holdAgain(this.held[q]));
    if (h !== undefined) this.aliases.set(id, concat(this.aliases.get(id), h)!);
  }

  /** Task `id`'s result is stored for its consumers (or as an output). */
  stored(id: number, value: unknown): void {
    if (this.ledger.size === 0) return; // the common case, on every task: nothing tracked
    const aliased = this.aliases.get(id);
    if (aliased !== undefined) this.aliases.delete(id);
    this.held[id] = concat(this.ledger.hold(value), aliased);
  }

  /** Task `id` finished with a result nothing needs: what it alone reached is dead already. */
  unused(id: number, value: unknown): void {
    if (this.ledger.size === 0) return;
    const aliased = this.aliases.get(id);
    if (aliased !== undefined) this.aliases.delete(id);
    this.ledger.drop(concat(this.ledger.hold(value), aliased));
  }

  /** Task `id`'s stored result was dropped (its last consumer finished, it is not an output). */
  released(id: number): void {
    const h = this.held[id];
    if (h === undefined) return;
    this.held[id] = undefined;
    this.ledger.drop(h);
  }

  /** The run failed or was aborted: give nothing back from now on. */
  close(): void {
    this.ledger.shutdown();
  }
}

function concat<T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined {
  return a === undefined ? b : b === undefined ? a : a.concat(b);
}
