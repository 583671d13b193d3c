/**
 * The state of one run, as Dask's `state` dict in dask/local.py, on typed arrays indexed by task id.
 *
 * - `waiting[i]`: dependencies of `i` not finished yet; `i` becomes ready at 0.
 * - `refs[i]`: dependents of `i` not finished yet; at 0 its result is released unless it is an
 *   output (`keep`). This is what bounds memory: an intermediate lives only until its last
 *   consumer finished (DESIGN.md §7).
 * - `status[i]`: WAITING → READY → RUNNING (inline, async, or in a worker batch) → DONE.
 * - `results[i]` / `held[i]`: results on the main thread. Worker results consumed inside their
 *   own batch never come here.
 * - Two ready stacks, one for main-thread tasks and one for worker tasks (`place[i] === 1`).
 *   Both are LIFO — the most recently readied task runs first (depth first; `readyAt` orders the
 *   two tops when the loop must choose) — and tasks readied together are pushed so that the
 *   smallest `order()` priority is on top, as Dask does with `sorted(..., key=priority,
 *   reverse=True)`.
 *
 * Everything is O(1) per task and per edge: no Maps, no per-task objects on the hot path.
 */
import { order, type Task, type TaskGraph } from 'dusk-graph';
import type { RunBuffers } from './buffers.ts';
import { resultBytes } from './lookahead.ts';

export const WAITING = 0;
export const READY = 1;
export const RUNNING = 2;
export const DONE = 3;

export class RunState {
  readonly graph: TaskGraph;
  readonly outputs: readonly number[];
  readonly n: number;
  readonly tasks: readonly Task[];
  readonly depStart: Int32Array;
  readonly depIds: Int32Array;
  readonly dStart: Int32Array;
  readonly dIds: Int32Array;
  readonly waiting: Int32Array;
  readonly refs: Int32Array;
  readonly keep: Uint8Array;
  readonly status: Uint8Array;
  readonly held: Uint8Array;
  readonly results: unknown[];
  readonly priority: Int32Array;
  /** 1 for tasks to send to workers; undefined when everything runs on the main thread. */
  readonly place: Uint8Array | undefined;
  readonly mainStack: Int32Array;
  mainTop = 0;
  readonly workerStack: Int32Array;
  workerTop = 0;
  /** When each task was readied (a counter): picks between the two stacks' tops, newest first. */
  readonly readyAt: Int32Array;
  private tick = 0;
  /** See `tooFarAhead`; set by the executor. */
  window = 0;
  /** See `tooFarAhead` (`lookahead.ts`); set by the executor, 0: the count window alone. */
  lookaheadBytes = 0;
  finished = 0;
  running = 0;
  liveResults = 0;
  peakLiveResults = 0;
  /** What the held intermediates (results that are not outputs) weigh (`lookahead.ts`: `resultBytes`). */
  liveBytes = 0;
  peakLiveBytes = 0;
  /** `resultBytes` of each held intermediate, to subtract when it is released. */
  private readonly heldBytes: Float64Array;
  /** Told of every result the run drops (an executor frees what backs it elsewhere). */
  releaseHook: ((value: unknown) => void) | undefined = undefined;
  /** Gives the buffers of dropped results back to the pool (`buffers.ts`); undefined when off. */
  buffers: RunBuffers | undefined = undefined;
  private readonly fresh: number[] = [];
  private byPriority: Int32Array | undefined;
  private oldest = 0;

