/**
 * The worker side of the pool: decode one message by its `kind` (see `protocol.ts`) and reply.
 * A `warmup` imports its op modules (step 1 below) and says whether they all loaded; a `batch`:
 *
 * 1. Resolve the batch's op table: `lookupOp` when this thread already imported the op's module,
 *    else `resolveOp` imports it (which registers its ops and any wire codecs it brings, such as
 *    NDArray's). A module that fails to load fails the first task that uses it.
 * 2. Decode the external inputs (after step 1, so the codecs they need are registered; codecs of
 *    classes no op module imported are loaded from the batch's `codecs`, the list of codec
 *    modules the main thread used — never from a URL in the data).
 * 3. Run the tasks in order with `runTask`, awaiting async ones. Before each task the worker checks
 *    the run's cancel flag and records which task it is on, and `runTask` records each step (a
 *    `StepCursor` kept in shared memory), so a crash can be blamed on the right task and step.
 *    The batch counts as started from its first task (steps 1–2 leave the cell NOT_STARTED, as
 *    the main thread set it, but record this worker's thread and when it took the batch); while
 *    a task awaits, the cell says it is suspended; once the reply is made, it says done (a crash
 *    before the reply got out must not blame this batch). Each task's start time is recorded
 *    too, for the main thread's timeout watchdog, and each task runs in its own async context
 *    (`uncaught.ts`), so an error its timers or promises raise later is attributed to it: it
 *    fails the task while pending, and is reported as late after. Each
 *    batch-local result is dropped after its last use in the batch unless it must go back to the
 *    main thread.
 *    A batch that runs past its deadline (the scheduler's estimates were too low, e.g. an op met a
 *    much bigger image) stops between tasks and hands the rest back, so it cannot hold work that
 *    another, idle worker could do.
 * 4. Reply `done`, `stopped` (deadline) or `failed` with the results that must go back (encoded;
 *    `sent` flags which) and `[start, end]` per task for the duration estimates and profilers;
 *    `failed` adds the index of the failing task and of the failing step inside it (fused tasks
 *    have several), with the error. A result the encoder refuses (a function, nested too deep)
 *    fails its own task here, on a live worker, instead of failing the reply's `postMessage`
 *    after the batch ended. A cancelled run gets `cancelled` and no results.
 *
 * State: a per-thread cache of resolved op functions (module imports are cached by Node anyway).
 */
import { threadId } from 'node:worker_threads';
import type { AnyFn, OpRef, Step, Task } from 'dusk-graph';
import { decodeWire, encodeWire, isPromiseLike, loadWireCodecs, lookupOp, resolveOp, runTask, type StepCursor } from 'dusk-graph/internal';
import { bytesOf } from '../util/bytes.ts';
import { toWireError } from '../util/errors.ts';
import { explainImportError } from './ts-hint.ts';
import {
  BATCH_DONE, progressCell, REPLY_CELL, sinceEpoch, STARTED_CELL, STEP_CELL, suspendedCell, THREAD_CELL, type BatchFailure, type BatchMessage,
  type BatchReply, type FailedReply, type WarmupMessage, type WarmupReply, type WorkerMessage,
} from './protocol.ts';
import { inTaskScope, type TaskScope } from './uncaught.ts';
import { BatchBuffers } from './batch-buffers.ts';
import { epochNow } from '../util/clock.ts';

async function resolveOps(ops: readonly OpRef[]): Promise<{ fns: AnyFn[]; failed?: { op: number; error: unknown } }> {
  const fns: AnyFn[] = [];
  for (let i = 0; i < ops.length; i++) {
    const ref = ops[i]!;
    try {
      fns.push(lookupOp(ref) ?? (await resolveOp(ref)));
    } catch (error) {
      return { fns, failed: { op: i, error: explainImportError(ref.module, error) } };
    }
  }
  return { fns };
}

/** A `StepCursor` kept in the batch's shared step cell, readable after the worker died. */
class SharedStep implements StepCursor {
  constructor(private readonly control: Int32Array, private readonly cell: number) {}
  get step(): number {
    return Atomics.load(this.control, this.cell);
  }
  set step(k: number) {
    Atomics.store(this.control, this.cell, k);
  }
}

