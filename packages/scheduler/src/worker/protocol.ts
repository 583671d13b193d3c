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
 * so NDArrays arrive as NDArrays and SharedArrayBuffer-backed data is shared, not copied.
 *
 * `control` is a SharedArrayBuffer-backed Int32Array owned by the run: `control[0]` is the cancel
 * flag (set when the run failed or was aborted: the worker stops before its next task) and
 * `control[1 + slot]` is the index of the task the worker is running, so that a worker that dies
 * (e.g. `process.exit()` in an op) can be blamed on the right task.
 */
import type { OpRef, RefMode } from '@dusk/graph';

/** One step of a task on the wire: `[opIndex | -1, encodedArgs, refMode]`. */
export type WireStep = readonly [op: number, args: readonly unknown[], refMode: RefMode];

export interface BatchMessage {
  readonly ops: readonly OpRef[];
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
}

/** An error as it crosses the thread boundary (own properties like `code` are kept). */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  readonly props: Record<string, unknown>;
  readonly cause?: WireError;
}

export interface BatchReply {
  /** Worker `threadId`. */
  readonly thread: number;
  /** Encoded results of the tasks flagged in `sent`, in batch order. */
  readonly results: unknown[];
  /** 1 for the tasks whose result is in `results`. */
  readonly sent: Uint8Array;
  /** `[start, end]` per task that ran, in epoch milliseconds (`timeOrigin + now()`). */
  readonly times: Float64Array;
  /** Result size per task (bytes of typed-array payloads), when `measureBytes`. */
  readonly bytes: Float64Array | undefined;
  /** Number of tasks that finished (the first `ran`); the rest did not run. */
  readonly ran: number;
  /** Set when task `index` threw; nothing after it ran. */
  readonly error?: { readonly index: number; readonly error: WireError };
  /** The run was cancelled before every task ran. */
  readonly cancelled?: boolean;
}

/** Slots of `control` before the per-slot progress cells. */
export const CONTROL_HEADER = 1;