  constructor(graph: TaskGraph, outputs: readonly number[], place: Uint8Array | undefined) {
    const n = (this.n = graph.size);
    this.graph = graph;
    this.outputs = outputs;
    this.tasks = graph.tasks;
    this.depStart = graph.depStart;
    this.depIds = graph.depIds;
    [this.dStart, this.dIds] = graph.dependentsCSR();
    this.waiting = new Int32Array(n);
    this.refs = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      this.waiting[i] = this.depStart[i + 1]! - this.depStart[i]!;
      this.refs[i] = this.dStart[i + 1]! - this.dStart[i]!;
    }
    this.keep = new Uint8Array(n);
    for (const o of outputs) this.keep[o] = 1;
    this.status = new Uint8Array(n);
    this.held = new Uint8Array(n);
    this.heldBytes = new Float64Array(n);
    this.results = new Array<unknown>(n);
    this.priority = order(graph, outputs);
    this.place = place;
    this.mainStack = new Int32Array(n);
    this.workerStack = new Int32Array(place ? n : 0);
    this.readyAt = new Int32Array(place ? n : 0);
  }

  /** Push every task without dependencies, smallest priority on top. */
  pushInitial(): void {
    const byPriority = (this.byPriority = new Int32Array(this.n));
    for (let i = 0; i < this.n; i++) byPriority[this.priority[i]!] = i;
    for (let p = this.n - 1; p >= 0; p--) {
      const i = byPriority[p]!;
      if (this.waiting[i] === 0) this.push(i);
    }
  }

  push(i: number): void {
    this.status[i] = READY;
    if (this.place === undefined) {
      this.mainStack[this.mainTop++] = i;
      return;
    }
    this.readyAt[i] = ++this.tick;
    if (this.place[i] === 1) this.workerStack[this.workerTop++] = i;
    else this.mainStack[this.mainTop++] = i;
  }

  /**
   * The smallest priority among unfinished tasks. All its dependencies (smaller priorities) are
   * done, so that task is ready or running: the front of the run in `order()`'s sequence.
   */
  frontPriority(): number {
    const bp = this.byPriority!;
    while (this.oldest < this.n && this.status[bp[this.oldest]!] === DONE) this.oldest++;
    return this.oldest;
  }

  /**
   * True for a root task (no dependencies: a load, a source) more than `window` positions of
   * `order()` ahead of the oldest unfinished task, while the held intermediates weigh
   * `lookaheadBytes` or more (`lookahead.ts`; at 0, whatever they weigh). The loop does not
   * start such a task while others are running: without this, when a branch's tail is a
   * bottleneck (a serial reduction, a slow writer), new inputs would keep being loaded far ahead
   * of it and pile up. The run moves as a window over the order instead — the aim of the
   * root-task queuing in Dask's distributed scheduler — as wide as memory allows. Off (`window`
   * 0) for `sync`, which runs one task at a time depth first anyway.
   */
  tooFarAhead(id: number): boolean {
    return this.window > 0 && this.depStart[id + 1] === this.depStart[id] && this.priority[id]! > this.frontPriority() + this.window &&
      this.liveBytes >= this.lookaheadBytes;
  }

  /** Ready worker tasks (`RunPort.readyCount`). */
  get readyCount(): number {
    return this.workerTop;
  }

  /** The top of the worker stack without taking it; -1 when empty. */
  peekReady(): number {
    return this.workerTop > 0 ? this.workerStack[this.workerTop - 1]! : -1;
  }

  /** Pop the top of the worker stack (the caller starts it). */
  takeReady(): number {
    return this.workerTop > 0 ? this.workerStack[--this.workerTop]! : -1;
  }

  unstarted(id: number): boolean {
    return this.status[id] === WAITING;
  }

  waitingOn(id: number): number {
    return this.waiting[id]!;
  }

  /**
   * Started tasks that did not run (handed back by a worker, or lost with one before it started
   * them): they wait again, and those whose dependencies are all done are pushed back now; the
   * others are pushed when their last dependency completes.
   */
  requeue(ids: readonly number[]): void {
    for (const x of ids) {
      this.status[x] = WAITING;
      this.running--;
    }
    for (const x of ids) if (this.waiting[x] === 0 && this.status[x] === WAITING) this.push(x);
  }

  /** The results of `id`'s dependencies, in its steps' `TaskRef` order. */
  depValues(id: number): unknown[] {
    const s = this.depStart[id]!, e = this.depStart[id + 1]!;
    const out = new Array<unknown>(e - s);
    for (let k = s; k < e; k++) out[k - s] = this.results[this.depIds[k]!];
    return out;
  }

  /**
   * `id` finished: keep its result if anything still needs it, release dependencies whose last
   * consumer this was, and push dependents that became ready.
   */
  complete(id: number, value: unknown, hasValue: boolean): void {
    this.status[id] = DONE;
    this.running--;
    this.finished++;
    if (hasValue && (this.refs[id]! > 0 || this.keep[id] === 1)) {
      this.results[id] = value;
      this.held[id] = 1;
      if (++this.liveResults > this.peakLiveResults) this.peakLiveResults = this.liveResults;
      if (this.keep[id] === 0) {
        const b = (this.heldBytes[id] = resultBytes(value));
        if ((this.liveBytes += b) > this.peakLiveBytes) this.peakLiveBytes = this.liveBytes;
      }
      this.buffers?.stored(id, value);
    } else if (hasValue) {
      this.buffers?.unused(id, value);
    }
    const { depIds, refs, held, keep } = this;
    for (let k = this.depStart[id]!, e = this.depStart[id + 1]!; k < e; k++) {
      const p = depIds[k]!;
      if (--refs[p]! === 0 && keep[p] === 0 && held[p] === 1) {
        this.releaseHook?.(this.results[p]);
        this.buffers?.released(p);
        this.results[p] = undefined;
        held[p] = 0;
        this.liveResults--;
        this.liveBytes -= this.heldBytes[p]!;
      }
    }
    const s = this.dStart[id]!, e = this.dStart[id + 1]!;
    if (e - s === 1) {
      const d = this.dIds[s]!;
      if (--this.waiting[d]! === 0 && this.status[d] === WAITING) this.push(d);
      return;
    }
    const fresh = this.fresh;
    for (let k = s; k < e; k++) {
      const d = this.dIds[k]!;
      if (--this.waiting[d]! === 0 && this.status[d] === WAITING) fresh.push(d);
    }
    if (fresh.length === 0) return;
    if (fresh.length > 1) fresh.sort((a, b) => this.priority[b]! - this.priority[a]!);
    for (const d of fresh) this.push(d);
    fresh.length = 0;
  }
}
