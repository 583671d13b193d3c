/**
 * The `threads` dispatcher: moves ready worker tasks onto a pool in adaptively sized batches.
 *
 * Policy (DESIGN.md §5; per-task-name duration estimates from `estimates.ts`):
 * - A library task measured far below the cost of dispatching it (`inlineBelowUs`) runs inline on
 *   the main thread instead (`fill` hands it back to the loop, which keeps depth-first order); so
 *   do the library's own ready tasks when together they are known to take less than a round trip
 *   (`ALONE_BELOW_US`) and no worker has work of this run (`alone`). The user's ops stay on
 *   workers (`inlines`), where one call that blocks or ends its thread is caught.
 * - A task of unknown or long estimated duration (≥ `QUEUE_BELOW` batch budgets) goes alone,
 *   and only to an idle worker (at most one batch per worker in flight): two 100 ms gaussians
 *   never queue on one worker while another idles. A medium task (one to `QUEUE_BELOW` budgets)
 *   also goes alone, but may queue behind a running batch like short ones: at 5 ms a task, the
 *   round trip it hides is worth more than the few ms a queued task can idle a worker at the end.
 * - A task known to be short starts a batch that grows, within a time budget (`batchUs` of
 *   estimated work, at least `FILL_US` unless the user set `batchMs`: `budget.ts`; at most
 *   `MAX_BATCH` tasks), first with its *continuations* — worker tasks whose every unfinished
 *   dependency is already in this batch, so the worker runs a chain (or a small sub-DAG) without
 *   a round trip and without sending intermediates back — then with other ready worker tasks,
 *   taking no more than a fair share of them so every worker gets some, and at most
 *   `MAX_SIBLINGS`, which bounds the results a batch brings back at once.
 *   Short batches may queue behind a running one (two per worker) to hide the round trip.
 * - Unless the user set `batchMs` (`chains`), a medium or long task known to take `batchUs` or
 *   more takes its continuations too (up to as much work again as itself, no siblings) when
 *   other ready tasks can keep the other workers busy: an image's chain of steps then goes as
 *   one message, and its intermediates stay on the worker (`budget.ts`).
 * - Results come back only for tasks with a consumer outside the batch, or outputs.
 * - A batch that overruns its estimated work `OVERRUN` times (estimates too low) returns its
 *   remaining tasks unrun; they become ready again and are rescheduled with the corrected
 *   estimates.
 * - Root tasks do not start more than `2 × slots × MAX_SIBLINGS` positions of `order()` ahead of
 *   the oldest unfinished task while the held intermediates weigh `LOOKAHEAD_BYTES` or more
 *   (`RunState.tooFarAhead`, `loop/lookahead.ts`), so a slow tail cannot make inputs pile up, and
 *   tiny results do not keep batches of tiny tasks small. A runner whose workers do not share
 *   this process's memory (`distributed`) keeps the count window alone.
 *
 * The batch is built and encoded here (see `build.ts`); replies complete tasks in batch order.
 * A worker crash rejects every batch the worker held: the one it was running fails the run, one
 * that had not started is sent again (`crash.ts`; each send marks its progress slot not started).
 * A task running longer than the compute's `timeout` fails the run with a TimeoutError naming
 * it, and its worker is terminated and replaced; an aborted compute terminates the workers still
 * running (or awaiting in) its tasks at once (`stopper.ts`, `watchdog.ts`). Either way the pool
 * is left with fresh workers, and batches of other computes that shared a terminated worker are
 * sent again.
 * State: per-task scratch arrays, free progress slots, the batch serial, the crash triage and the
 * stopper (which knows the batch in each slot).
 */
import { decodeWire, taskIsLibrary } from 'dusk-graph/internal';
import { bytesOf } from '../util/bytes.ts';
import { PER_WORKER } from '../pool/pool.ts';
import { lookaheadBytes } from '../loop/lookahead.ts';
import type { BatchRunner, Dispatcher, RunPort } from '../loop/types.ts';
import { fromWireError } from '../util/errors.ts';
import { newControl, readSlot, type BatchMessage, type BatchReply, type RanTasks } from '../worker/protocol.ts';
import { shipping } from './buffers.ts';
import { Crashes } from './crash.ts';
import { EncodeError, encodeBatch, type BatchScratch } from './build.ts';
import { chainCapUs, deadlineMs } from './budget.ts';
import type { Estimate } from './estimates.ts';
import { Stopper } from './stopper.ts';
import { epochNow } from '../util/clock.ts';

