/**
 * The scheduling loop — one loop for every executor, as Dask's `get_async` (dask/local.py).
 *
 * Policy, per iteration:
 * 1. Stop on the first failure (a `TaskError` naming key and op, cause = the original error; for a
 *    fused task, the key and op of the failing step's own task, see `taskError`) or
 *    on abort (an AbortError). Nothing new starts; workers see the run's cancel flag and stop
 *    between tasks; results still in flight are dropped when they arrive. On abort the
 *    dispatcher also terminates the workers still running the run's tasks. With a `timeout`, an
 *    async main-thread task that has not settled in time fails the run (worker tasks are timed
 *    by the dispatcher).
 * 2. If worker tasks are ready and the executor has a dispatcher (`threads`), let it send batches
 *    while workers have room (`executors/threads.ts`).
 * 3. Otherwise run the top main-thread task inline: closures, declared-cheap tasks, and for the
 *    `sync` executor every task. With `threads`, a task returning a promise keeps running
 *    concurrently (async I/O overlaps) and its completion wakes the loop; `sync` runs strictly
 *    one task at a time, awaiting each, for debugging and deterministic order.
 * 4. With nothing runnable, sleep until a worker batch or an async task completes.
 *
 * Inline stretches yield to the event loop by elapsed time, checked after every task: after
 * `YIELD_MS` (16 ms) of work, 1 ms while worker batches are in flight (so their replies are
 * handled promptly). So timers and callbacks (a ProgressBar, an abort timer) run at least every
 * ~16 ms, and an abort lands as soon as the running task returns, however long tasks are (a task
 * count would let 20 tasks of 50 ms run unbroken). The 16 ms yield is two `setImmediate`s in a
 * row: one alone, queued from the timers or poll phase (the loop resumes in the poll phase after
 * a worker's reply), runs in the same turn's check phase before any timer fires; the second is
 * queued from the check phase, so the event loop goes round through its timers phase first
 * (test/scheduler/loop.test.ts starts runs from each phase). The 1 ms yield, only for worker
 * replies, is one `setImmediate`. Completions are applied as they arrive (`RunState.complete`);
 * the loop only decides what to start next.
 *
 * Under `threads`, the synchronous time of main-thread tasks that call the user's own functions
 * while workers had room is added up (`mainwork.ts`); past 50 ms the run warns once, naming them.
 *
 * State: the RunState arrays, plus the first error, the abort signal, the wake-up resolver and the
 * main-thread work totals.
 */
import type { Task } from 'dusk-graph';
import { isPromiseLike, runTask, takeTaskBuffers, taskError, type StepCursor } from 'dusk-graph/internal';
import type { Callback, RunInfo, TaskEvent } from '../callbacks/callbacks.ts';
import type { Estimate } from '../executors/estimates.ts';
import { bytesOf } from '../util/bytes.ts';
import { abortError, timeoutError } from '../util/errors.ts';
import { RunBuffers } from './buffers.ts';
import { deliverWarning, isUserMainTask, MainThreadWork, type PlacementWarning } from './mainwork.ts';
import { RUNNING, RunState } from './state.ts';
import type { Dispatcher, RanOn, RunOptions, RunPort } from './types.ts';
import { epochNow } from '../util/clock.ts';

export type { Dispatcher, RanOn, RunOptions, RunPort } from './types.ts';

