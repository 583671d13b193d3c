// `npx tsx app.ts`: a TypeScript script with its own TypeScript ops module, run with the project's tsx.
import { compute, delayed, filters, ndarray, type Delayed } from 'duskjs';
import { measureOp, Reduce, type Measured } from './ops.js';

const image = ndarray(Float64Array.from({ length: 32 * 32 }, (_, i) => (i % 32) * (i >> 5)), [32, 32]);
const edges = delayed(filters.sobel)(image);
const stats: Delayed<Measured>[] = [Reduce.Max, Reduce.Mean].map((how) => delayed(measureOp)(edges, how));
const [max, mean] = await compute(stats, { workers: 2, inlineBelowUs: 0 });
const direct = filters.sobel(image);
console.log(JSON.stringify({
  max: max!.value, mean: mean!.value, threads: [max!.thread, mean!.thread],
  directMax: measureOp(direct, Reduce.Max).value, directMean: measureOp(direct, Reduce.Mean).value,
}));