export interface ThreadsTuning {
  /** Estimated work per batch, µs. */
  batchUs: number;
  /** Worker tasks estimated below this many µs run inline on the main thread. */
  inlineBelowUs: number;
  /** Estimated work a batch of short tasks is filled to, µs (`budget.ts`: `fillUs`). @default batchUs */
  fillUs?: number | undefined;
  /**
   * A task of `batchUs` or more takes its continuations along (`budget.ts`: `chainCapUs`); off
   * when the user set `batchMs` (batches then follow it exactly) and for `distributed`. @default false
   */
  chains?: boolean | undefined;
  /** Per-task time limit on a worker (ms); undefined: none. */
  timeoutMs?: number | undefined;
}

export const MAX_BATCH = 4096;
/**
 * Tasks estimated below this many batch budgets may wait in a worker's queue behind a running
 * batch (hiding the round trip); longer ones only go to an idle worker, so at the end of a run
 * a worker never sits idle while a long task waits behind another.
 */
export const QUEUE_BELOW = 4;
/**
 * Independent ready tasks one batch may take. Their results all come back to the main thread,
 * so this (times the batches in flight) bounds the extra results a batch holds alive.
 */
export const MAX_SIBLINGS = 64;
/**
 * Ready worker tasks known to take less than this (µs) together run inline when no worker has work
 * of the run (`alone`): a batch's round trip — the post and the worker's wake, its reply and the
 * main thread's — took 0.1–0.5 ms, and a small task measured on a worker takes several times
 * what it does inline (a reduction's combine: 0.3–0.6 ms on a worker, 0.04 ms inline), so an
 * estimate made on workers must not keep it there. The main thread is held for at most ~1 ms.
 */
export const ALONE_BELOW_US = 1000;
/**
 * ... and whose inputs weigh at most this many bytes: an estimate is per op name, so a task on a
 * much bigger input than the ones it was measured on would otherwise run inline on a stale one.
 */
export const ALONE_MAX_BYTES = 256 * 1024;

export class ThreadsDispatcher implements Dispatcher {
  readonly workers: number;
  inFlight = 0;
  batches = 0;
  private longInFlight = 0;
  private readonly est: (Estimate | undefined)[];
  private readonly batchOf: Int32Array;
  private readonly scratch: BatchScratch;
  private readonly cntOf: Int32Array;
  private readonly cnt: Int32Array;
  private readonly crashes: Crashes;
  private serial = 0;
  private readonly control: Int32Array;
  private readonly slots: number[] = [];
  private readonly cand: number[] = [];
  private readonly epoch = epochNow();
  private readonly stopper: Stopper;
  /** Estimated work (µs) of the batch `build` made last. */
  private builtUs = 0;

  constructor(private readonly run: RunPort, private readonly pool: BatchRunner, private readonly tuning: ThreadsTuning) {
    this.workers = pool.workers;
    const n = run.n;
    this.est = new Array(n);
    this.batchOf = new Int32Array(n);
    this.scratch = { batchOf: this.batchOf, local: new Int32Array(n), inputOf: new Int32Array(n), inputStamp: new Int32Array(n) };
    this.cntOf = new Int32Array(n);
    this.cnt = new Int32Array(n);
    this.crashes = new Crashes(run, pool);
    const slots = pool.workers * PER_WORKER;
    this.control = newControl(slots);
    for (let s = slots - 1; s >= 0; s--) this.slots.push(s);
    run.window = 2 * slots * MAX_SIBLINGS;
    run.lookaheadBytes = pool.sharesMemory === true ? lookaheadBytes() : 0;
    this.stopper = new Stopper(run, pool, this.control, this.epoch, tuning.timeoutMs);
  }

  private estimateOf(id: number): Estimate {
    return (this.est[id] ??= this.pool.estimates.get(this.run.tasks[id]!.name));
  }

  cancel(terminate = false): void {
    Atomics.store(this.control, 0, 1);
    if (terminate) this.stopper.terminateActive(new Error('the compute was aborted'));
    else this.stopper.afterFailure();
  }

