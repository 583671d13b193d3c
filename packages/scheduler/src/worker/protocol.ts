/**
 * The message protocol between the scheduling loop (main thread) and a pool worker.
 *
 * One piscina round trip costs 40–200 µs (DESIGN.md §5), so the unit of dispatch is a *batch*:
 * a small sub-DAG of worker-runnable tasks in topological order. Each task's dependencies are
 * coded in CSR form (`depStart`/`depCodes`): a code `c >= 0` is the result of batch task `c`
 * (computed earlier in the same batch, never sent back unless needed), `c < 0` is the external
 * value `inputs[-1 - c]` (a result already on the main thread, sent once per batch). Functions do
 * not cross threads: steps carry an index into the batch's op table (`{ module, name }`, resolved
 * by importing the module in the worker) or -1 for a literal step.
 *
 * Every value is passed through the wire codecs (`encodeWire`/`decodeWire`) in both directions,
 * so NDArrays arrive as NDArrays and SharedArrayBuffer-backed data is shared, not copied. What a
 * worker imports comes from the main thread's own registrations, never from task data: op
 * modules from the `defineOps` identity of the functions in the graph (`ops`), codec modules
 * from the codecs the main thread used to encode the batch (`codecs`); data shaped like a wire
 * value is escaped by the encoder and arrives as the plain object it was.
 *
 * `control` is a SharedArrayBuffer-backed Int32Array owned by the run: `control[0]` is the cancel
 * flag (set when the run failed or was aborted: the worker stops before its next task), and each
 * batch slot has five progress cells (`progressCell(slot)`): where the batch is, the step of its
 * current task, when that task started (ms after the message's `epoch`, for the per-task
 * timeout; before the first task, when the worker took the batch and began importing its op
 * modules), the `threadId` of the worker that took the batch (0 until one did; so a stuck
 * worker can be terminated), and the number of its reply among that worker's batch replies (1,
 * 2, … in the order they are posted; 0 until the reply is made). The main thread sets the first
 * to `NOT_STARTED` and the last two to 0 when it sends a batch (slots are reused within a run);
 * the worker stores `j` while it executes
 * task `j`,
 * `suspendedCell(j)` while task `j` awaits (another batch may run meanwhile), and `BATCH_DONE`
 * once it has its reply. So when a worker dies (e.g. `process.exit()` in an op), the batch it was
 * running is blamed with the right task and step, and a batch queued behind it (or one whose reply
 * was lost with the worker) is known not to be the culprit (`executors/crash.ts`); and when a
 * reply cannot be read on the main thread, its number (one past the last reply read from that
 * worker, `Pool.terminated`) tells it from the worker's other finished batch.
 *
 * Messages and replies are tagged unions, decoded with a `switch` on `kind` (an unknown kind is an
 * error, never guessed at): a worker gets `batch` (run these tasks) or `warmup` (import these op
 * modules, `Pool.warmup`). A batch is answered `done` (every task ran), `stopped` (past its
 * deadline: the first `ran` tasks finished, the rest come back unrun), `failed` (a task threw, or
 * its result could not be encoded: `{ index, step, error }`, the batch task and the step inside
 * it — fused tasks have several; -1 when the failure is not a step's, e.g. inputs failing to
 * decode) or `cancelled` (the run's cancel flag was set: nothing to report); a warm-up `ready`
 * or `unloadable` (the first op module that failed to import).
 */
import type { OpRef } from 'dusk-graph';
import type { RefMode } from 'dusk-graph/internal';
import type { RanOn } from '../callbacks/callbacks.ts';
import { epochNow } from '../util/clock.ts';

/** One step of a task on the wire: `[opIndex | -1, encodedArgs, refMode]`. */
export type WireStep = readonly [op: number, args: readonly unknown[], refMode: RefMode];

/** What the main thread posts to a pool worker, decoded by `kind` (`handler.ts`). */
export type WorkerMessage = BatchMessage | WarmupMessage;

