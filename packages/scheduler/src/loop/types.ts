/**
 * The seam between the scheduling loop and an executor.
 *
 * An executor that runs tasks elsewhere (the `threads` pool, a distributed queue) plugs a
 * `Dispatcher` into the loop, and sees the run only through `RunPort`: it reads the graph and the
 * results it must ship, takes ready worker tasks, and reports what became of them (finished,
 * failed, handed back unrun). It never writes the run's state arrays itself, so the loop's
 * invariants (counters, stacks, release of dead intermediates) live in one place (`state.ts`,
 * `run.ts`). Executors are registered by name (`executors/registry.ts`).
 */
import type { Task } from 'dusk-graph';
import type { Callback, RanOn } from '../callbacks/callbacks.ts';
import type { Estimate, Estimates } from '../executors/estimates.ts';
import type { Termination } from '../pool/pool.ts';
import type { BatchMessage, BatchReply } from '../worker/protocol.ts';

export type { RanOn };

/** What an executor sees of a run. */
export interface RunPort {
  readonly n: number;
  readonly tasks: readonly Task[];
  /** Dependencies of task `i`: `depIds[depStart[i] .. depStart[i+1])`. */
  readonly depStart: Int32Array;
  readonly depIds: Int32Array;
  /** Dependents of task `i`: `dIds[dStart[i] .. dStart[i+1])`. */
  readonly dStart: Int32Array;
  readonly dIds: Int32Array;
  /** 1 for outputs (their results are kept to the end). */
  readonly keep: Uint8Array;
  /** 1 for tasks placed on workers. */
  readonly place: Uint8Array | undefined;
  /** Results held on this side (read only: what a batch must carry as inputs). */
  readonly results: readonly unknown[];
  /** Callbacks want each result's size. */
  readonly measureBytes: boolean;
  /** The run ended (finished, failed or aborted): drop whatever still arrives. */
  readonly closed: boolean;
  /** The first failure, once there is one. */
  readonly error: unknown;
  /** Root tasks further than this ahead of the run's front wait (see `RunState.tooFarAhead`). */
  window: number;
  /**
   * ... unless the held intermediates weigh less than this many bytes (`loop/lookahead.ts`); 0:
   * the count window alone.
   */
  lookaheadBytes: number;
  /** Ready worker tasks. */
  readonly readyCount: number;
  /** The next ready worker task (depth first), without taking it; -1 when none. */
  peekReady(): number;
  /** Take the next ready worker task: the caller must start it (`started`). */
  takeReady(): number;
  /** See `RunState.tooFarAhead`. */
  tooFarAhead(id: number): boolean;
  /** True while `id` is neither ready, running nor done. */
  unstarted(id: number): boolean;
  /** Unfinished dependencies of `id`. */
  waitingOn(id: number): number;
  /** `id` (taken, or still waiting as a continuation of a batch) was sent to a worker. */
  started(id: number): void;
  /** `id` finished elsewhere; `hasValue` false when its result stayed there (consumed in its batch). */
  finishTask(id: number, value: unknown, hasValue: boolean, on: RanOn, start: number, end: number, bytes: number): void;
  /** `id` failed (step `step` of a fused task; -1 when not known): the run stops. */
  fail(id: number, cause: unknown, step?: number): void;
  /** The run fails with `error` as it is (not a task's failure: e.g. a callback threw). */
  stop(error: unknown): void;
  /**
   * Buffers a worker allocated during this run's tasks (none of which may retain them) that the
   * results of its reply reach: given back to the pool once no held result reaches them
   * (`loop/buffers.ts`). Call before finishing the reply's tasks.
   */
  adoptBuffers(buffers: readonly SharedArrayBuffer[] | undefined): void;
  /**
   * Task `id`'s result, finished next, reaches the buffers of the results of tasks `of` (a worker
   * said so: the same memory arrives as new objects, so the run cannot see it by itself).
   */
  aliasResult(id: number, of: number[]): void;
  /** Started tasks that did not run: they wait again and are taken again once ready. */
  requeue(ids: readonly number[]): void;
  /** Wake the loop up (something changed). */
  wakeUp(): void;
}

/** What an executor plugs into the loop to run worker tasks. */
export interface Dispatcher {
  readonly workers: number;
  /** Batches in flight. */
  readonly inFlight: number;
  /** Batches sent so far. */
  readonly batches: number;
  /**
   * Send ready worker tasks to workers while there is room. Stops at a task measured too cheap
   * to send and returns its estimate: the loop runs it inline, in depth-first order.
   */
  fill(): Estimate | undefined;
  /**
   * Tell workers to start nothing more for this run; with `terminate` (an abort), also end the
   * workers still running its tasks.
   */
  cancel(terminate?: boolean): void;
  /** The run ended (after `cancel` when it failed): release what the executor holds for it. */
  close?(): Promise<void>;
  /**
   * For an executor whose results may stay where they were made (`distributed` keeps large ones
   * in Redis and hands the run references): the values the main thread needs, fetched, when
   * `values` holds such references; undefined when every value is here already. The loop asks
   * before a main-thread task runs and for the outputs.
   */
  localize?(values: unknown[]): Promise<unknown[]> | undefined;
  /** The run dropped a result (its last consumer finished): free what backs it elsewhere. */
  releaseResult?(value: unknown): void;
}

/**
 * What the batching dispatcher (`executors/threads.ts`) sends batches to: a thread `Pool`, or
 * anything else that runs a `BatchMessage` somewhere and answers with its `BatchReply` (a
 * rejection means the batch's worker was lost; see `executors/crash.ts`).
 */
export interface BatchRunner {
  /** Batches it can run at once (each may queue one more behind it). */
  readonly workers: number;
  /** Duration estimates per task name, kept across runs. */
  readonly estimates: Estimates;
  /** Its workers are threads of this process (shared memory): batches carry free buffers of the pool there and back. */
  readonly sharesMemory?: boolean;
  readonly closed: boolean;
  /** Run one batch; `alone`: it must not wait behind another batch on a busy worker (a runner may ignore it). */
  run(msg: BatchMessage, alone?: boolean): Promise<BatchReply>;
  /** End worker `thread` on purpose (a timeout, an abort); a runner that cannot does nothing. */
  terminate(thread: number, reason: Error): void;
  /** Why worker `thread` was ended on purpose, if it was. */
  terminated(thread: number): Termination | undefined;
}

export interface RunOptions {
  /** The executor's registered name (what `RunInfo.scheduler` shows). */
  scheduler: string;
  /**
   * How main-thread tasks run: `sequential` awaits each one before the next (`sync`, for
   * debugging and deterministic order); `concurrent` lets a task returning a promise keep running
   * while others start (async I/O overlaps), and watches main-thread work while workers are free.
   */
  inline: 'sequential' | 'concurrent';
  /** 1 for tasks a dispatcher sends to workers; undefined when everything runs inline. */
  place: Uint8Array | undefined;
  callbacks: readonly Callback[];
  signal: AbortSignal | undefined;
  /** Per-task time limit (ms) for async main-thread tasks; the dispatcher applies it on workers. */
  timeoutMs: number | undefined;
}