  fill(): Estimate | undefined {
    const run = this.run;
    while (run.readyCount > 0 && run.error === undefined) {
      const id = run.peekReady();
      const e = this.estimateOf(id);
      if (this.inlines(id, e) || this.alone(id, e)) return e;
      if (this.inFlight > 0 && run.tooFarAhead(id)) return undefined;
      const short = e.n > 0 && e.mean < this.tuning.batchUs;
      const long = !(e.n > 0 && e.mean < QUEUE_BELOW * this.tuning.batchUs);
      // Long or unknown work only goes to an idle worker; short and medium batches may queue
      // behind anything but long work, so a worker finishing one finds the next already there.
      const room = !long && this.longInFlight === 0 ? this.slots.length > 0 : this.inFlight < this.workers;
      if (!room) return undefined;
      run.takeReady();
      this.send(this.build(id, e, short), long);
    }
    return undefined;
  }

  /**
   * The library's own task `id` is measured far below a round trip (`inlineBelowUs`): it runs on
   * the main thread. The user's ops stay on workers however cheap they measure — one input may
   * make them block, or end their thread — unless declared `cheap` (then they never reach here).
   */
  private inlines(id: number, e: Estimate): boolean {
    return e.runsInline(this.tuning.inlineBelowUs) && taskIsLibrary(this.run.tasks[id]!);
  }

  /**
   * No worker has work of this run, the ready tasks — each counted at the top one's known
   * estimate `e` — add up to less than a round trip (`ALONE_BELOW_US`), and the top task `id` is
   * the library's own (`taskIsLibrary`) on small inputs (`ALONE_MAX_BYTES`): sending it would
   * only add the round trip (a reduction's last combine, a small block's arithmetic). The
   * user's ops stay on workers, where one that blocks or ends its thread cannot take the main
   * thread with it. Off when inlining is (`inlineBelowUs` 0, a `timeout`) and for runners on
   * other processes, whose inputs would have to come here.
   */
  private alone(id: number, e: Estimate): boolean {
    return this.tuning.inlineBelowUs > 0 && this.pool.sharesMemory === true && this.inFlight === 0
      && e.n > 0 && this.run.readyCount * e.mean < ALONE_BELOW_US && taskIsLibrary(this.run.tasks[id]!)
      && this.inputBytes(id) <= ALONE_MAX_BYTES;
  }

  /** Bytes task `id` is given: its dependencies' results and the arrays among its steps' arguments. */
  private inputBytes(id: number): number {
    const { depStart, depIds, results, tasks } = this.run;
    let n = 0;
    for (let k = depStart[id]!; k < depStart[id + 1]!; k++) n += bytesOf(results[depIds[k]!]);
    for (const s of tasks[id]!.steps) n += bytesOf(s.args);
    return n;
  }

  /**
   * Collect a batch starting at `first` (already popped; `e` its estimate): short tasks up to the
   * fill budget, a known longer one with its continuations only (see the header).
   */
  private build(first: number, e: Estimate, short: boolean): number[] {
    const run = this.run, { batchUs, fillUs = batchUs, chains = false } = this.tuning;
    const b = ++this.serial;
    const members: number[] = [];
    const cand = this.cand;
    cand.length = 0;
    this.add(first, b, members);
    let total = e.n > 0 ? e.mean : Infinity;
    this.builtUs = total;
    if (e.n === 0 || (!short && !chains)) return members;
    const budget = short ? fillUs : chainCapUs(total, run.readyCount, this.workers);
    let siblings = 0;
    // The batch (first task included) takes at most its share of the ready tasks over the free
    // slots (this batch's among them): two ready tiles and two idle workers make two batches.
    const share = !short ? 0 : Math.min(MAX_SIBLINGS, Math.ceil((run.readyCount + 1) / Math.max(1, this.slots.length)) - 1);
    while (members.length < MAX_BATCH) {
      let next: number;
      const fromStack = cand.length === 0;
      if (!fromStack) next = cand.pop()!;
      else if (siblings < share && run.readyCount > 0) next = run.peekReady();
      else break;
      if (fromStack && run.tooFarAhead(next)) break;
      const en = this.estimateOf(next);
      if (en.n === 0 || total + en.mean > budget) break;
      if (fromStack) {
        run.takeReady();
        siblings++;
      }
      total += en.mean;
      this.add(next, b, members);
    }
    this.builtUs = total;
    return members;
  }

