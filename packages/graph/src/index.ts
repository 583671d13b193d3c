/**
 * dusk-graph: delayed(), compute(), task graphs, the optimizer, ordering and DOT export — what a
 * user of `delayed`/`compute` needs. What the other dusk packages need from the graph package
 * (the task runner, the wire codec, option parsing, atomic writes, scheduler plumbing) is in the
 * `dusk-graph/internal` subpath (`internal.ts`), not here.
 */
// The public types use Node's (node:util, Disposable): consumers type-check them with @types/node.
/// <reference types="node" preserve="true" />
export { defineOps, type OpRef, type OpMeta } from './ops/defineOps.ts';
export { registerWireType, type WireType } from './wire/codec.ts';
export type { AnyFn } from './util/guards.ts';

export type { Task, TaskPart, Step, Placement } from './core/task.ts';
export { TaskError } from './core/errors.ts';
export { keySplit } from './core/keys.ts';
export { tokenize } from './core/tokenize.ts';

export { Delayed, DelayedBase, delayed, delayedValue, isDelayed, type DelayedOptions } from './delayed/delayed.ts';
export type { Lazy, LazyArgs, Computed, DelayedFunction, DelayedTupleFunction, DelayedItems, DelayedMembers } from './delayed/types.ts';

export { TaskGraph } from './taskgraph/taskgraph.ts';
export { graphFromDelayed, type BuiltGraph, type GraphNode } from './taskgraph/build.ts';
export { graphFromSpec, call, ref, Call, KeyRef } from './taskgraph/spec.ts';

export { cull, subgraph } from './optimize/cull.ts';
export { fuseLinear } from './optimize/fuse.ts';
export { inline } from './optimize/inline.ts';
export { optimize, type OptimizeReport, type OptimizeOptions } from './optimize/optimize.ts';
export { order } from './order/order.ts';

export { configure, withConfig, currentConfig, type ConfigHandle, type ConfigOptions } from './compute/config.ts';
export { duskCollection, isCollection, type CollectionParts, type DuskCollection } from './compute/collection.ts';
export { compute, persist, collect, type Collected, type ComputeOptions } from './compute/compute.ts';

export { graphToDot, type DotOptions } from './dot/dot.ts';
export { toDot, visualize, renderSvg, type ToDotOptions } from './dot/visualize.ts';
export { toGraphology, type TaskNodeAttributes } from './interop/graphology.ts';
