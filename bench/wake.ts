/**
 * bench/wake.ts — how long a worker thread takes to start after the main thread wakes it, when
 * the main thread wakes two in a row (what a compute of two tiles does through piscina), against
 * the second one being woken by the first (issue 16: "waking a worker can stall"). Plain Node
 * worker threads, no dusk and no piscina: each waits in `Atomics.wait` on its own cell, runs ~7 ms
 * of arithmetic when woken, and reports its start time.
 *
 * - `main wakes both`: the main thread stores to both cells and notifies both, then waits in its
 *   event loop for the two replies (`postMessage`, as dusk's batches reply);
 * - `first wakes second`: the main thread wakes the first worker only; the first, as soon as it
 *   runs, wakes the second.
 *
 * Latency = a worker's start − the main thread's time just before its first notify, per round;
 * median, 90th and 99th percentile and mean over `--rounds` rounds, the two ways interleaved.
 *
 *     npx tsx bench/wake.ts [--rounds 300]
 *
 * Prints a table, then one JSON line.
 */
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { loadAverage, printTable, report } from './lib.ts';

const { values: args } = parseArgs({ options: { rounds: { type: 'string' } } });
const rounds = Number(args.rounds ?? 300);
if (!Number.isInteger(rounds) || rounds < 10) throw new RangeError(`--rounds: expected an integer of at least 10, received '${args.rounds}'`);

// cells 0, 1: each worker's wake counter; 2: the first worker also wakes the second (1) or not (0).
// times: per worker, its start (epoch ms).
const ctl = new Int32Array(new SharedArrayBuffer(16 * 4));
const times = new Float64Array(new SharedArrayBuffer(2 * 8));
const source = `
const { parentPort, workerData: { ctl, times, i } } = require('node:worker_threads');
let seen = 0;
const scratch = new Float64Array(1 << 15);
for (;;) {
  Atomics.wait(ctl, i, seen);
  seen = Atomics.load(ctl, i);
  times[i] = performance.timeOrigin + performance.now();
  if (i === 0 && Atomics.load(ctl, 2) === 1) { Atomics.add(ctl, 1, 1); Atomics.notify(ctl, 1); }
  const t = performance.now();
  while (performance.now() - t < 7) for (let k = 0; k < scratch.length; k++) scratch[k] += k;
  parentPort.postMessage(i);
}`;
const workers = [0, 1].map((i) => new Worker(source, { eval: true, workerData: { ctl, times, i } }));
await new Promise((r) => setTimeout(r, 200));

let pending = 0;
let done: (() => void) | undefined;
for (const w of workers) w.on('message', () => { if (--pending === 0) done?.(); });

async function round(chain: boolean): Promise<[number, number]> {
  pending = 2;
  const replies = new Promise<void>((resolve) => (done = resolve));
  Atomics.store(ctl, 2, chain ? 1 : 0);
  const t0 = performance.timeOrigin + performance.now();
  for (const i of chain ? [0] : [0, 1]) {
    Atomics.add(ctl, i, 1);
    Atomics.notify(ctl, i);
  }
  await replies;
  return [times[0]! - t0, times[1]! - t0];
}

const lat = { main: [[], []] as number[][], chain: [[], []] as number[][] };
for (let r = 0; r < rounds; r++) {
  for (const way of ['main', 'chain'] as const) {
    const [a, b] = await round(way === 'chain');
    lat[way][0]!.push(a);
    lat[way][1]!.push(b);
  }
}
await Promise.all(workers.map((w) => w.terminate()));

const stats = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), p90: at(0.9), p99: at(0.99), mean: s.reduce((x, y) => x + y, 0) / s.length };
};
const rows = (['main', 'chain'] as const).flatMap((way) => [0, 1].map((w) => {
  const st = stats(lat[way][w]!);
  return { wake: way === 'main' ? 'main wakes both' : 'first wakes second', worker: w === 0 ? 'first' : 'second', 'median ms': st.median, 'p90 ms': st.p90, 'p99 ms': st.p99, 'mean ms': st.mean };
}));
console.log(`worker start latency after the main thread's notify (${rounds} rounds each, interleaved; load ${loadAverage().toFixed(2)})`);
printTable(rows);
report('wake', { rounds, load: loadAverage(), rows });
process.exit(0);
