/**
 * Worker ops for bench/scaling.ts (a module of its own, so that a worker importing it does not
 * run the benchmark): `osThread` tells which Linux thread (task id) a worker is.
 */
import { readlinkSync } from 'node:fs';
import { defineOps } from 'dusk-graph';

/** Hold the worker for `ms` (so each of several calls lands on its own worker), then say its Linux task id. */
function osThread(ms: number): string {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  try {
    return readlinkSync('/proc/thread-self').split('/').pop()!;
  } catch {
    return '';
  }
}

export const ops = defineOps(import.meta.url, { osThread });