const yieldOnce = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Let the event loop go round, timers phase included. One `setImmediate` queued from the timers or
 * poll phase (a timer callback, a worker's reply) runs in the same turn's check phase, before any
 * timer; a second one, queued from the check phase, runs only after the next turn's timers.
 */
async function yieldWithTimers(): Promise<void> {
  await yieldOnce();
  await yieldOnce();
}

/** Most milliseconds of inline work between two yields to the event loop. */
export const YIELD_MS = 16;

/**
 * The slices of a fused main-thread task (`StepCursor.slices`): a turn of the event loop between
 * them, the run's end checked after each, and the time spent in them. A task the placement
 * warning watches is taken over at its first pause (`unwatch`) and counted once when it ends.
 */
class Slices {
  readonly ms = YIELD_MS;
  private busy = 0;
  private start = performance.now();
  private sliced = false;

  constructor(readonly stopped: () => boolean, private readonly unwatch: (() => void) | undefined) {}

  readonly pause = async (): Promise<void> => {
    this.busy += performance.now() - this.start;
    if (!this.sliced) this.unwatch?.();
    this.sliced = true;
    await yieldWithTimers();
    this.start = performance.now();
  };

  /** The task paused at least once and the placement warning watched it. */
  watchedAndSliced(): boolean {
    return this.sliced && this.unwatch !== undefined;
  }

  /** Milliseconds spent running its slices, up to now. */
  busyMs(): number {
    return this.busy + performance.now() - this.start;
  }
}

const MAIN: RanOn = { thread: 0 };

export class Run extends RunState implements RunInfo, RunPort {
  readonly scheduler: string;
  /** `RunOptions.inline`. */
  private readonly concurrent: boolean;
  readonly startTime = epochNow();
  dispatcher: Dispatcher | undefined;
  error: unknown = undefined;
  closed = false;
  readonly callbacks: readonly Callback[];
  readonly pre: readonly Callback[];
  readonly post: readonly Callback[];
  readonly measureTime: boolean;
  readonly measureBytes: boolean;
  private readonly signal: AbortSignal | undefined;
  private readonly timeoutMs: number | undefined;
  /** Timeouts of async main-thread tasks in progress (cleared when the run ends). */
  private readonly timers = new Set<NodeJS.Timeout>();
  private waker: (() => void) | undefined;
  private announced: Uint8Array | undefined;
  /** Main-thread work in the user's functions (`concurrent` executors only). */
  private readonly mainWork: MainThreadWork | undefined;
  /** The task `runInline` just ran, when it counts as main-thread work; the loop times it. */
  private watched: Task | undefined;
  /** Set when the run ends, before the callbacks' `finish`. */
  warnings: readonly PlacementWarning[] = [];

  constructor(graph: RunState['graph'], outputs: readonly number[], o: RunOptions) {
    super(graph, outputs, o.place);
    this.scheduler = o.scheduler;
    this.concurrent = o.inline === 'concurrent';
    this.signal = o.signal;
    this.timeoutMs = o.timeoutMs;
    this.callbacks = o.callbacks;
    this.pre = o.callbacks.filter((c) => c.pretask !== undefined);
    this.post = o.callbacks.filter((c) => c.posttask !== undefined);
    this.measureTime = o.callbacks.some((c) => c.measureTime);
    this.measureBytes = o.callbacks.some((c) => c.measureBytes);
    this.mainWork = this.concurrent ? new MainThreadWork() : undefined;
    this.buffers = RunBuffers.for(this.tasks, o.callbacks);
  }

  get workers(): number {
    return this.dispatcher?.workers ?? 0;
  }

  get batches(): number {
    return this.dispatcher?.batches ?? 0;
  }

  get total(): number {
    return this.n;
  }

  /** Record the first failure (step `step` of task `id`; -1: not known) and stop workers from starting more. */
  fail(id: number, cause: unknown, step = -1): void {
    if (this.error === undefined) {
      this.error = taskError(this.tasks[id]!, step, cause);
      this.dispatcher?.cancel();
    }
    this.wakeUp();
  }

  stop(error: unknown): void {
    this.error ??= error;
    this.wakeUp();
  }

  wakeUp(): void {
    const w = this.waker;
    if (w) {
      this.waker = undefined;
      w();
    }
  }

  /** Tell the pretask callbacks, once per task (a task handed back unrun is not announced again). */
  pretask(id: number, where: 'main' | 'worker'): void {
    const seen = (this.announced ??= new Uint8Array(this.n));
    if (seen[id] === 1) return;
    seen[id] = 1;
    const t = this.tasks[id]!;
    const ev = { id, key: t.key, name: t.name, where };
    for (const c of this.pre) c.pretask!(ev, this);
  }

  /** Worker task `id` was taken and sent to a worker: it runs, and pretask callbacks hear of it. */
  started(id: number): void {
    this.status[id] = RUNNING;
    this.running++;
    if (this.buffers?.tracking) this.buffers.starting(id, this.depValues(id));
    if (this.pre.length) this.pretask(id, 'worker');
  }

  /** Buffers a worker made during this run's tasks that the results in its reply reach (`RunBuffers.adopt`). */
  adoptBuffers(buffers: readonly SharedArrayBuffer[] | undefined): void {
    this.buffers?.adopt(buffers);
  }

  /** Task `id`'s result (finished next) reaches the buffers of the results of `of` (`RunBuffers.alias`). */
  aliasResult(id: number, of: number[]): void {
    this.buffers?.alias(id, of);
  }

  /** A task finished (anywhere): update state, then tell the posttask callbacks. */
  finishTask(id: number, value: unknown, hasValue: boolean, on: RanOn, start: number, end: number, bytes: number): void {
    this.complete(id, value, hasValue);
    if (this.post.length === 0) return;
    const t = this.tasks[id]!;
    const { thread, host, pid } = on;
    const where = this.place?.[id] === 1 && (thread !== 0 || pid !== undefined) ? 'worker' : 'main';
    const ev: TaskEvent = {
      id, key: t.key, name: t.name, where, thread, start, end, bytes, result: hasValue ? value : undefined,
      ...(host !== undefined ? { host } : {}), ...(pid !== undefined ? { pid } : {}),
    };
    for (const c of this.post) c.posttask!(ev, this);
  }

  /** Run task `id` on the main thread; `estimate` learns its duration (worker tasks run inline). */
  runInline(id: number, estimate?: Estimate): void {
    this.status[id] = RUNNING;
    this.running++;
    if (this.pre.length) this.pretask(id, 'main');
    const deps = this.depValues(id);
    // Inputs an executor kept elsewhere are fetched first; the task then runs as an async one.
    const fetching = this.dispatcher?.localize?.(deps);
    if (fetching) {
      fetching.then(
        (d) => !this.closed && this.runWith(id, d, estimate),
        (e: unknown) => !this.closed && this.fail(id, e),
      );
      return;
    }
    this.runWith(id, deps, estimate);
  }

  private runWith(id: number, deps: unknown[], estimate: Estimate | undefined): void {
    const task = this.tasks[id]!;
    if (this.buffers?.tracking) this.buffers.starting(id, deps);
    // Only the user's main-thread functions count, and only while workers have room. The loop
    // times them with the clock it reads after every task anyway (one clock read per task).
    if (this.mainWork !== undefined && estimate === undefined && this.place?.[id] !== 1 && isUserMainTask(task) &&
      (this.dispatcher === undefined || this.dispatcher.inFlight < this.dispatcher.workers)) this.watched = task;
    const timed = estimate !== undefined || this.measureTime;
    const t0 = timed ? epochNow() : 0;
    // Only merged tasks need to know which step failed; they also yield between their steps
    // every YIELD_MS, as the loop does between tasks, and stop once the run has ended. A watched
    // chain that yields is timed here, slice by slice, and counted once when it ends.
    const slices = task.parts ? new Slices(() => this.closed, this.watched === task ? () => (this.watched = undefined) : undefined) : undefined;
    const at: StepCursor | undefined = slices ? { step: -1, slices } : undefined;
    let r: unknown;
    try {
      r = runTask(task, deps, undefined, at);
    } catch (e) {
      this.fail(id, e, at?.step);
      return;
    }
    if (isPromiseLike(r)) {
      const timer = this.timeoutMs === undefined ? undefined : this.startTimeout(id, this.timeoutMs);
      r.then(
        (v) => {
          if (slices?.watchedAndSliced()) this.mainWork!.add(task, slices.busyMs());
          this.stopTimeout(timer);
          if (!this.closed) this.inlineDone(id, v, t0, estimate);
        },
        (e: unknown) => (this.stopTimeout(timer), !this.closed && this.fail(id, e, at?.step)),
      );
      return;
    }
    // Buffers allocated during the task that its result reaches (after a promise there are none).
    this.buffers?.adopt(takeTaskBuffers());
    this.inlineDone(id, r, t0, estimate);
  }

  /** An async main-thread task cannot be stopped: past the timeout, the run fails without it. */
  private startTimeout(id: number, ms: number): NodeJS.Timeout {
    const key = this.tasks[id]!.key;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) this.fail(id, timeoutError(key, ms, 'it runs on the main thread, where it cannot be stopped: its result will be ignored'));
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private stopTimeout(timer: NodeJS.Timeout | undefined): void {
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  private inlineDone(id: number, value: unknown, t0: number, estimate: Estimate | undefined): void {
    const t1 = t0 !== 0 ? epochNow() : 0;
    if (estimate) estimate.add((t1 - t0) * 1000);
    try {
      this.finishTask(id, value, true, MAIN, t0, t1, this.measureBytes ? bytesOf(value) : -1);
    } catch (e) {
      this.error ??= e;
    }
    this.wakeUp();
  }

  /**
   * Run one task inline: the newest of the main stack's top and, when `cheap` is given, the worker
   * stack's top (a worker task measured too cheap to send). False when nothing may run now.
   */
  private runOne(cheap: Estimate | undefined): boolean {
    const running = this.running > 0;
    const w = cheap !== undefined ? this.workerStack[this.workerTop - 1]! : -1;
    const m = this.mainTop > 0 && (this.concurrent || !running) ? this.mainStack[this.mainTop - 1]! : -1;
    const wOk = w >= 0 && !(running && this.tooFarAhead(w));
    const mOk = m >= 0 && !(running && this.tooFarAhead(m));
    if (wOk && (!mOk || this.readyAt[w]! > this.readyAt[m]!)) {
      this.workerTop--;
      this.runInline(w, cheap);
      return true;
    }
    if (!mOk) return false;
    this.mainTop--;
    this.runInline(m);
    return true;
  }

  private nextEvent(): Promise<void> {
    return new Promise<void>((resolve) => (this.waker = resolve));
  }

  /** The run failed or every task finished (a method: re-read after the calls that may change either). */
  private settled(): boolean {
    return this.error !== undefined || this.finished === this.n;
  }

  /** Run the graph; resolves with the outputs' results. */
  async execute(): Promise<unknown[]> {
    const signal = this.signal;
    if (signal?.aborted) throw abortError(signal);
    const onAbort = () => this.wakeUp();
    signal?.addEventListener('abort', onAbort);
    let error: unknown;
    let closeError: unknown;
    let out: unknown[];
    const d = this.dispatcher;
    if (d?.releaseResult) this.releaseHook = (v) => d.releaseResult!(v);
    try {
      for (const c of this.callbacks) c.start?.(this);
      this.pushInitial();
      let since = performance.now();
      let last = since;
      let sinceReplies = since;
      while (this.finished < this.n) {
        if (this.error !== undefined) throw this.error;
        if (signal?.aborted) throw abortError(signal);
        const cheap = this.workerTop > 0 ? this.dispatcher!.fill() : undefined;
        if (this.runOne(cheap)) {
          const t = performance.now();
          if (this.watched !== undefined) {
            this.mainWork!.add(this.watched, t - last);
            this.watched = undefined;
          }
          last = t;
          if (t - since > YIELD_MS) {
            await yieldWithTimers();
            since = sinceReplies = last = performance.now();
          } else if (t - sinceReplies > 1 && this.dispatcher?.inFlight) {
            await yieldOnce(); // enough to read worker replies (poll phase)
            sinceReplies = last = performance.now();
          }
          continue;
        }
        if (this.settled()) continue;
        if (this.running === 0 && this.workerTop === 0) {
          throw new Error(`scheduler stalled with ${this.n - this.finished} of ${this.n} tasks unfinished (internal error)`);
        }
        await this.nextEvent();
        sinceReplies = last = performance.now();
      }
      // A posttask callback that threw on the last task fails the run too.
      if (this.error !== undefined) throw this.error;
      out = this.outputs.map((o) => this.results[o]);
      out = (await this.dispatcher?.localize?.(out)) ?? out;
    } catch (e) {
      error = e;
      this.error ??= e;
      this.dispatcher?.cancel(signal?.aborted === true);
      throw e;
    } finally {
      this.closed = true;
      this.buffers?.close();
      for (const t of this.timers) clearTimeout(t);
      this.timers.clear();
      signal?.removeEventListener('abort', onAbort);
      // The executor lets go of the run's resources before the caller hears of the outcome.
      try {
        await this.dispatcher?.close?.();
      } catch (e) {
        closeError = e;
        if (error === undefined) error = this.error = e;
      }
      const w = this.mainWork?.warning();
      if (w) this.warnings = [w];
      for (const c of this.callbacks) c.finish?.(this, error);
      if (w) deliverWarning(w);
    }
    // Reached only when the run succeeded: a failed clean-up then fails it.
    if (closeError !== undefined) throw closeError;
    return out;
  }
}
