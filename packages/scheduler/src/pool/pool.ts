/**
 * Worker pools: a piscina 5 pool running `worker/bootstrap.mjs`, plus the duration estimates
 * learnt on it.
 *
 * - `createPool({ workers })` makes a pool the caller owns: `await pool.close()` or
 *   `await using pool = createPool(...)`, and pass it as `compute(x, { pool })`.
 * - Without `pool`, computes share a default pool per worker count (`workers` defaults to
 *   `os.availableParallelism()`), created on first use and reused by later computes so workers
 *   keep their imported op modules and warm JIT. Piscina unrefs idle workers, so an idle pool
 *   never keeps the process alive: a script ends when its work ends, no `close()` needed.
 * - A worker that dies (`process.exit()` in an op, an uncaught error) fails the batch it was
 *   running and piscina starts a replacement, so the pool stays usable.
 * - `terminate(thread, reason)` ends a worker on purpose (a task past its timeout, an aborted
 *   compute, a reply the main thread could not read): piscina rejects the batches it held and
 *   starts a replacement; the reason is remembered per thread (the last 64) so that the crash
 *   triage of other computes does not blame their batches for it (`executors/crash.ts`).
 * - A reply that cannot be deserialized on the main thread (a port `messageerror`, or a throw
 *   from piscina's synchronous drain of the ports: `ports.ts`) would leave its batch pending for
 *   ever or end the script: the worker that sent it is terminated with that reason instead.
 * - A worker that fails while starting (its entry file, loader or a preload throws in workers) is
 *   not replaced (piscina gives up on such pools). When none is left, the pool is broken: every
 *   pending batch and every later one rejects with the reason (code WORKER_START_FAILED, which
 *   fails the run at once), so each later compute on it fails the same way, at once — instead
 *   of batches waiting for ever in the queue of a pool without workers.
 * - Errors a worker raises outside any task — it could not start, it died while idle, or late
 *   (an op's timer throwing after its task finished, `worker/uncaught.ts`) — are kept in
 *   `idleErrors` (the last 16) and emitted as process warnings (`DuskWorkerError`,
 *   `DuskLateWorkerError`) with their reason; they never fail an unrelated task.
 *
 * Each worker takes up to two batches at a time: the second waits in the worker's port and starts
 * the moment the first ends, hiding the round trip for small batches (the loop only queues a
 * second batch when it is known to be short; see `executors/threads.ts`). A long batch waits in
 * piscina's queue for a worker with nothing to do (`chooseWorker`), whoever keeps the others busy.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina, queueOptionsSymbol, type PiscinaTask } from 'piscina';
import { z } from 'zod';
import { opRef, parseOptions } from 'dusk-graph/internal';
import { Estimates } from '../executors/estimates.ts';
import { refusePoolInWorker } from '../loop/nested.ts';
import { fromWireError, lateWorkerError, unreadableReplyError } from '../util/errors.ts';
import { isLateErrorMessage, type BatchMessage, type BatchReply, type LateErrorMessage, type WarmupReply, type WorkerMessage } from '../worker/protocol.ts';
import { workerLoader, workerStartFailure } from '../worker/loader.ts';
import { onReplyError } from './ports.ts';

export interface PoolOptions {
  /** Number of worker threads. @default os.availableParallelism() */
  workers?: number;
}

const poolSchema = z.strictObject({
  workers: z.int().min(1).max(1024).optional(),
});

const BOOTSTRAP = fileURLToPath(new URL('../worker/bootstrap.mjs', import.meta.url));

/** Batches a worker may hold at once (one running, one waiting). */
export const PER_WORKER = 2;

/** Why the pool terminated a worker: which of its batches is to blame for `reason`. */
export interface Termination {
  readonly reason: Error;
  /** `running`: the task it was running (that run already failed); `reply`: the batch whose reply was lost. */
  readonly culprit: 'running' | 'reply';
  /**
   * For `reply`: the number of the reply that could not be read (`worker/protocol.ts`): one past
   * the replies read from that worker without a gap. Replies are read in the order they were
   * posted, so those before it were read; any read after it do not move this.
   */
  readonly reply?: number;
}

type Balancer = NonNullable<NonNullable<ConstructorParameters<typeof Piscina>[0]>['loadBalancer']>;
type PiscinaWorker = Parameters<Balancer>[1][number];

/** Marks a batch that must not wait behind another on a busy worker (`Pool.run`'s `alone`). */
const ALONE = { alone: true };

