/**
 * User ops for the buffer-pool tests: some declared `retains: false` (they keep nothing they are
 * given), one that keeps what it sees without saying so, a slow reader, a failing and a crashing op.
 */
import { defineOps } from 'dusk-graph';
import { filters, type NDArray } from 'dusk-image-ops';

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Wait `ms` (blocking this thread), then sum `a`; when `probe` is given, `probe[1]` is set to 1 as
 * it starts and the sum goes to `probe[0]` (read after the run).
 */
function slowSum(a: NDArray, ms: number, probe?: Float64Array): number {
  if (probe) probe[1] = 1;
  Atomics.wait(pause, 0, 0, ms);
  const s = a.sum();
  if (probe) probe[0] = s;
  return s;
}

/** The sum of `a`, keeping nothing. */
function sumOf(a: NDArray): number {
  return a.sum();
}

/** `filters.gaussian(y)` after `after` is known (an ordering dependency); keeps nothing. */
function gaussianAfter(y: NDArray, _after: unknown): NDArray {
  return filters.gaussian(y, { sigma: 1 });
}

/** Throws after `ms`; given a `slowSum` probe, only once that slowSum has started (at most 10 s). */
function failAfter(_a: unknown, ms: number, started?: Float64Array): never {
  for (let waited = 0; started !== undefined && started[1] !== 1 && waited < 10_000; waited++) Atomics.wait(pause, 0, 0, 1);
  Atomics.wait(pause, 0, 0, ms);
  throw new Error('failAfter: failed on purpose');
}

/** Ends its worker thread. */
function crash(_a: unknown): never {
  process.exit(1);
}

/** Keeps every array it is given, as a user function may (not declared). */
export const keptByUser: NDArray[] = [];
function keepIt(a: NDArray): number {
  keptByUser.push(a);
  return a.sum();
}

export const poolOps = defineOps(
  import.meta.url,
  { slowSum, sumOf, gaussianAfter, failAfter, crash, keepIt },
  { slowSum: { retains: false }, sumOf: { retains: false }, gaussianAfter: { retains: false }, failAfter: { retains: false }, crash: { retains: false } },
);
