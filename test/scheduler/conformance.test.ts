/**
 * The conformance suite (`conformance-suite.ts`) on this package's executors, and a check that no
 * registered executor escapes it (`distributed` runs it in test/distributed, against Redis).
 */
import { afterAll, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { closeDefaultPools, executorNames } from 'dusk-scheduler';
import 'dusk-distributed';
import { conformanceSuite, sharedCounter } from './conformance-suite.ts';

afterAll(() => closeDefaultPools());

/** Executors whose suite runs elsewhere (they need a service started by their own tests). */
const ELSEWHERE = ['distributed'];

conformanceSuite({ scheduler: 'sync', sendsToWorkers: false, counter: sharedCounter, liveBound: 8 });
// `threads` also holds what batches in flight bring back (MAX_SIBLINGS per batch, 2 per worker).
conformanceSuite({ scheduler: 'threads', sendsToWorkers: true, counter: sharedCounter, liveBound: 2 * availableParallelism() * 64 + 16 });

it('runs the suite on every registered executor', () => {
  const covered = new Set(['sync', 'threads', ...ELSEWHERE]);
  expect(executorNames().filter((n) => !covered.has(n))).toEqual([]);
});
