/**
 * The seam between the scheduling loop and an executor: what a run needs to know to start, and
 * what an executor that runs tasks elsewhere (the `threads` dispatcher) plugs into the loop.
 */
import type { Callback } from '../callbacks/callbacks.ts';
import type { Estimate } from '../executors/estimates.ts';

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
}

export interface RunOptions {
  /** Which executor runs this (sets the inline policy: `sync` awaits each task). */
  scheduler: 'sync' | 'threads';
  /** 1 for tasks a dispatcher sends to workers; undefined when everything runs inline. */
  place: Uint8Array | undefined;
  callbacks: readonly Callback[];
  signal: AbortSignal | undefined;
  /** Per-task time limit (ms) for async main-thread tasks; the dispatcher applies it on workers. */
  timeoutMs: number | undefined;
}
