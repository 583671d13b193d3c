/**
 * The collection protocol: what `compute` and `persist` work on (Dask's `__dask_graph__` /
 * `__dask_postcompute__` / `__dask_postpersist__`, in one method).
 *
 * A *collection* is any object with a `[duskCollection](options)` method. Called once per compute,
 * it returns the graph nodes whose results the collection needs and how to turn those results
 * into its value (`finalize`), and optionally into a copy of itself that holds them (`persisted`,
 * for `persist`). A `Delayed` is the one-node collection (its node is itself); image-ops'
 * `ChunkedArray` is one whose nodes are its per-block tasks and whose value is the assembled
 * NDArray. So `compute([array, delayedValue])` runs both in one graph, and compute itself knows
 * nothing about either class: it imports neither, and `delayed.ts` may import `compute` for
 * `d.compute()` without an import cycle.
 *
 * The method is called with the compute's options, defaults from `configure` included (a
 * collection may build different nodes for a scheduler that runs in other processes:
 * `sharesMemory(options)`). It runs on the main thread, before any task.
 */
import { TaskRef } from '../core/taskref.ts';
import { mapChildren } from '../core/walk.ts';
import type { GraphNode } from '../taskgraph/build.ts';
import type { ComputeOptions } from './compute.ts';

/** The method key of the protocol (registered: one symbol across copies of this package). */
export const duskCollection: unique symbol = Symbol.for('dusk.collection');

/** What a collection hands to `compute`. */
export interface CollectionParts<R = unknown> {
  /** The nodes whose results the collection needs, in the order `finalize` receives them. */
  readonly nodes: readonly GraphNode[];
  /** The collection's computed value, from the results of `nodes`. */
  finalize(results: readonly unknown[]): R;
  /**
   * For `persist`: the collection holding `results` (a `Delayed` becomes one whose task is its
   * value). A collection without it is left as it is by `persist`.
   */
  persisted?(results: readonly unknown[]): unknown;
}

/** Anything `compute` turns into a value of type `R`. */
export interface DuskCollection<R = unknown> {
  [duskCollection](options: ComputeOptions): CollectionParts<R>;
}

/** True for objects (and callable Delayeds) that implement the protocol. */
export function isCollection(v: unknown): v is DuskCollection {
  return v !== null && (typeof v === 'object' || typeof v === 'function')
    && typeof (v as Partial<DuskCollection>)[duskCollection] === 'function';
}

/** The parts of a one-node collection (a `Delayed`): its value is its node's result. */
export class NodeParts implements CollectionParts {
  readonly nodes: readonly [GraphNode];
  private readonly hold: (node: GraphNode, value: unknown) => unknown;

  /** `hold(node, value)`: a node whose task is `value`, under `node`'s key (for `persist`). */
  constructor(node: GraphNode, hold: (node: GraphNode, value: unknown) => unknown) {
    this.nodes = [node];
    this.hold = hold;
  }

  finalize(results: readonly unknown[]): unknown {
    return results[0];
  }

  persisted(results: readonly unknown[]): unknown {
    return this.hold(this.nodes[0], results[0]);
  }
}

/** A structure's collections, each replaced by a `TaskRef` to its index in `found`. */
export interface Gathered {
  /** `values` with each collection (one index per distinct object) replaced by a `TaskRef`. */
  readonly structure: unknown;
  readonly found: readonly DuskCollection[];
}

class Finder {
  readonly found: DuskCollection[] = [];
  private readonly index = new Map<DuskCollection, TaskRef>();

  ref(c: DuskCollection): TaskRef {
    let r = this.index.get(c);
    if (r === undefined) {
      r = new TaskRef(this.found.push(c) - 1);
      this.index.set(c, r);
    }
    return r;
  }
}

function findIn(x: unknown, f: Finder): unknown {
  if (x === null || (typeof x !== 'object' && typeof x !== 'function')) return x;
  if (isCollection(x)) return f.ref(x);
  return typeof x === 'object' ? mapChildren(x, findIn, f) : x;
}

/** Find the collections in `values`: at any depth of arrays, Maps and plain objects (`core/walk.ts`). */
export function gatherCollections(values: unknown): Gathered {
  const f = new Finder();
  return { structure: findIn(values, f), found: f.found };
}
