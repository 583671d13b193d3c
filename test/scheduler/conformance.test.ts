/**
 * The conformance suite (`conformance-suite.ts`) on this package's executors, and a check that no
 * registered executor escapes it (`distributed` runs it in test/distributed, against Redis).
 */
import { afterAll, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { closeDefaultPools, executorNames } from 'dusk-scheduler';
import 'dusk-distributed';
import { RESULT_OVERHEAD_BYTES } from 'dusk-scheduler/testing';
import { conformanceSuite, sharedCounter, TEST_LOOKAHEAD_BYTES } from './conformance-suite.ts';

afterAll(() => closeDefaultPools());

/** Executors whose suite runs elsewhere (they need a service started by their own tests). */
const ELSEWHERE = ['distributed'];

conformanceSuite({ scheduler: 'sync', sendsToWorkers: false, counter: sharedCounter, liveBytesBound: 8 * RESULT_OVERHEAD_BYTES });
// `threads` holds what its window (2 × slots × MAX_SIBLINGS positions) and batches in flight
// bring back, plus the look-ahead budget past the window.
conformanceSuite({
  scheduler: 'threads', sendsToWorkers: true, counter: sharedCounter,
  liveBytesBound: (2 * availableParallelism() * 64 + 16) * RESULT_OVERHEAD_BYTES + TEST_LOOKAHEAD_BYTES,
});

it('runs the suite on every registered executor', () => {
  const covered = new Set(['sync', 'threads', ...ELSEWHERE]);
  expect(executorNames().filter((n) => !covered.has(n))).toEqual([]);
});
