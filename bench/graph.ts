/**
 * bench/graph.ts — cost of building and optimizing graphs.
 *
 * Workload: `n` tasks as n/10 independent chains of 10 `inc` calls, each chain summed into a
 * per-chain total (Dask's classic inc/add shape). Measures: building the Delayed nodes
 * (`delayed(...)` calls), building the TaskGraph, `optimize` (cull + inline + fuse) and `order`,
 * per task, for 100k and 1M tasks, each phase with the minor page faults it took (heap growth).
 * With Dask installed, the same build is timed in Dask (delayed calls + `collections_to_dsk`,
 * 100k tasks) for comparison (Dask ≈ 27 µs/task here).
 *
 *     npx tsx bench/graph.ts [--sizes 100000,1000000]
 */
import { delayed, graphFromDelayed, optimize, order, type Delayed } from 'dusk-graph';
import { findPython, minorFaults, now, printTable, report, runPythonJson } from './lib.ts';

const inc = (x: number) => x + 1;
const add = (x: number, y: number) => x + y;

function build(n: number): Delayed<number>[] {
  const dinc = delayed(inc);
  const dadd = delayed(add);
  const outs: Delayed<number>[] = [];
  for (let c = 0; c < n / 10; c++) {
    let x = dinc(c);
    for (let i = 1; i < 9; i++) x = dinc(x);
    outs.push(dadd(x, c));
  }
  return outs;
}

const sizesArg = process.argv.indexOf('--sizes');
const sizes = sizesArg > 0 ? process.argv[sizesArg + 1]!.split(',').map(Number) : [100_000, 1_000_000];
const rows: Record<string, string | number>[] = [];
const results: Record<string, unknown>[] = [];

for (const n of sizes) {
  build(10_000); // warm up the JIT
  const f0 = minorFaults();
  let t = now();
  const outs = build(n);
  const tDelayed = now() - t;
  t = now();
  const { graph, outputs } = graphFromDelayed(outs);
  const tGraph = now() - t;
  const f1 = minorFaults();
  t = now();
  const opt = optimize(graph, outs.map((o) => o.key));
  const tOpt = now() - t;
  const f2 = minorFaults();
  t = now();
  order(opt.graph, outputs.map((i) => opt.graph.idOf(graph.key(i))));
  const tOrder = now() - t;
  const f3 = minorFaults();
  const us = (ms: number) => (ms * 1000) / n;
  const r = {
    tasks: n, 'delayed µs/task': us(tDelayed), 'graph µs/task': us(tGraph), 'build µs/task': us(tDelayed + tGraph), 'build faults': f1 - f0,
    'optimize µs/task': us(tOpt), 'optimize faults': f2 - f1, 'order µs/task': us(tOrder), 'order faults': f3 - f2, 'tasks after optimize': opt.after,
  };
  rows.push(r);
  results.push(r);
}

const python = findPython(['dask']);
let dask: { tasks: number; us_per_task: number } | undefined;
if (python) {
  dask = runPythonJson(python, `
import json, time
from dask import delayed
from dask.base import collections_to_dsk
def inc(x): return x + 1
def add(x, y): return x + y
n = 100000
t = time.perf_counter()
outs = []
for c in range(n // 10):
    x = delayed(inc)(c)
    for i in range(1, 9): x = delayed(inc)(x)
    outs.append(delayed(add)(x, c))
dsk = collections_to_dsk(outs, optimize_graph=False)
dt = time.perf_counter() - t
print(json.dumps({"tasks": len(dsk), "us_per_task": dt * 1e6 / len(dsk)}))
`);
  rows.push({ tasks: dask!.tasks, 'delayed µs/task': '(dask)', 'graph µs/task': '', 'build µs/task': dask!.us_per_task, 'build faults': '', 'optimize µs/task': '', 'optimize faults': '', 'order µs/task': '', 'order faults': '', 'tasks after optimize': '' });
}

printTable(rows);
report('graph', { results, dask: dask ?? null });
