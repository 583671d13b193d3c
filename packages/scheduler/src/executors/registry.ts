/**
 * Executors by name: `registerExecutor(name, factory)` makes `compute(x, { scheduler: name })`
 * run through the one scheduling loop (`loop/run.ts`) with that executor plugged in, as Dask's
 * `get` functions plug into `get_async`. `dusk-scheduler` registers `sync` and `threads`
 * (`get.ts`); another package registers its own when imported (`dusk-distributed` registers
 * `distributed`). A new executor is one module with its factory plus this one call.
 *
 * A factory says
 * - `placement`: `'worker'` sends the tasks whose every step is a `defineOps` op to its
 *   dispatcher (closures and declared-cheap tasks run inline on the main thread); `'main'` runs
 *   every task inline;
 * - `inline`: how main-thread tasks run (`RunOptions.inline`);
 * - `options`: its own option fields (zod), validated strictly together with the common ones,
 *   so a misspelled or foreign option is an error naming it (and accepted by `configure`);
 * - `sharedMemory`: its tasks run in this process (threads, sync), so an argument on a
 *   SharedArrayBuffer is the caller's memory (`sharesMemory` of `dusk-graph`); leave it unset
 *   when tasks run elsewhere and get copies;
 * - `runsAs()`: optionally, another executor to run as in this context;
 * - `create(run, options)`: the `Dispatcher` for a run that has worker tasks (may be async: a
 *   remote executor connects first). A graph without worker tasks never calls it.
 *
 * State: the registry Map (also registered with `dusk-graph`'s `registerScheduler`).
 */
import type { ComputeOptions, TaskGraph } from 'dusk-graph';
import { placementOf, registerScheduler } from 'dusk-graph/internal';
import { activeCallbacks } from '../callbacks/callbacks.ts';
import { Run } from '../loop/run.ts';
import type { Dispatcher, RunOptions, RunPort } from '../loop/types.ts';
import { parseSchedulerOptions, registerExtraOptions, type ExtraOptions, type ParsedOptions } from '../options.ts';

export interface ExecutorFactory {
  readonly placement: 'worker' | 'main';
  readonly inline: RunOptions['inline'];
  readonly options?: ExtraOptions;
  /** Tasks run in this process, on its memory. @default false */
  readonly sharedMemory?: boolean;
  /** Another executor's name to run as here (e.g. `threads` inside a pool worker runs as `sync`). */
  runsAs?(): string | undefined;
  create?(run: RunPort, options: ParsedOptions & Record<string, unknown>): Dispatcher | Promise<Dispatcher>;
}

const executors = new Map<string, ExecutorFactory>();

/** 1 for every task that can run on a worker. */
export function workerPlacement(graph: TaskGraph): { place: Uint8Array; count: number } {
  const place = new Uint8Array(graph.size);
  let count = 0;
  for (let i = 0; i < graph.size; i++) {
    if (placementOf(graph.tasks[i]!) !== 'worker') continue;
    place[i] = 1;
    count++;
  }
  return { place, count };
}

/** Run `graph` with the executor `name` (what `compute` calls through `registerScheduler`). */
export async function runWith(name: string, graph: TaskGraph, outputs: readonly number[], options: ComputeOptions = {}): Promise<unknown[]> {
  const f = executors.get(name);
  if (!f) throw new TypeError(`compute: option 'scheduler' names no registered executor (received ${JSON.stringify(name)})`);
  const instead = f.runsAs?.();
  if (instead !== undefined && instead !== name) return runWith(instead, graph, outputs, options);
  const o = parseSchedulerOptions('compute', options, f.options);
  const { place, count } = f.placement === 'worker' ? workerPlacement(graph) : { place: undefined, count: 0 };
  const run = new Run(graph, outputs, {
    scheduler: name,
    inline: f.inline,
    place: count > 0 ? place : undefined,
    callbacks: activeCallbacks(o.callbacks),
    signal: o.signal,
    timeoutMs: o.timeout,
  });
  if (count > 0) {
    if (!f.create) throw new TypeError(`executor '${name}' places tasks on workers but has no create()`);
    run.dispatcher = await f.create(run, o);
  }
  return run.execute();
}

export function registerExecutor(name: string, factory: ExecutorFactory, options: { makeDefault?: boolean } = {}): void {
  if (typeof name !== 'string' || !/^[a-z][a-z0-9-]*$/.test(name)) {
    throw new TypeError(`registerExecutor: name must be a lowercase word such as 'threads' (received ${JSON.stringify(name)})`);
  }
  // Checked at run time as well: JavaScript callers are not held to the types.
  const placement: unknown = factory.placement, inline: unknown = factory.inline;
  if (placement !== 'worker' && placement !== 'main') {
    throw new TypeError(`registerExecutor: factory.placement must be 'worker' or 'main' (received ${JSON.stringify(placement)})`);
  }
  if (inline !== 'sequential' && inline !== 'concurrent') {
    throw new TypeError(`registerExecutor: factory.inline must be 'sequential' or 'concurrent' (received ${JSON.stringify(inline)})`);
  }
  executors.set(name, factory);
  if (factory.options) registerExtraOptions(factory.options);
  registerScheduler(name, (graph, outputs, o) => runWith(name, graph, outputs, o), { ...options, sharedMemory: factory.sharedMemory === true });
}

/** Names of the registered executors, in registration order. */
export function executorNames(): string[] {
  return [...executors.keys()];
}
