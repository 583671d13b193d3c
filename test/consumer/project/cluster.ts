// `npx tsx cluster.ts`: the user's TypeScript op module on a LocalCluster's worker processes
// (dusk-worker, started by LocalCluster with its own private redis-server).
import { compute, delayed, filters, ndarray, Profiler } from 'duskjs';
import { LocalCluster } from 'dusk-distributed';
import { measureOp, Reduce } from './ops.js';

const image = ndarray(Float64Array.from({ length: 24 * 24 }, (_, i) => (i % 24) * (i >> 4)), [24, 24]);
const edges = delayed(filters.sobel)(image);
const profiler = new Profiler();
await using cluster = await LocalCluster.start({ workers: 1, ops: ['./ops.ts', 'dusk-image-ops'] });
const [max, mean] = await compute([Reduce.Max, Reduce.Mean].map((how) => delayed(measureOp)(edges, how)), { ...cluster.computeOptions, callbacks: [profiler] });
const direct = filters.sobel(image);
console.log(JSON.stringify({
  max: max!.value, mean: mean!.value, directMax: measureOp(direct, Reduce.Max).value, directMean: measureOp(direct, Reduce.Mean).value,
  pids: [...new Set(profiler.results.filter((r) => r.name === 'measure').map((r) => r.pid))], self: process.pid,
}));
