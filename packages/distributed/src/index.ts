/**
 * dusk-distributed: run dusk graphs on worker processes on any number of machines, through Redis
 * (BullMQ queues, data under run-scoped keys). Importing it registers the `'distributed'`
 * executor: `compute(x, { scheduler: 'distributed', connection: 'redis://host:6379' })`.
 * Workers are started with the `dusk-worker` CLI (or `startWorker`), or locally with
 * `LocalCluster`. See README "Running on several machines".
 */
/// <reference types="node" preserve="true" />
import { registerExecutor } from 'dusk-scheduler';
import { distributedExecutor } from './client/dispatcher.ts';

registerExecutor('distributed', distributedExecutor);

export { distributedExecutor, DistributedDispatcher } from './client/dispatcher.ts';
export { startWorker, type WorkerOptions, type DuskWorker } from './worker/worker.ts';
export { LocalCluster, type LocalClusterOptions } from './cluster.ts';
export { startRedisServer, type RedisServer } from './redis-server.ts';
export { RemoteRef } from './data/ref.ts';
export type { DistributedOptions } from './options.ts';