/** Run a batch of tasks and answer with a `BatchReply`. */
export interface BatchMessage {
  readonly kind: 'batch';
  readonly ops: readonly OpRef[];
  /**
   * Modules of the wire codecs the main thread used to encode `tasks` and `inputs` (from its own
   * `registerWireType` calls): the only codec modules a worker imports for this batch.
   */
  readonly codecs: readonly string[];
  /** Steps of each batch task, in run order. */
  readonly tasks: readonly (readonly WireStep[])[];
  readonly depStart: Int32Array;
  readonly depCodes: Int32Array;
  /** Encoded external dependency values. */
  readonly inputs: unknown[];
  /** 1 for tasks whose result must come back (outputs, or needed outside the batch). */
  readonly ret: Uint8Array;
  readonly control: Int32Array;
  readonly slot: number;
  /** Measure the size of every task's result (for profilers). */
  readonly measureBytes: boolean;
  /** Stop between tasks once the batch has run this long (ms) and return the rest unrun. */
  readonly deadlineMs: number;
  /** Time base of the `started` cells: epoch milliseconds (`timeOrigin + now()`) on the main thread. */
  readonly epoch: number;
  /**
   * Free buffers of the main thread's pool, moved to the worker's pool for this batch's
   * allocations (`executors/buffers.ts`). When set (a worker of this process), the reply gives
   * back `pooled`, `fresh` and `allocs`.
   */
  readonly buffers?: readonly SharedArrayBuffer[];
}

/** Import the modules of `ops` (`Pool.warmup`) and answer with a `WarmupReply`. */
export interface WarmupMessage {
  readonly kind: 'warmup';
  readonly ops: readonly OpRef[];
}

/** An error as it crosses the thread boundary (own properties like `code` are kept). */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  readonly props: Record<string, unknown>;
  readonly cause?: WireError;
}

/** Step `step` of batch task `index` failed (`step` -1: not a particular step). */
export interface BatchFailure {
  readonly index: number;
  readonly step: number;
  readonly error: WireError;
}

/** The buffer pool's part of a batch reply (only for a batch that came with `buffers`: `worker/batch-buffers.ts`). */
export interface ReplyBuffers {
  /** Every buffer free in the worker's pool after the batch (the batch's `buffers`, unused or died in it): back to the main thread's pool. */
  readonly pooled?: readonly SharedArrayBuffer[];
  /** Buffers the batch's tasks allocated that the results in `results` reach, none seen by an op that may retain them. */
  readonly fresh?: readonly SharedArrayBuffer[];
  /** Pairs [task index, bytes]: the pooled-size buffers each task allocated (what to ship with the next batches like it). */
  readonly allocs?: readonly number[];
  /** Pairs [task index, input index]: that task's result reaches the large buffers of that batch input (the same memory arrives as a new object). */
  readonly aliases?: readonly number[];
}

/** What a batch reply reports of the tasks that finished, and which worker ran them (`RanOn`). */
export interface RanTasks extends RanOn, ReplyBuffers {
  /** Encoded results of the tasks flagged in `sent`, in batch order. */
  readonly results: unknown[];
  /** 1 for the tasks whose result is in `results`. */
  readonly sent: Uint8Array;
  /** `[start, end]` per task that ran, in epoch milliseconds (`timeOrigin + now()`). */
  readonly times: Float64Array;
  /** Result size per task (bytes of typed-array payloads), when `measureBytes`. */
  readonly bytes: Float64Array | undefined;
}

/** Every task of the batch ran. */
export interface DoneReply extends RanTasks {
  readonly kind: 'done';
}

/**
 * The batch ran past its deadline and stopped between tasks: the first `ran` tasks finished, the
 * rest are handed back unrun (their inputs among `results`).
 */
export interface StoppedReply extends RanTasks {
  readonly kind: 'stopped';
  readonly ran: number;
}

/**
 * A task failed (`failure`; nothing after it ran). The first `ran` tasks finished
 * (`ran <= failure.index`; fewer when their results were lost, e.g. with a remote worker).
 */
export interface FailedReply extends RanTasks {
  readonly kind: 'failed';
  readonly ran: number;
  readonly failure: BatchFailure;
}

/** The run's cancel flag was set before every task ran: nothing is reported but the worker (`RanOn`) and its free buffers. */
export interface CancelledReply extends RanOn, ReplyBuffers {
  readonly kind: 'cancelled';
}

