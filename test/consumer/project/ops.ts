// The user's own TypeScript op module (an enum: tsx, not Node's type stripping, must load it).
import { threadId } from 'node:worker_threads';
import { defineOps, type NDArray } from 'duskjs';

export enum Reduce { Max = 'max', Mean = 'mean' }

export interface Measured {
  value: number;
  thread: number;
}

function measure(image: NDArray, how: Reduce): Measured {
  let acc = how === Reduce.Max ? -Infinity : 0;
  for (const v of image.data) acc = how === Reduce.Max ? Math.max(acc, v) : acc + v;
  return { value: how === Reduce.Max ? acc : acc / image.data.length, thread: threadId };
}

export const { measure: measureOp } = defineOps(import.meta.url, { measure });
