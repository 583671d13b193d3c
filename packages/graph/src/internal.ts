/**
 * dusk-graph/internal: what the other dusk packages (scheduler, image-ops, distributed) need
 * from the graph package, and a user of `delayed`/`compute` does not — the task runner and its
 * scope hook, op lookup, the wire codec, the one structure walker and guards, option parsing,
 * atomic file writes, and the plumbing of schedulers and config. No stability promise beyond the
 * dusk packages of the same version; the public API is the package index (`index.ts`).
 */
export { opRef, opMeta, lookupOp, resolveOp, importOpModule, isEntryScript, opModuleLoading, type OpRef, type OpMeta } from './ops/defineOps.ts';
export { encodeWire, decodeWire, loadWireCodecs } from './wire/codec.ts';
export { parseOptions, formatIssues, showValue } from './util/options.ts';
export { isPlainObject, isPromiseLike, type AnyFn } from './util/guards.ts';
export { isContainer, mapChildren, mapFields, childrenOf, childSegment, type Container, type ChildFn } from './core/walk.ts';
export { writeFileAtomic, tempPathFor, atomicTarget } from './util/atomic.ts';

export { TaskRef } from './core/taskref.ts';
export {
  runTask, buildArgs, substitute, placementOf, isCheap, partsOf, partAt, concatParts,
  type Task, type TaskPart, type StepCursor, type Step, type Placement, type RefMode, type FnResolver,
} from './core/task.ts';
export { setTaskScopeHook, taskScopeHook, type TaskScopeHook } from './core/scope.ts';
export { deaths, lastUses } from './core/liveness.ts';
export { taskError } from './core/errors.ts';
export { uniqueKey, funcName } from './core/keys.ts';
export { csr } from './taskgraph/taskgraph.ts';

export { refuseComputeWhileLoading } from './compute/guard.ts';
export { checkComputeOptions, registerConfigSchema, computeOptionsSchema } from './compute/config.ts';
export { registerScheduler, getScheduler, sharesMemory, type GetFunction } from './compute/compute.ts';
export { quote as dotQuote } from './dot/dot.ts';

export { MIN_BYTES, poolEnabled, giveBuffer, takeFreeFor, drainFree, clearPool, poolStats, type PoolStats } from './buffers/pool.ts';
export { sharedBuffer, takeTaskBuffers, recordAllocationSizes } from './buffers/tasks.ts';
export { BufferLedger } from './buffers/ledger.ts';
export { buffersOf } from './buffers/walk.ts';
export { declareNonRetaining, stepRetains, taskIsLibrary, taskRetains } from './buffers/retains.ts';
