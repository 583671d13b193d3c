/**
 * dusk-scheduler/testing: the internals the repository's tests check directly, behind a subpath
 * so that the package index stays the public API. Not for applications: names here may change
 * with any release.
 *
 * - how a worker's TypeScript loader is chosen, and the hint for a failed `.ts` import;
 * - the timeout watchdog, the stopper and the crash triage, with the progress-cell protocol they read;
 * - a run's buffer accounting (which buffers go back to the pool, and when);
 * - the look-ahead budget in bytes (`setLookaheadBytes` lowers it for a test);
 * - the batch budgets of the threads dispatcher (and when a lone short task runs inline), and which
 *   free buffers a batch is shipped;
 * - how far one sample moves a duration estimate, and when a name stops running inline;
 * - a worker's message handler, run in the calling thread (what a batch costs per task).
 */
export { chooseLoader, WORKER_START_FAILED } from './worker/loader.ts';
export { explainImportError } from './worker/ts-hint.ts';
export { chainCapUs, deadlineMs, FILL_US, fillUs, OVERRUN } from './executors/budget.ts';
export { ALONE_BELOW_US, ALONE_MAX_BYTES } from './executors/threads.ts';
export { HYSTERESIS, SPIKE, SPIKE_FLOOR_US } from './executors/estimates.ts';
export { Crashes, type Rejection } from './executors/crash.ts';
export { Stopper } from './executors/stopper.ts';
export { Watchdog } from './executors/watchdog.ts';
export {
  BATCH_DONE, newControl, NOT_STARTED, progressCell, REPLY_CELL, sinceEpoch, STARTED_CELL, suspendedCell, THREAD_CELL, type SlotState,
} from './worker/protocol.ts';
export { RunBuffers } from './loop/buffers.ts';
export { LOOKAHEAD_BYTES, RESULT_OVERHEAD_BYTES, setLookaheadBytes } from './loop/lookahead.ts';
export { BufferShipping, mergeSizes } from './executors/buffers.ts';
export { default as handleWorkerMessage } from './worker/handler.ts';
