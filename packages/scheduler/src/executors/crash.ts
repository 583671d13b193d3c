/**
 * What rejected batches do to the run (`ThreadsDispatcher.onCrash`). A batch's promise rejects
 * when its worker died (`process.exit()` in an op, an uncaught error), when its message could not
 * be posted (a DataCloneError), or when the pool was closed. A dying worker takes every batch it
 * held with it: piscina rejects them all with the same error object and starts a replacement.
 * A worker holds up to two batches (`PER_WORKER`), and they interleave whenever one awaits (its
 * op modules, codecs, or an async op), so each batch's progress cells say where it was
 * (`worker/protocol.ts`): not started (NOT_STARTED, set at send — slots are reused within a run,
 * so a stale cell must never be read as progress), executing task j, suspended in task j, or
 * done (its reply was made but died with the worker before the main thread read it).
 *
 * Policy: rejections are collected per error object until the next macrotask, so every batch of
 * one dead worker is seen together, then
 * - the batch that was executing (else one suspended in an async task) is blamed: the run fails
 *   with its task and step (for a fused task, the step's own key and op), as Dask reports the
 *   task that was running on the dead worker;
 * - when none was executing or suspended, the worker died between tasks (e.g. in an op module's
 *   import, or after its last reply): nothing is blamed, the tasks of the not-started and done
 *   batches are put back as if never dispatched and go to the replacement worker, as
 *   Dask reschedules tasks queued on a lost worker. A task put back `MAX_REQUEUES` times fails
 *   with an error saying that the worker died before it started;
 * - a batch whose message was not posted, or sent to a closed pool, fails itself: the first
 *   member whose arguments or inputs do not clone is blamed (else the first member);
 * - a worker the pool terminated on purpose (`Pool.terminate`: another compute's task timed out
 *   or was aborted) blames no batch of this run: its batches are put back. When it was
 *   terminated because a reply of it could not be read on the main thread, the batch whose reply
 *   that was (its number, `Termination.reply`; a worker may hold two finished batches, and the
 *   one sent first may have finished last) fails, with that reason, under its first task's key
 *   (which of its results could not be read is not known); a finished batch whose reply was
 *   merely lost with the worker (another run's, say) is put back;
 * - a worker that could not start (`worker/bootstrap.mjs`: its TypeScript loader or handler did
 *   not load) fails the run at once with that reason: a replacement would fail the same way.
 * Each rejection carries the thread that had taken the batch (0: none yet), from its slot.
 * Nothing happens once the run has failed or closed (the first failure is the one reported).
 * State: the rejections collected so far, and per task how often it was put back.
 */
import { encodeWire } from 'dusk-graph/internal';
import type { BatchRunner, RunPort } from '../loop/types.ts';
import { BATCH_DONE, taskOfCell } from '../worker/protocol.ts';
import { WORKER_START_FAILED } from '../worker/loader.ts';

/** Times a task may be put back because its worker died before starting it. */
export const MAX_REQUEUES = 3;

export interface Rejection {
  readonly members: readonly number[];
  /** The batch's progress cells (read at rejection: the slot is reused after). */
  readonly task: number;
  readonly step: number;
  /** `threadId` of the worker that took the batch; 0 when none had. */
  readonly thread: number;
  /** The number of its reply among that worker's replies (0: no reply made). */
  readonly reply: number;
  readonly poolClosed: boolean;
  readonly err: unknown;
}

function isPostFailure(r: Rejection): boolean {
  return r.poolClosed || (r.err instanceof Error && r.err.name === 'DataCloneError');
}

/** Index of the first member whose step arguments or inputs cannot be structured-cloned. */
function uncloneable(run: RunPort, members: readonly number[]): number {
  for (let j = 0; j < members.length; j++) {
    const x = members[j]!;
    try {
      structuredClone(encodeWire(run.tasks[x]!.steps.map((s) => s.args)));
      for (let e = run.depStart[x]!; e < run.depStart[x + 1]!; e++) structuredClone(encodeWire(run.results[run.depIds[e]!]));
    } catch {
      return j;
    }
  }
  return 0;
}

export class Crashes {
  private readonly requeues: Uint8Array;
  private readonly groups = new Map<unknown, Rejection[]>();

  constructor(private readonly run: RunPort, private readonly pool: BatchRunner) {
    this.requeues = new Uint8Array(run.n);
  }

  add(r: Rejection): void {
    const group = this.groups.get(r.err);
    if (group) return void group.push(r);
    const g = [r];
    this.groups.set(r.err, g);
    setImmediate(() => {
      this.groups.delete(r.err);
      this.settle(g);
    });
  }

  private settle(g: readonly Rejection[]): void {
    const run = this.run;
    if (run.closed || run.error !== undefined) return;
    const killed = (r: Rejection) => (r.thread === 0 ? undefined : this.pool.terminated(r.thread));
    // The finished batch whose reply could not be read (any finished one when the runner does not number replies).
    const unread = (r: Rejection): boolean => {
      const k = killed(r);
      return r.task === BATCH_DONE && k?.culprit === 'reply' && (k.reply === undefined || k.reply === r.reply);
    };
    const lost = g.find(unread);
    if (lost) return run.fail(lost.members[0]!, killed(lost)!.reason);
    const blame = g.find((r) => r.task >= 0 && !killed(r)) ?? g.find((r) => r.task < BATCH_DONE && !killed(r));
    if (blame) {
      const j = Math.min(taskOfCell(blame.task), blame.members.length - 1);
      return run.fail(blame.members[j]!, blame.err, blame.step);
    }
    const start = g.find((r) => (r.err as { code?: unknown } | null)?.code === WORKER_START_FAILED);
    if (start) return run.fail(start.members[0]!, start.err);
    const own = g.find(isPostFailure);
    if (own) return run.fail(own.members[uncloneable(run, own.members)]!, own.err);
    for (const { members, err } of g) {
      for (const x of members) {
        if (++this.requeues[x]! < MAX_REQUEUES) continue;
        const key = run.tasks[x]!.key;
        return run.fail(x, new Error(`the worker died before task '${key}' started (${MAX_REQUEUES} times)`, { cause: err }));
      }
    }
    run.requeue(g.flatMap((r) => r.members));
    run.wakeUp();
  }
}
