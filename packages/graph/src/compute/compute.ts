/**
 * `compute` and `persist`: run the graph behind any structure of `Delayed`s.
 *
 * `compute(values)` finds every collection in `values` (arrays, plain objects, Maps, at any
 * depth): a `Delayed`, a `ChunkedArray` or anything else implementing the protocol of
 * `collection.ts`. It builds one TaskGraph for all their nodes (shared dependencies run once),
 * optimizes it (`fuseLinear` + `inline`, output keys protected), hands it to a scheduler and
 * returns the same structure with each collection's value in its place. Compute knows no
 * collection class (no import of `delayed/`), so `Delayed` can import it for `d.compute()`.
 *
 * Options not given fall back to `configure` / `withConfig` / `DUSK_*` environment defaults
 * (`config.ts`). `compute(a, b)` — Dask's varargs form — is an error that says to pass `[a, b]`:
 * here the second argument is the options.
 *
 * Schedulers plug in by name with `registerScheduler`, as Dask's `get` functions do: this package
 * ships `'local'`, a sequential loop used when nothing else is registered; `dusk-scheduler`
 * registers `'sync'` and `'threads'` (and makes `'threads'` the default) when imported.
 * Scheduler-specific options are declared by module augmentation of `ComputeOptions`. A scheduler
 * registered with `sharedMemory: true` runs tasks in this process, so a task writing into a
 * SharedArrayBuffer argument writes the caller's array (`sharesMemory(options)` tells; a
 * scheduler on other processes, such as `distributed`, gets copies of its arguments).
 */
import { substitute } from '../core/task.ts';
import type { Computed } from '../delayed/types.ts';
import { optimize } from '../optimize/optimize.ts';
import { graphFromDelayed } from '../taskgraph/build.ts';
import type { TaskGraph } from '../taskgraph/taskgraph.ts';
import { duskCollection, gatherCollections, isCollection, type CollectionParts, type DuskCollection } from './collection.ts';
import { resolveConfig, type SchedulerSource } from './config.ts';
import { refuseComputeWhileLoading } from './guard.ts';
import { getLocal } from './local.ts';
import { showValue } from '../util/options.ts';

export interface ComputeOptions {
  /** Name of a registered scheduler. @default the registered default */
  scheduler?: string;
  /** Fuse linear chains and inline cheap tasks before running. @default true */
  optimizeGraph?: boolean;
}

/** Runs `graph` and resolves with the results of `outputs`, in order. */
export type GetFunction = (graph: TaskGraph, outputs: readonly number[], options: ComputeOptions) => Promise<unknown[]>;

const schedulers = new Map<string, GetFunction>([['local', getLocal]]);
const inProcess = new Set<string>(['local']);
let defaultScheduler = 'local';

export function registerScheduler(name: string, get: GetFunction, options: { makeDefault?: boolean; sharedMemory?: boolean } = {}): void {
  schedulers.set(name, get);
  if (options.sharedMemory === true) inProcess.add(name);
  else inProcess.delete(name);
  if (options.makeDefault) defaultScheduler = name;
}

/** True when the scheduler a compute with `options` would use (defaults included) runs its tasks on this process's memory. */
export function sharesMemory(options: ComputeOptions = {}): boolean {
  return inProcess.has(resolveConfig(options).options.scheduler ?? defaultScheduler);
}

const SOURCE_WORDS: Record<NonNullable<SchedulerSource>, string> = {
  option: "compute: option 'scheduler'",
  withConfig: "withConfig: option 'scheduler'",
  configure: "configure: option 'scheduler'",
  DUSK_SCHEDULER: 'environment variable DUSK_SCHEDULER',
};

/** The scheduler registered as `name`; `source` says where the name came from, for the error. */
export function getScheduler(name: string = defaultScheduler, source: SchedulerSource = 'option'): GetFunction {
  const get = schedulers.get(name);
  if (!get) {
    throw new TypeError(
      `${SOURCE_WORDS[source]} must be one of ${[...schedulers.keys()].map((k) => `'${k}'`).join(', ')} (received ${showValue(name)})` +
        (name === 'threads' || name === 'sync' ? `; import 'dusk-scheduler' to register it` : name === 'distributed' ? `; import 'dusk-distributed' to register it` : ''),
    );
  }
  return get;
}

/** What `compute` would run for `values`: its collections' parts, and the graph of their nodes. */
export interface Collected {
  /** `values` with each collection replaced by a `TaskRef` to its index in `parts`. */
  readonly structure: unknown;
  readonly collections: readonly DuskCollection[];
  readonly parts: readonly CollectionParts[];
  readonly graph: TaskGraph;
  /** Ids of every collection's nodes, collection after collection. */
  readonly outputs: number[];
}

/** The graph `compute` would run for `values`, and where its outputs are. */
export function collect(values: unknown, options: ComputeOptions = {}): Collected {
  const { structure, found } = gatherCollections(values);
  const parts = found.map((c) => c[duskCollection](options));
  const roots = parts.length === 1 ? parts[0]!.nodes : parts.flatMap((p) => p.nodes);
  const built = graphFromDelayed(roots);
  if (options.optimizeGraph === false) return { structure, collections: found, parts, ...built };
  const keys = built.outputs.map((i) => built.graph.key(i));
  built.graph.withKnownIds(keys, built.outputs); // the passes carry them: no key map per pass
  const graph = optimize(built.graph, keys).graph;
  return { structure, collections: found, parts, graph, outputs: graph.idsOf(keys, 'compute') };
}

/** Run what `collect` found; `each(i, results)` gets collection `i`'s results. */
async function run<T>(where: string, values: unknown, options: ComputeOptions, each: (c: Collected, i: number, results: unknown[]) => T): Promise<{ c: Collected; held: T[] }> {
  refuseComputeWhileLoading(where);
  const { options: o, source } = resolveConfig(options);
  const get = getScheduler(o.scheduler, source);
  const c = collect(values, o);
  const results = c.outputs.length ? await get(c.graph, c.outputs, o) : [];
  const held: T[] = [];
  let at = 0;
  for (let i = 0; i < c.parts.length; i++) {
    const n = c.parts[i]!.nodes.length;
    held.push(each(c, i, n === results.length ? results : results.slice(at, at + n)));
    at += n;
  }
  return { c, held };
}

/** Compute every collection (`Delayed`, `ChunkedArray`, ...) in `values`; resolves with the same structure holding results. */
export async function compute<T>(values: T, options: ComputeOptions = {}, ...more: never[]): Promise<Computed<T>> {
  if (more.length > 0 || isCollection(options)) {
    refuseComputeWhileLoading('compute');
    throw new TypeError(
      `compute: received ${2 + more.length} values to compute; the second argument of compute is its options. ` +
        `Pass the values in one array, compute([a, b]), which resolves with [resultA, resultB] (Dask's compute(a, b) returns a tuple the same way).`,
    );
  }
  const { c, held } = await run('compute', values, options, (c, i, r) => c.parts[i]!.finalize(r));
  return substitute(c.structure, held) as Computed<T>;
}

/**
 * Compute `values` and return the same structure with each `Delayed` replaced by one that holds
 * its result under the same key, so later graphs built on it start from the results. A
 * collection without `persisted` (see `collection.ts`) is left as it is.
 */
export async function persist<T>(values: T, options: ComputeOptions = {}): Promise<T> {
  const { c, held } = await run('persist', values, options, (c, i, r) => {
    const p = c.parts[i]!;
    return p.persisted ? p.persisted(r) : c.collections[i];
  });
  return substitute(c.structure, held) as T;
}