  private add(x: number, b: number, members: number[]): void {
    const run = this.run;
    members.push(x);
    this.batchOf[x] = b;
    run.started(x);
    const { dStart, dIds, place } = run;
    for (let k = dStart[x + 1]! - 1; k >= dStart[x]!; k--) {
      const d = dIds[k]!;
      if (place![d] !== 1 || !run.unstarted(d)) continue;
      if (this.cntOf[d] !== b) {
        this.cntOf[d] = b;
        this.cnt[d] = 0;
      }
      if (++this.cnt[d]! === run.waitingOn(d)) this.cand.push(d);
    }
  }

  private send(members: number[], long: boolean): void {
    const slot = this.slots.pop()!;
    this.stopper.sending(slot);
    let msg: BatchMessage;
    try {
      msg = encodeBatch(this.run, members, this.scratch, this.control, slot, deadlineMs(this.builtUs, this.tuning.batchUs), this.epoch);
      if (this.pool.sharesMemory) msg = { ...msg, buffers: shipping.pick(this.run, members) };
    } catch (e) {
      // A value that cannot cross threads fails its own task; nothing was sent.
      this.slots.push(slot);
      if (!(e instanceof EncodeError)) throw e;
      return this.run.fail(members[e.index]!, e.cause, e.step);
    }
    this.stopper.sent(slot, members);
    this.inFlight++;
    this.batches++;
    if (long) this.longInFlight++;
    this.pool.run(msg, long).then(
      (reply) => this.onReply(members, slot, long, reply),
      (err: unknown) => this.onCrash(members, slot, long, err),
    );
  }

  private release(slot: number, long: boolean): void {
    this.stopper.released(slot);
    this.inFlight--;
    if (long) this.longInFlight--;
    this.slots.push(slot);
  }

  private onReply(members: number[], slot: number, long: boolean, reply: BatchReply): void {
    this.release(slot, long);
    const run = this.run;
    shipping.back(run, members, reply);
    if (run.closed) return;
    try {
      switch (reply.kind) {
        case 'done':
          this.finish(members, reply, members.length);
          break;
        case 'stopped':
          // Tasks the worker handed back unrun (deadline) wait again, as if never dispatched.
          run.requeue(members.slice(reply.ran));
          this.finish(members, reply, reply.ran);
          break;
        case 'failed': {
          // Tasks before a failing one did finish: report them, then the failure.
          this.finish(members, reply, reply.ran);
          const { index, step, error } = reply.failure;
          run.fail(members[index]!, fromWireError(error), step);
          break;
        }
        case 'cancelled':
          break;
        default: {
          const other: never = reply;
          throw new TypeError(`unknown batch reply kind ${JSON.stringify((other as { kind?: unknown }).kind)} (expected 'done', 'stopped', 'failed' or 'cancelled')`);
        }
      }
    } catch (e) {
      run.stop(e);
    } finally {
      run.wakeUp();
    }
  }

  /** Report the first `ran` members of a replied batch as finished, with their results. */
  private finish(members: readonly number[], reply: RanTasks, ran: number): void {
    const { times, bytes, thread, sent, host, pid } = reply;
    const on = host === undefined ? { thread } : { thread, host, pid };
    const results = decodeWire(reply.results) as unknown[];
    let r = 0;
    for (let j = 0; j < ran; j++) {
      const x = members[j]!;
      const start = times[2 * j]!, end = times[2 * j + 1]!;
      this.estimateOf(x).add((end - start) * 1000);
      const has = sent[j] === 1;
      this.run.finishTask(x, has ? results[r++] : undefined, has, on, start, end, bytes ? bytes[j]! : -1);
    }
  }

  private onCrash(members: number[], slot: number, long: boolean, err: unknown): void {
    const { task, step, thread, reply } = readSlot(this.control, slot);
    this.release(slot, long);
    this.crashes.add({ members, task, step, thread, reply, poolClosed: this.pool.closed, err });
  }
}
