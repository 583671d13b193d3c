/**
 * Trivial worker ops for bench/overhead.ts (a module of its own, so that a worker importing it
 * does not run the benchmark).
 */
import { defineOps } from 'dusk-graph';

function inc(x: number): number {
  return x + 1;
}
function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}
/** Busy-wait `us` microseconds, then return x + 1: a small but real task. */
function work(x: number, us: number): number {
  const end = performance.now() + us / 1000;
  while (performance.now() < end);
  return x + 1;
}

export const ops = defineOps(import.meta.url, { inc, sum, work });
