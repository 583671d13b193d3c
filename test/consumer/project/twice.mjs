// Two computes in a row; prints each outcome as one JSON line. Run with a preload that keeps
// workers from starting: both must fail with the reason, neither may wait forever.
import { compute, delayed, ndarray } from 'duskjs';
import { totalOp } from './ops.mjs';

const outcomes = [];
for (let i = 0; i < 2; i++) {
  try {
    const { sum } = await compute(delayed(totalOp)(ndarray(Float64Array.of(1, 2, 3), [3])), { workers: 2 });
    outcomes.push({ sum });
  } catch (e) {
    outcomes.push({ error: `${e.name}: ${e.message}` });
  }
}
console.log(JSON.stringify(outcomes));
