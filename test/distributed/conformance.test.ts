/**
 * The shared conformance suite on `distributed`: a real redis-server and two real worker
 * processes (`LocalCluster`) running the scheduler tests' op module.
 */
import { afterAll } from 'vitest';
import { closeDefaultPools } from 'dusk-scheduler';
import { RESULT_OVERHEAD_BYTES } from 'dusk-scheduler/testing';
import { conformanceSuite, fileCounter } from '../scheduler/conformance-suite.ts';
import { useCluster } from './helpers/redis.ts';

const env = useCluster({ workers: 2, ops: ['test/scheduler/fixtures/ops.ts'] });

afterAll(() => closeDefaultPools());

conformanceSuite({
  scheduler: 'distributed',
  options: () => ({ connection: env.redis.url }),
  sendsToWorkers: true,
  counter: fileCounter,
  // Two worker processes of one thread: 4 batches in flight, each bringing back up to 64 results
  // (results may stay in Redis and weigh nothing here: the count window alone applies).
  liveBytesBound: (2 * 2 * 64 + 16) * RESULT_OVERHEAD_BYTES,
  // Running batches stop at the worker's next look at the run's closed flag (every 200 ms).
  settleMs: 600,
});
