/**
 * The shared conformance suite on `distributed`: a real redis-server and two real worker
 * processes (`LocalCluster`) running the scheduler tests' op module.
 */
import { afterAll, beforeAll } from 'vitest';
import { closeDefaultPools } from 'dusk-scheduler';
import { LocalCluster } from 'dusk-distributed';
import { conformanceSuite, fileCounter } from '../scheduler/conformance-suite.ts';
import { startRedis, type RedisServer } from './helpers/redis.ts';

let redis: RedisServer;
let cluster: LocalCluster;

beforeAll(async () => {
  redis = await startRedis();
  cluster = await LocalCluster.start({ workers: 2, connection: redis.url, ops: ['test/scheduler/fixtures/ops.ts'] });
});

afterAll(async () => {
  await cluster?.close();
  await redis?.stop();
  await closeDefaultPools();
});

conformanceSuite({
  scheduler: 'distributed',
  options: () => ({ connection: redis.url }),
  sendsToWorkers: true,
  counter: fileCounter,
  // Two worker processes of one thread: 4 batches in flight, each bringing back up to 64 results.
  liveBound: 2 * 2 * 64 + 16,
  // Running batches stop at the worker's next look at the run's closed flag (every 200 ms).
  settleMs: 600,
});