/** The async context of one task (`uncaught.ts`): its op names, how to fail it while pending, and what it runs. */
class Scope implements TaskScope {
  fail: ((error: unknown) => void) | undefined = undefined;
  constructor(
    private readonly ops: readonly OpRef[], private readonly steps: BatchMessage['tasks'][number],
    readonly task: Task, readonly deps: readonly unknown[], readonly at: StepCursor,
  ) {}
  get op(): string {
    return this.steps.map(([op]) => (op >= 0 ? this.ops[op]!.name : 'literal')).join('-');
  }
}

/** Run a scope's task (one function for every task: no closure per task). */
const runScoped = (s: Scope): unknown => runTask(s.task, s.deps, undefined, s.at);

/** The dependencies of a task that has none (shared: nothing writes to a task's `deps`). */
const NO_DEPS: readonly unknown[] = Object.freeze([]);

/** Await an async task's result; an uncaught error raised in its context meanwhile fails it too. */
function settle(r: PromiseLike<unknown>, scope: Scope): Promise<unknown> {
  return new Promise<unknown>((resolve, reject) => {
    // Whichever comes first settles the task; from then on its errors are late.
    const done = <T>(then: (x: T) => void) => (x: T) => {
      scope.fail = undefined;
      then(x);
    };
    scope.fail = done(reject);
    r.then(done(resolve), done(reject));
  });
}

function toTask(steps: BatchMessage['tasks'][number], fns: readonly AnyFn[]): Task {
  const out: Step[] = new Array(steps.length);
  for (let k = 0; k < steps.length; k++) {
    const [op, args, refMode] = steps[k]!;
    out[k] = { fn: op >= 0 ? fns[op] : undefined, op: undefined, name: '', args: decodeWire(args) as unknown[], refMode, cheap: false };
  }
  return { key: '', name: '', steps: out };
}

/** Encode the results flagged in `sent` among the first `ran` tasks, up to the first that cannot be. */
function encodeResults(values: readonly unknown[], sent: Uint8Array, ran: number): { results: unknown[]; failed?: { index: number; error: unknown } } {
  const results: unknown[] = [];
  for (let j = 0; j < ran; j++) {
    if (!sent[j]) continue;
    try {
      results.push(encodeWire(values[j]));
    } catch (error) {
      return { results, failed: { index: j, error } };
    }
  }
  return { results };
}

let replies = 0;

/**
 * `reply` with its number among this worker's batch replies, also stored in the batch's reply cell.
 * Every batch reply takes the same path from here to its `postMessage`, so numbers follow the
 * posting order, which is the order the main thread reads them in (`Pool.terminated`).
 */
function numbered(msg: BatchMessage, reply: BatchReply): BatchReply {
  const n = ++replies;
  Atomics.store(msg.control, progressCell(msg.slot) + REPLY_CELL, n);
  return { ...reply, reply: n };
}

/** The entry piscina calls with each message. */
export default function handle(msg: WorkerMessage): Promise<BatchReply | WarmupReply> {
  switch (msg.kind) {
    case 'batch':
      return runBatch(msg).then((reply) => numbered(msg, reply));
    case 'warmup':
      return warmup(msg);
    default: {
      const other: never = msg;
      const kind: unknown = (other as { kind?: unknown }).kind;
      return Promise.reject(new TypeError(`dusk worker: unknown message kind ${JSON.stringify(kind)} (expected 'batch' or 'warmup')`));
    }
  }
}

async function warmup(msg: WarmupMessage): Promise<WarmupReply> {
  const { failed } = await resolveOps(msg.ops);
  if (failed) return { kind: 'unloadable', thread: threadId, op: failed.op, error: toWireError(failed.error) };
  return { kind: 'ready', thread: threadId };
}

