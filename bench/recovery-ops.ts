/**
 * Worker ops for bench/recovery.ts (a module of its own, so that a worker importing it does not
 * run the benchmark): one that never returns, one that returns at once.
 */
import { defineOps } from 'dusk-graph';

function spinForever(_x?: unknown): never {
  for (;;);
}
function inc(x: number): number {
  return x + 1;
}

export const recoveryOps = defineOps(import.meta.url, { spinForever, inc });
