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

/**
 * `batchMs` when not given: a round trip through Redis costs milliseconds (and much more on a
 * busy machine), and a batch keeps a chain's intermediates on its worker instead of sending them
 * through Redis, so batches are ten times the `threads` default.
 */
const BATCH_MS = 50;

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
    };
    const remote = await RemoteRun.open(opts, (e) => run.stop(e));
    return new DistributedDispatcher(run, remote, { batchUs: (o.batchMs ?? BATCH_MS) * 1000, inlineBelowUs: o.inlineBelowUs });
  },
};
