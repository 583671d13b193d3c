// `node app.mjs`: library ops and the user's plain-JavaScript ops in one threaded graph. Prints
// the threaded results next to the same calls made directly on the main thread, as one JSON line.
import { compute, delayed, filters, ndarray } from 'duskjs';
import { stretchOp, totalOp } from './ops.mjs';

const [h, w] = [48, 40];
const image = ndarray(Float64Array.from({ length: h * w }, (_, i) => ((i * 7919) % 101) / 100), [h, w]);
const smooth = delayed(filters.gaussian)(delayed(stretchOp)(image, 2), { sigma: 1.5 });
const threaded = await compute(
  { threshold: delayed(filters.thresholdOtsu)(smooth), total: delayed(totalOp)(smooth) },
  { scheduler: 'threads', workers: 2, inlineBelowUs: 0 },
);
const direct = filters.gaussian(stretchOp(image, 2), { sigma: 1.5 });
console.log(JSON.stringify({
  threshold: threaded.threshold, sum: threaded.total.sum, thread: threaded.total.thread,
  directThreshold: filters.thresholdOtsu(direct), directSum: totalOp(direct).sum,
}));