/**
 * Piscina's choice of worker for a message: one with nothing to do, else — unless the batch is
 * to run alone — the least busy holding fewer than `PER_WORKER`; none: piscina keeps the message
 * queued and asks again when a worker frees up. Piscina's own balancer queues any message behind
 * a busy worker, so a long batch could wait behind another long one (another compute's, or a
 * failed run's still running) while a worker that frees up sooner is left out.
 */
function chooseWorker(task: PiscinaTask, workers: readonly PiscinaWorker[]): PiscinaWorker | null {
  const alone = task[queueOptionsSymbol] === ALONE;
  let best: PiscinaWorker | null = null;
  for (const w of workers) {
    if (w.currentUsage === 0) return w;
    if (!alone && w.currentUsage < PER_WORKER && (best === null || w.currentUsage < best.currentUsage)) best = w;
  }
  return best;
}

const REMEMBERED = 64;
const IDLE_ERRORS = 16;

export class Pool implements AsyncDisposable {
  readonly workers: number;
  /** Its workers are threads of this process: batches move free buffers there and back. */
  readonly sharesMemory = true;
  /** Duration estimates per task name, learnt on this pool. */
  readonly estimates = new Estimates();
  /**
   * Errors of workers not blamed on any task, most recent last: raised while idle, or late
   * (thrown by an op after its task had finished).
   */
  readonly idleErrors: unknown[] = [];
  private piscina: Piscina | undefined;
  private readonly terminations = new Map<number, Termination>();
  /** Per worker thread, how many of its batch replies were read in a row from the first (`replyRead`). */
  private readonly repliesRead = new Map<number, number>();
  /** Why the workers could not start, once none is left (see the header). */
  private broken: Error | undefined;
  /** Batches sent and not settled, so they can be failed when no worker can start. */
  private readonly pending = new Set<(e: unknown) => void>();

  /** `bootstrap` (internal, for tests): the worker's entry file instead of `worker/bootstrap.mjs`. */
  constructor(options: PoolOptions = {}, bootstrap: string = BOOTSTRAP) {
    refusePoolInWorker('createPool');
    const o = parseOptions('createPool', poolSchema, options);
    this.workers = o.workers ?? availableParallelism();
    this.piscina = new Piscina({
      filename: bootstrap,
      minThreads: this.workers,
      maxThreads: this.workers,
      concurrentTasksPerWorker: PER_WORKER,
      loadBalancer: chooseWorker,
      // An idle worker waits with Atomics.waitAsync, so its event loop keeps turning: timers,
      // file writes and streams an op started without awaiting them still run between batches
      // (piscina's default, 'sync', stops them until the next batch that awaits).
      atomics: 'async',
      idleTimeout: Infinity,
      // The TypeScript loader each worker registers first (`worker/loader.ts`).
      workerData: workerLoader(),
    });
    this.piscina.on('error', (e: unknown) => {
      this.recordIdle(e);
      process.emitWarning(`a worker of the pool failed outside any task (it could not start, or died while idle): ${String(e)}`, 'DuskWorkerError');
      this.checkWorkersLeft(e);
    });
    this.piscina.on('message', (m: unknown) => {
      if (isLateErrorMessage(m)) this.onLateError(m);
    });
    onReplyError(this.piscina, (thread, e) => this.terminate(thread, unreadableReplyError(thread, e), 'reply'));
  }

  private recordIdle(e: unknown): void {
    this.idleErrors.push(e);
    if (this.idleErrors.length > IDLE_ERRORS) this.idleErrors.shift();
  }

  private onLateError({ __duskLateError: m }: LateErrorMessage): void {
    const e = lateWorkerError(m);
    this.recordIdle(e);
    process.emitWarning(e.message, 'DuskLateWorkerError');
  }

  /**
   * Terminate worker `thread` (its batches are rejected; piscina starts a replacement). No-op
   * when no live worker has that id.
   */
  terminate(thread: number, reason: Error, culprit: Termination['culprit'] = 'running'): void {
    const w = this.piscina?.threads.find((t) => t.threadId === thread);
    if (!w) return;
    this.terminations.set(thread, { reason, culprit });
    if (this.terminations.size > REMEMBERED) this.terminations.delete(this.terminations.keys().next().value!);
    void w.terminate();
  }

  /** Why the pool terminated worker `thread`, if it did. */
  terminated(thread: number): Termination | undefined {
    const t = this.terminations.get(thread);
    return t?.culprit === 'reply' ? { ...t, reply: (this.repliesRead.get(thread) ?? 0) + 1 } : t;
  }

