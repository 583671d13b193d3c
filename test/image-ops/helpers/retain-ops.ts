/**
 * A user op for the buffer-reuse tests: it keeps every array it is given (as a user function
 * may), so a task running it must not have its buffers reused.
 */
import { defineOps } from 'dusk-graph';
import type { NDArray } from 'dusk-image-ops';

export const kept: NDArray[] = [];

function keepAndSum(a: NDArray): number {
  kept.push(a);
  return a.sum();
}

export const retainOps = defineOps(import.meta.url, { keepAndSum });
