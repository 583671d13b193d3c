/**
 * Trivial ops for bench/distributed.ts, in a module of their own: the worker processes are
 * started with it (`--ops`), so it must not run the benchmark when imported.
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

export const ops = defineOps(import.meta.url, { inc, sum });