async function runBatch(msg: BatchMessage): Promise<BatchReply> {
  const { tasks, depStart, depCodes, ret, control, slot } = msg;
  const n = tasks.length;
  const times = new Float64Array(2 * n);
  const bytes = msg.measureBytes ? new Float64Array(n) : undefined;
  const empty = new Uint8Array(n);
  const progress = progressCell(slot);
  const at = new SharedStep(control, progress + STEP_CELL);
  Atomics.store(control, progress + STARTED_CELL, sinceEpoch(msg.epoch));
  Atomics.store(control, progress + THREAD_CELL, threadId);
  const fail = (index: number, step: number, error: unknown): FailedReply =>
    ({ kind: 'failed', thread: threadId, results: [], sent: empty, times, bytes, ran: index, failure: { index, step, error: toWireError(error) } });

  const { fns, failed } = await resolveOps(msg.ops);
  if (failed) {
    // Blame the first step that needs the op that failed to load.
    const j = Math.max(0, tasks.findIndex((steps) => steps.some((s) => s[0] === failed.op)));
    return fail(j, tasks[j]?.findIndex((s) => s[0] === failed.op) ?? -1, failed.error);
  }
  let inputs: unknown[];
  try {
    await loadWireCodecs(msg.codecs);
    inputs = decodeWire(msg.inputs) as unknown[];
  } catch (error) {
    return fail(0, -1, error);
  }

  // Last use of every batch-local value, so intermediates can be dropped early.
  const lastUse = new Int32Array(n).fill(-1);
  for (let j = 0; j < n; j++) for (let e = depStart[j]!; e < depStart[j + 1]!; e++) if (depCodes[e]! >= 0) lastUse[depCodes[e]!] = j;
  const values = new Array<unknown>(n);
  const bufs = BatchBuffers.start(msg, n);
  const t0 = epochNow();
  let ran = 0;
  let failure: BatchFailure | undefined;
  let cancelled = false;

  for (let j = 0; j < n; j++) {
    if (Atomics.load(control, 0) !== 0) {
      cancelled = true;
      break;
    }
    // Over the deadline (durations were underestimated): hand the rest back to the scheduler.
    if (j > 0 && epochNow() - t0 > msg.deadlineMs) break;
    at.step = -1;
    Atomics.store(control, progress + STARTED_CELL, sinceEpoch(msg.epoch));
    Atomics.store(control, progress, j);
    const s = depStart[j]!, e = depStart[j + 1]!;
    const deps = e === s ? NO_DEPS : new Array<unknown>(e - s);
    for (let k = s; k < e; k++) {
      const c = depCodes[k]!;
      (deps as unknown[])[k - s] = c >= 0 ? values[c] : inputs[-1 - c];
    }
    times[2 * j] = epochNow();
    try {
      const task = toTask(tasks[j]!, fns);
      const scope = new Scope(msg.ops, tasks[j]!, task, deps, at);
      bufs?.starting(task, deps);
      let r = inTaskScope(scope, runScoped);
      const sync = !isPromiseLike(r);
      if (!sync) {
        // Another batch on this worker may run while this one waits.
        Atomics.store(control, progress, suspendedCell(j));
        r = await settle(r as PromiseLike<unknown>, scope);
        Atomics.store(control, progress, j);
      }
      values[j] = r;
      bufs?.ran(j, r, sync);
    } catch (error) {
      times[2 * j + 1] = epochNow();
      failure = { index: j, step: at.step, error: toWireError(error) };
      break;
    }
    times[2 * j + 1] = epochNow();
    ran = j + 1;
    if (bytes) bytes[j] = bytesOf(values[j]);
    for (let k = s; k < e; k++) {
      const c = depCodes[k]!;
      if (c >= 0 && lastUse[c] === j && !ret[c]) {
        values[c] = undefined;
        bufs?.dropped(c);
      }
    }
  }
  // Done, in the same synchronous stretch as the last task: the other batch on this worker may
  // run (and crash) before this reply is out.
  Atomics.store(control, progress, BATCH_DONE);
  if (cancelled) return { kind: 'cancelled', thread: threadId, ...bufs?.cancelled() };
  // Results go back for outputs / outside consumers, and, when the batch stopped early, for
  // whatever the tasks that did not run need.
  const sent = ret.slice(0, n);
  for (let j = ran; j < n; j++) for (let e = depStart[j]!; e < depStart[j + 1]!; e++) if (depCodes[e]! >= 0) sent[depCodes[e]!] = 1;
  const { results, failed: bad } = encodeResults(values, sent, ran);
  // What stays here dies with the batch: its buffers go back with the reply.
  if (bufs) for (let j = 0; j < ran; j++) if (!sent[j] && values[j] !== undefined) bufs.dropped(j);
  const done = { thread: threadId, results, sent, times, bytes, ...bufs?.reply(values, sent, ran, inputs) };
  // A result that cannot cross threads (a function, nested too deep) fails its own task; later ones are dropped.
  if (bad) return { ...done, kind: 'failed', ran: bad.index, failure: { index: bad.index, step: -1, error: toWireError(bad.error) } };
  if (failure) return { ...done, kind: 'failed', ran, failure };
  return ran === n ? { ...done, kind: 'done' } : { ...done, kind: 'stopped', ran };
}
