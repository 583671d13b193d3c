/**
 * Callbacks: hooks into a run, as Dask's `Callback(start, start_state, pretask, posttask, finish)`.
 *
 * - `start(run)` once, before any task starts;
 * - `pretask(task, run)` when a task is started: run inline on the main thread, or sent to a
 *   worker in a batch (so for worker tasks it is "dispatched", a little before the worker starts);
 * - `posttask(task, run)` when its result reached the scheduler, with where and when it ran;
 * - `finish(run, error)` once, after the last task or the first failure/abort.
 *
 * Callbacks are synchronous and run on the main thread inside the scheduling loop: keep them
 * cheap (a profiler pushes a record; a progress bar only reads counters and redraws on a timer).
 * A callback that throws fails the compute like a task would.
 *
 * Pass them per compute (`compute(x, { callbacks: [bar] })`) or register them for every compute
 * until disposed (`using _ = registerCallbacks(bar)`, like Dask's `with ProgressBar():`).
 *
 * State: the list of globally registered callbacks.
 */
import type { TaskGraph } from 'dusk-graph';
import type { PlacementWarning } from '../loop/mainwork.ts';

/** What a callback can see of a run (live counters; read them, do not keep the object). */
export interface RunInfo {
  readonly graph: TaskGraph;
  readonly outputs: readonly number[];
  /** The executor's registered name (`sync`, `threads`, `distributed`, ...). */
  readonly scheduler: string;
  /** Worker threads in use (0 for `sync`). */
  readonly workers: number;
  /** Tasks in the graph. */
  readonly total: number;
  /** Tasks finished so far. */
  readonly finished: number;
  /** Tasks started and not finished (running inline, async, or sent to a worker). */
  readonly running: number;
  /** Results held by the scheduler right now: outputs plus intermediates still needed. */
  readonly liveResults: number;
  /** Most results held at once so far. */
  readonly peakLiveResults: number;
  /**
   * What the held intermediates (results that are not outputs) weigh right now, in bytes: their
   * array data plus a fixed 256 per result (`loop/lookahead.ts`). What the run's look-ahead bounds.
   */
  readonly liveBytes: number;
  /** Most `liveBytes` at once so far. */
  readonly peakLiveBytes: number;
  /** Batches sent to workers so far (each a single message holding one or more tasks). */
  readonly batches: number;
  /** When the run started, epoch ms (`performance.timeOrigin + performance.now()`). */
  readonly startTime: number;
  /**
   * Warnings about the run, set before `finish` (today: main-thread work while workers were free,
   * see `loop/mainwork.ts`). A callback that shows one to the user sets its `shown`.
   */
  readonly warnings: readonly PlacementWarning[];
}

export interface PreTaskEvent {
  readonly id: number;
  readonly key: string;
  /** Task display name: its op, or the op names of a fused chain joined by `-`. */
  readonly name: string;
  /** Where it was sent. */
  readonly where: 'main' | 'worker';
}

/** Where a finished task ran (0 / undefined fields: the main thread of this process). */
export interface RanOn {
  /** `threadId` of the worker thread that ran it; 0 for a process's main thread. */
  readonly thread: number;
  /** Host name of the worker process that ran it, when that is another process (`distributed`). */
  readonly host?: string;
  /** Process id of the worker process that ran it, when that is another process (`distributed`). */
  readonly pid?: number;
}

export interface TaskEvent extends PreTaskEvent, RanOn {
  /** Start and end, epoch ms; both 0 when nothing measured it. */
  readonly start: number;
  readonly end: number;
  /** Bytes of array data in the result when a callback asked for it (`measureBytes`), else -1. */
  readonly bytes: number;
  /** The result when it came back to the main thread (worker results used only inside their batch stay there). */
  readonly result: unknown;
}

export interface Callback {
  start?(run: RunInfo): void;
  pretask?(task: PreTaskEvent, run: RunInfo): void;
  posttask?(task: TaskEvent, run: RunInfo): void;
  finish?(run: RunInfo, error: unknown): void;
  /** Ask the scheduler to time every task (worker tasks are always timed). */
  readonly measureTime?: boolean;
  /** Ask the scheduler to measure the bytes of every result (`TaskEvent.bytes`). */
  readonly measureBytes?: boolean;
  /**
   * Whether `posttask` may keep `task.result` (or anything it reaches) after it returns. A run
   * with such a callback gives no result's buffers back to the buffer pool (`loop/buffers.ts`).
   * @default true
   */
  readonly keepsResults?: boolean;
}

const HOOKS = ['start', 'pretask', 'posttask', 'finish'] as const;

export function isCallback(v: unknown): v is Callback {
  if (v === null || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  let any = false;
  for (const h of HOOKS) {
    if (o[h] === undefined) continue;
    if (typeof o[h] !== 'function') return false;
    any = true;
  }
  return any;
}

const registered: Callback[] = [];

/** Use `callbacks` in every compute until the returned handle is disposed. */
export function registerCallbacks(...callbacks: Callback[]): Disposable & { unregister(): void } {
  for (const c of callbacks) {
    if (!isCallback(c)) throw new TypeError('registerCallbacks: expected objects with start/pretask/posttask/finish functions');
    registered.push(c);
  }
  const unregister = () => {
    for (const c of callbacks) {
      const i = registered.indexOf(c);
      if (i >= 0) registered.splice(i, 1);
    }
  };
  return { unregister, [Symbol.dispose]: unregister };
}

/** Global callbacks followed by the per-compute ones. */
export function activeCallbacks(own: readonly Callback[] | undefined): Callback[] {
  return own?.length ? [...registered, ...own] : registered.slice();
}
