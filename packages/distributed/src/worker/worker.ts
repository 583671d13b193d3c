/**
 * A dusk worker process's service: `startWorker` (what the `dusk-worker` CLI runs).
 *
 * - Imports the `--ops` modules first (`modules.ts`): the only code it will run.
 * - Runs batches on a thread pool of `concurrency` threads (the same `Pool` as the `threads`
 *   executor), one BullMQ job per thread at a time.
 * - Worker liveness is BullMQ's: a job's lock expires `lockMs` after its worker stopped renewing
 *   it (a SIGKILLed process), and the stalled-job check puts it back in the queue for another
 *   worker, at most `maxStalls` times; after that the job fails and the worker that noticed
 *   pushes a `lost` reply, so the client's run fails naming the batch instead of waiting.
 * - A heartbeat key (`keys.ts`) tells clients how many threads are alive; a client with work in
 *   flight and no live worker fails its run after its `workerTimeoutMs`.
 * - Unlike a client, a worker waits for Redis to come back when the connection drops (BullMQ
 *   reconnects); the jobs of a Redis restarted without persistence are gone, and their clients
 *   fail their runs.
 *
 * `close()` stops taking jobs, waits for running ones, and closes the pool and the connections.
 * Without Redis (gone, or lost while waiting) nothing could be reported or handed back, and
 * BullMQ's graceful close would wait for Redis for ever: it stops at once instead, so SIGTERM
 * ends a worker whose Redis is down.
 */
import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { createPool, toWireError } from 'dusk-scheduler';
import { bullConnection, close, connect } from '../connection.ts';
import { parseJobData } from '../data/job.ts';
import { HEARTBEAT_MS, HEARTBEAT_TTL_MS, heartbeatKey, workersKey } from '../keys.ts';
import { connectionSchema, resolveConnection, workerFields } from '../options.ts';
import { SharedStore } from '../data/shared.ts';
import { pushReply, runJob, type BatchContext } from './batch.ts';
import { importOpModules } from './modules.ts';

export interface WorkerOptions {
  /** Redis URL or ioredis options. @default env DUSK_REDIS_URL */
  connection?: string | RedisOptions;
  /** Op modules this worker may run (paths or package names). */
  ops: readonly string[];
  /**
   * Those of `ops` that are one-file scripts (ops registered with `defineOps` above the pipeline
   * code): read only up to their `defineOps` call, as a worker thread reads its script.
   * `LocalCluster` passes the script that starts it. @default []
   */
  scripts?: readonly string[];
  /** Threads in this process's pool. @default 1 */
  concurrency?: number;
  /** The queue to take jobs from. @default 'dusk' */
  queue?: string;
  /** How long a job's lock lasts without renewal: a dead worker's jobs are retried after this. @default 10000 */
  lockMs?: number;
  /** How often a job may be retried after its worker died. @default 2 */
  maxStalls?: number;
  /** A directory shared with the clients (e.g. an NFS mount) for results above their `sharedAboveBytes`. */
  sharedDir?: string;
}

const schema = z.strictObject({ connection: connectionSchema.optional(), ...workerFields });

export interface DuskWorker {
  /** `host:pid`. */
  readonly id: string;
  readonly concurrency: number;
  close(): Promise<void>;
}

/** Resolves when `p` settles or `holds()` is false (checked now and every 250 ms). */
function untilFalse(p: Promise<unknown>, holds: () => boolean): Promise<void> {
  if (!holds()) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (!holds()) done();
    }, 250);
    const done = () => {
      clearInterval(check);
      resolve();
    };
    p.then(done, done);
  });
}

export async function startWorker(options: WorkerOptions): Promise<DuskWorker> {
  const o = parseOptions('startWorker', schema, options);
  const connection = resolveConnection('startWorker', o.connection);
  await importOpModules(o.ops, o.scripts ?? []);
  const id = `${hostname()}:${process.pid}`;
  const redis = await connect(connection, `dusk-worker ${id}`, { persistent: true });
  const pool = createPool({ workers: o.concurrency });
  const ctx: BatchContext = { redis, pool, queue: o.queue, modules: o.ops, shared: o.sharedDir === undefined ? undefined : new SharedStore(o.sharedDir) };
  const hb = heartbeatKey(o.queue, id);
  const beat = () =>
    redis.multi().set(hb, JSON.stringify({ concurrency: o.concurrency, pid: process.pid, host: hostname() }), 'PX', HEARTBEAT_TTL_MS).sadd(workersKey(o.queue), id).exec()
      .catch(() => undefined);
  await beat();
  const timer = setInterval(beat, HEARTBEAT_MS);

  const worker = new Worker(o.queue, async (job: Job) => runJob(ctx, parseJobData(job.data)), {
    connection: bullConnection(connection),
    // One job per thread: a job waiting inside a busy worker could not go to an idle one (the
    // client sends long tasks only while some worker is idle, and BullMQ hands a job to
    // whichever worker asks first).
    concurrency: o.concurrency,
    lockDuration: o.lockMs,
    stalledInterval: Math.max(100, Math.floor(o.lockMs / 2)),
    maxStalledCount: o.maxStalls,
    removeOnComplete: { count: 0 },
    removeOnFail: { count: 0 },
  });
  // A job that failed for good (processor error, or stalled too often): tell its run.
  worker.on('failed', (job: Job | undefined, err: Error) => {
    if (!job) return;
    let data;
    try {
      data = parseJobData(job.data);
    } catch {
      return;
    }
    const lost = toWireError(new Error(`batch ${data.serial} failed on the workers: ${err.message}`, { cause: err }));
    void pushReply(ctx, data.client, { kind: 'lost', run: data.run, serial: data.serial, host: hostname(), pid: process.pid, error: lost }, 3600).catch(() => undefined);
  });
  worker.on('error', () => undefined);
  await worker.waitUntilReady();

  let closing: Promise<void> | undefined;
  return {
    id,
    concurrency: o.concurrency,
    close: () =>
      (closing ??= (async () => {
        clearInterval(timer);
        const connected = () => redis.status === 'ready';
        // Each wait on Redis ends when it goes away (a reply may never come then).
        if (connected()) await untilFalse(worker.close(), connected);
        else await worker.close(true);
        await untilFalse(redis.multi().del(hb).srem(workersKey(o.queue), id).exec().catch(() => undefined), connected);
        await pool.close();
        await untilFalse(close(redis), connected);
        redis.disconnect();
      })()),
  };
}
