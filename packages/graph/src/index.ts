/**
 * dusk-graph: delayed(), task graphs, the optimizer, ordering and DOT export.
 */
// The public types use Node's (node:util, Disposable): consumers type-check them with @types/node.
/// <reference types="node" preserve="true" />
export { defineOps, opRef, opMeta, lookupOp, resolveOp, opModuleLoading, type OpRef, type OpMeta } from './ops/defineOps.ts';
export { registerWireType, encodeWire, decodeWire, loadWireCodecs, type WireType } from './wire/codec.ts';
export { parseOptions, formatIssues } from './util/options.ts';
export { isPlainObject, isPromiseLike, type AnyFn } from './util/guards.ts';
export { writeFileAtomic, tempPathFor, atomicTarget } from './util/atomic.ts';

export { TaskRef } from './core/taskref.ts';
export {
  runTask, buildArgs, substitute, placementOf, isCheap, partsOf, partAt, concatParts,
  type Task, type TaskPart, type StepCursor, type Step, type Placement, type RefMode, type FnResolver,
} from './core/task.ts';
export { setTaskScopeHook, taskScopeHook, type TaskScopeHook } from './core/scope.ts';
export { TaskError, taskError } from './core/errors.ts';
export { keySplit, uniqueKey, funcName } from './core/keys.ts';
export { tokenize } from './core/tokenize.ts';

export { Delayed, DelayedBase, delayed, delayedValue, isDelayed, type DelayedOptions } from './delayed/delayed.ts';
export type { Lazy, LazyArgs, Computed, DelayedFunction, DelayedTupleFunction, DelayedItems, DelayedMembers } from './delayed/types.ts';

export { TaskGraph, csr } from './taskgraph/taskgraph.ts';
export { graphFromDelayed, type BuiltGraph } from './taskgraph/build.ts';
export { graphFromSpec, call, ref, Call, KeyRef } from './taskgraph/spec.ts';

export { cull, subgraph } from './optimize/cull.ts';
export { fuseLinear } from './optimize/fuse.ts';
export { inline } from './optimize/inline.ts';
export { optimize, type OptimizeReport, type OptimizeOptions } from './optimize/optimize.ts';
export { order } from './order/order.ts';

export { refuseComputeWhileLoading } from './compute/guard.ts';
export { configure, withConfig, currentConfig, checkComputeOptions, registerConfigSchema, computeOptionsSchema, type ConfigHandle, type ConfigOptions } from './compute/config.ts';
export { duskCollection, isCollection, type CollectionParts, type DuskCollection } from './compute/collection.ts';
export { compute, persist, collect, registerScheduler, getScheduler, sharesMemory, type ComputeOptions, type GetFunction } from './compute/compute.ts';

export { graphToDot, quote as dotQuote, type DotOptions } from './dot/dot.ts';
export { toDot, visualize, renderSvg, type ToDotOptions } from './dot/visualize.ts';
export { toGraphology, type TaskNodeAttributes } from './interop/graphology.ts';
