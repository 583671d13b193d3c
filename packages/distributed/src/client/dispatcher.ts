/**
 * The `distributed` executor: the `threads` executor's batching (`ThreadsDispatcher`: adaptive
 * batches, continuations, duration estimates, inlining of tiny tasks, the run's window, crash
 * triage) over a `RemoteRun` instead of a thread pool, plus what only a remote executor needs:
 * cancelling and cleaning up the run's jobs and keys in Redis, fetching results kept there for
 * the main thread, and deleting them when the scheduler releases them.
 */
import { ThreadsDispatcher, type Dispatcher, type ExecutorFactory, type RunPort } from 'dusk-scheduler';
import type { Estimate } from 'dusk-scheduler';
import { distributedOptions, resolveConnection, type DistributedOptions } from '../options.ts';
import { RemoteRun } from './remote-run.ts';
import { warnSharedArgs } from './shared-args.ts';

/**
 * `batchMs` when not given. A round trip through Redis costs milliseconds (much more on a busy
 * machine), and above all a task that goes alone (estimated at more than a batch's budget) sends
 * its inputs and outputs through Redis, while a batch keeps a chain's intermediates on its worker:
 * with 50 ms, the tutorial pipeline (200 × 512², a 60 ms gaussian per image) ran 1.7× slower than
 * `threads`; with 250 ms each image's chain stays on one worker (1.2–1.35× on 40 images).
 */
const BATCH_MS = 250;

export class DistributedDispatcher implements Dispatcher {
  private readonly inner: ThreadsDispatcher;

  constructor(run: RunPort, private readonly remote: RemoteRun, tuning: { batchUs: number; inlineBelowUs: number }) {
    this.inner = new ThreadsDispatcher(run, remote, tuning);
  }

  get workers(): number {
    return this.inner.workers;
  }
  get inFlight(): number {
    return this.inner.inFlight;
  }
  get batches(): number {
    return this.inner.batches;
  }
  fill(): Estimate | undefined {
    return this.inner.fill();
  }
  cancel(): void {
    this.inner.cancel(false);
    this.remote.cancel();
  }
  close(): Promise<void> {
    return this.remote.close();
  }
  localize(values: unknown[]): Promise<unknown[]> | undefined {
    return this.remote.localize(values);
  }
  releaseResult(value: unknown): void {
    this.remote.releaseResult(value);
  }
}

export const distributedExecutor: ExecutorFactory = {
  placement: 'worker',
  inline: 'concurrent',
  options: distributedOptions,
  create: async (run, o) => {
    if (o.timeout !== undefined) {
      throw new TypeError(`compute: option 'timeout' is not supported by scheduler 'distributed' (received ${o.timeout}); a dead worker's tasks are re-run after the workers' --lock-ms`);
    }
    const opts: DistributedOptions = {
      connection: resolveConnection('compute', o.connection as DistributedOptions['connection'] | undefined),
      queue: o.queue as string,
      workerTimeoutMs: o.workerTimeoutMs as number,
      inlineBytes: o.inlineBytes as number,
      ttlSeconds: o.ttlSeconds as number,
      sharedDir: o.sharedDir as string | undefined,
      sharedAboveBytes: o.sharedAboveBytes as number,
    };
    warnSharedArgs(run);
    const remote = await RemoteRun.open(opts, (e) => run.stop(e));
    return new DistributedDispatcher(run, remote, { batchUs: (o.batchMs ?? BATCH_MS) * 1000, inlineBelowUs: o.inlineBelowUs });
  },
};