  /** Count a batch reply read from its worker, when it is the next of that worker's numbers. */
  private replyRead(r: BatchReply | WarmupReply): void {
    if (!('reply' in r) || r.reply === undefined) return;
    const read = this.repliesRead.get(r.thread) ?? 0;
    if (r.reply !== read + 1) return;
    // Most recently replying workers last: the oldest entry (a worker long gone) goes first.
    this.repliesRead.delete(r.thread);
    this.repliesRead.set(r.thread, r.reply);
    if (this.repliesRead.size > REMEMBERED) this.repliesRead.delete(this.repliesRead.keys().next().value!);
  }

  get closed(): boolean {
    return this.piscina === undefined;
  }

  /** Thread ids of the live workers. */
  get threadIds(): number[] {
    return this.piscina ? this.piscina.threads.map((t) => t.threadId) : [];
  }

  /**
   * Run one batch on some worker; `alone`: only on a worker with nothing else to do (it waits in
   * the queue until one is), for long batches (`executors/threads.ts`).
   */
  run(msg: BatchMessage, alone = false): Promise<BatchReply> {
    // Piscina reads the symbol off the message; structured cloning leaves it behind.
    return this.post<BatchReply>(alone ? Object.assign({ ...msg }, { [queueOptionsSymbol]: ALONE }) : msg);
  }

  /** Post one message to some worker; its reply. */
  private post<R extends BatchReply | WarmupReply>(msg: WorkerMessage): Promise<R> {
    if (this.broken) return Promise.reject(this.broken);
    const piscina = this.piscina;
    if (!piscina) return Promise.reject(new Error('Pool is closed'));
    return new Promise<R>((resolve, reject) => {
      this.pending.add(reject);
      // A rejection that leaves no worker rejects this message too with the coded reason.
      (piscina.run(msg) as Promise<R>).then((r) => {
        this.replyRead(r);
        resolve(r);
      }, (e: unknown) => {
        this.checkWorkersLeft(e);
        reject(e);
      }).finally(() => this.pending.delete(reject));
    });
  }

  /** After a worker failed with `e`: with no worker left, the pool is broken (see the header). */
  private checkWorkersLeft(e: unknown): void {
    if (!this.piscina || this.broken || this.piscina.threads.length > 0) return;
    const broken = (this.broken = workerStartFailure(e));
    for (const reject of this.pending) reject(broken);
    this.pending.clear();
  }

  /**
   * Start every worker and have it import the modules of `ops` (functions from `defineOps`), so
   * that the first compute does not pay for worker start-up and module loading. Optional. Rejects
   * naming the op whose module a worker could not import.
   */
  async warmup(ops: readonly ((...args: never[]) => unknown)[] = []): Promise<void> {
    const refs = ops.map((fn, i) => {
      const ref = opRef(fn);
      if (!ref) throw new TypeError(`Pool.warmup: ops[${i}] (${fn.name || 'anonymous'}) is not an op registered with defineOps`);
      return ref;
    });
    // Sent together, one lands on each idle worker (piscina prefers workers with nothing to do).
    const replies = await Promise.all(Array.from({ length: this.workers }, () => this.post<WarmupReply>({ kind: 'warmup', ops: refs })));
    for (const r of replies) {
      if (r.kind === 'ready') continue;
      const ref = refs[r.op]!;
      throw new Error(`Pool.warmup: ops[${r.op}] (${ref.name} from ${ref.module}) could not be imported on worker thread ${r.thread}`, { cause: fromWireError(r.error) });
    }
  }

  /** Stop the workers (running batches are abandoned). Idempotent. */
  async close(): Promise<void> {
    const p = this.piscina;
    this.piscina = undefined;
    for (const [k, v] of defaults) if (v === this) defaults.delete(k);
    if (p) await p.destroy();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

export function createPool(options: PoolOptions = {}): Pool {
  return new Pool(options);
}

const defaults = new Map<number, Pool>();

/** The shared pool with `workers` threads, created on first use. */
export function defaultPool(workers: number = availableParallelism()): Pool {
  let p = defaults.get(workers);
  if (!p) defaults.set(workers, (p = new Pool({ workers })));
  return p;
}

/** Close every default pool (tests and long-lived hosts; scripts need not call this). */
export async function closeDefaultPools(): Promise<void> {
  await Promise.all([...defaults.values()].map((p) => p.close()));
}
