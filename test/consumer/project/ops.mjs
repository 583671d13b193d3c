// The user's own op module, in plain JavaScript: workers import it by URL, under plain node.
import { threadId } from 'node:worker_threads';
import { defineOps, zeros } from 'duskjs';

/** `image` times `factor`, as a new float64 image. */
function stretch(image, factor) {
  const out = zeros(image.shape);
  for (let i = 0; i < image.data.length; i++) out.data[i] = image.data[i] * factor;
  return out;
}

/** The sum of every pixel, and the thread that computed it. */
function total(image) {
  let sum = 0;
  for (const v of image.data) sum += v;
  return { sum, thread: threadId };
}

export const { stretch: stretchOp, total: totalOp } = defineOps(import.meta.url, { stretch, total });