/**
 * The answer to a `BatchMessage`, decoded by `kind` (`executors/threads.ts`). A pool worker numbers
 * its batch replies in the order it posts them (`reply`, as in the slot's reply cell).
 */
export type BatchReply = (DoneReply | StoppedReply | FailedReply | CancelledReply) & { readonly reply?: number };

/** The answer to a `WarmupMessage`: every op module loaded, or the first that did not (`op`, its index). */
export type WarmupReply =
  | { readonly kind: 'ready'; readonly thread: number }
  | { readonly kind: 'unloadable'; readonly thread: number; readonly op: number; readonly error: WireError };

/**
 * What a worker posts on its parent port (outside any batch reply) for an error raised by an op
 * after its task had finished (`worker/uncaught.ts`); the pool records it.
 */
export interface LateErrorMessage {
  readonly __duskLateError: {
    readonly thread: number;
    /** The op(s) of the task whose async context raised it. */
    readonly op: string;
    /** `uncaughtException` or `unhandledRejection`. */
    readonly origin: string;
    readonly error: WireError;
  };
}

export function isLateErrorMessage(m: unknown): m is LateErrorMessage {
  return typeof m === 'object' && m !== null && Object.hasOwn(m, '__duskLateError');
}

/** Slots of `control` before the per-slot progress cells. */
export const CONTROL_HEADER = 1;
/** Progress cells per batch slot: task index, step index, task start, worker thread, reply number. */
export const PROGRESS_CELLS = 5;
/** Offsets of the cells after a slot's task cell (`progressCell(slot)`). */
export const STEP_CELL = 1;
export const STARTED_CELL = 2;
export const THREAD_CELL = 3;
export const REPLY_CELL = 4;
/** Task-cell value of a batch sent but not yet at its first task. */
export const NOT_STARTED = -1;
/** Task-cell value of a batch whose reply is made (ran to its end, failed, or stopped). */
export const BATCH_DONE = -2;

/** Task-cell value while task `j` awaits an async op (below BATCH_DONE). */
export function suspendedCell(j: number): number {
  return -3 - j;
}

/** The task index in a task cell that says executing (>= 0) or suspended (< BATCH_DONE). */
export function taskOfCell(cell: number): number {
  return cell >= 0 ? cell : -3 - cell;
}

/** Index in `control` of slot `slot`'s task cell; its step, start and thread cells follow. */
export function progressCell(slot: number): number {
  return CONTROL_HEADER + PROGRESS_CELLS * slot;
}

/** A fresh `control` array for `slots` batch slots (cancel flag clear). */
export function newControl(slots: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * (CONTROL_HEADER + PROGRESS_CELLS * slots)));
}

/** Milliseconds since `epoch` as a `started` cell value (clamped to the Int32 range). */
export function sinceEpoch(epoch: number): number {
  return Math.min(0x7fffffff, Math.max(0, Math.round(epochNow() - epoch)));
}

/** The state of one batch slot, read at once. */
export interface SlotState {
  readonly task: number;
  readonly step: number;
  readonly started: number;
  readonly thread: number;
  /** The number of its reply among its worker's batch replies; 0 before the reply is made. */
  readonly reply: number;
}

export function readSlot(control: Int32Array, slot: number): SlotState {
  const c = progressCell(slot);
  return {
    task: Atomics.load(control, c),
    step: Atomics.load(control, c + STEP_CELL),
    started: Atomics.load(control, c + STARTED_CELL),
    thread: Atomics.load(control, c + THREAD_CELL),
    reply: Atomics.load(control, c + REPLY_CELL),
  };
}

/** True for a task cell that says a task is executing or suspended (awaiting). */
export function isStarted(cell: number): boolean {
  return cell >= 0 || cell < BATCH_DONE;
}

/**
 * True while a worker is busy with the batch: running a task, or (taken by a worker, not started)
 * importing its op modules. The `started` cell then says since when.
 */
export function isActive(s: SlotState): boolean {
  return isStarted(s.task) || (s.task === NOT_STARTED && s.thread !== 0);
}
