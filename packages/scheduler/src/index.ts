/**
 * dusk-scheduler: runs dusk task graphs. Importing it registers the `'sync'` and `'threads'`
 * executors (`registerExecutor`, which other packages use to add theirs, e.g. `dusk-distributed`)
 * and makes `'threads'` the default, so `compute(x)` spreads work over a worker pool. Also: pools,
 * callbacks, and diagnostics built on them (ProgressBar, Profiler with Chrome trace output,
 * ResourceProfiler). `compute`, `persist`, `delayed`,
 * `TaskError` and friends are re-exported for convenience.
 */
// The public types use Node's (node:util, Disposable): consumers type-check them with @types/node.
/// <reference types="node" preserve="true" />
import { registerExecutor } from './executors/registry.ts';
import { syncExecutor, threadsExecutor } from './get.ts';

registerExecutor('sync', syncExecutor);
registerExecutor('threads', threadsExecutor, { makeDefault: true });

export { getSync, getThreads, workerPlacement } from './get.ts';
export { registerExecutor, executorNames, runWith, type ExecutorFactory } from './executors/registry.ts';
export type { Dispatcher, RunPort, RanOn, BatchRunner } from './loop/types.ts';
// For executors that ship batches elsewhere (dusk-distributed): the batching dispatcher, the
// batch protocol and the error codec.
export { ThreadsDispatcher, type ThreadsTuning } from './executors/threads.ts';
export { newControl, progressCell, readSlot, taskOfCell, NOT_STARTED, BATCH_DONE, type BatchMessage, type BatchReply, type FailedReply, type WireError } from './worker/protocol.ts';
export { toWireError, fromWireError } from './util/errors.ts';
export { Pool, createPool, defaultPool, closeDefaultPools, PER_WORKER, type PoolOptions } from './pool/pool.ts';
export { Estimates, Estimate } from './executors/estimates.ts';
export { registerCallbacks, isCallback, type Callback, type RunInfo, type TaskEvent, type PreTaskEvent } from './callbacks/callbacks.ts';
export { ProgressBar, type ProgressBarOptions } from './diagnostics/progress.ts';
export { Profiler, type ProfilerOptions, type TaskRecord } from './diagnostics/profiler.ts';
export { ResourceProfiler, type ResourceSample, type ResourceProfilerOptions } from './diagnostics/resource.ts';
export { chromeTrace, type TraceEvent, type ChromeTraceOptions } from './diagnostics/trace.ts';
export { bytesOf } from './util/bytes.ts';
export { warningChannel, WARN_AFTER_MS, type PlacementWarning, type MainThreadFunction } from './loop/mainwork.ts';
export type { ParsedOptions } from './options.ts';

export {
  compute, persist, collect, delayed, delayedValue, isDelayed, Delayed, TaskError, defineOps, configure, withConfig, currentConfig,
  type ComputeOptions, type DelayedOptions, type Computed, type Lazy,
} from 'dusk-graph';
