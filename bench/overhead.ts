/**
 * bench/overhead.ts — per-task scheduling overhead of dusk's `sync` and `threads` schedulers,
 * against Dask's `sync` and `threads` schedulers on the same workloads (when /usr/bin/python3
 * has dask).
 *
 * Workloads, at 10k and 100k tasks:
 * - `wide`: n independent `inc(i)` tasks, then one `sum` over all of them;
 * - `chain`: `inc(inc(...inc(0)))`, n deep;
 * each with trivial worker ops (`defineOps`) and with main-thread closures.
 * Before any row is timed, every workload runs once at 10k tasks on both schedulers (JIT warm-up of
 * the scheduler itself: without it the first row measured TurboFan compiling the loop, e.g. 0.90
 * against 0.24 µs per task for the same `sync` compute timed later).
 * Columns (µs per task; best of 3 after a warm-up):
 * - `compute`: the whole `compute()` call, graph building and optimization included (a chain is
 *   fused into one task here: that is what dusk does with a chain);
 * - `schedule`: the scheduler alone on the unoptimized graph (every task scheduled on its own:
 *   the number to compare with Dask, which does not fuse delayed chains);
 * - `threads, no inline` (worker ops only): `inlineBelowUs: 0`, so every worker task really goes
 *   to a worker, in batches;
 * - `sync faults`, `threads faults`: minor page faults of the best `compute` run (process-wide).
 * Dask runs the same graphs as raw task dicts through `dask.local.get_sync` and
 * `dask.threaded.get` (scheduler only, best of 2, inside one python process: building a 100k
 * delayed chain takes Dask minutes), to compare with the `schedule` columns. Then a small-but-real-task line: 20 000 × 50 µs of busy work,
 * which must spread over all workers. Prints a table, then one JSON line.
 *
 *     npx tsx bench/overhead.ts            (--no-dask to skip the Dask columns)
 */
import { availableParallelism, loadavg } from 'node:os';
import { collect, compute, delayed, getSync, getThreads } from 'dusk-scheduler';
import { ops } from './overhead-ops.ts';
import { build, expected, type Kind, type Shape } from './overhead-graphs.ts';
import { bestRun, findPython, printTable, report, runPythonJson } from './lib.ts';

async function timeDusk(shape: Shape, kind: Kind, n: number, scheduler: 'sync' | 'threads', inlineBelowUs?: number) {
  const x = build(shape, kind, n);
  const opts = inlineBelowUs === undefined ? { scheduler } : { scheduler, inlineBelowUs };
  let check = NaN;
  const full = await bestRun(3, async () => (check = await compute(x, opts)));
  if (check !== expected(shape, n)) throw new Error(`wrong result ${check} for ${shape}/${kind}/${n}`);
  const { graph, outputs } = collect(x, { optimizeGraph: false });
  const get = scheduler === 'sync' ? getSync : getThreads;
  const sched = await bestRun(3, async () => (check = (await get(graph, outputs, opts))[0] as number));
  if (check !== expected(shape, n)) throw new Error(`wrong result ${check} (schedule only)`);
  return { compute: (full.ms * 1000) / n, schedule: (sched.ms * 1000) / n, computeFaults: full.faults, scheduleFaults: sched.faults };
}

const DASK = `
import json, time
from dask.local import get_sync
from dask.threaded import get as get_threads
def inc(x): return x + 1
def graph(shape, n):
    if shape == 'chain':
        dsk = {('x', 0): (inc, 0)}
        for i in range(1, n): dsk[('x', i)] = (inc, ('x', i - 1))
        return dsk, ('x', n - 1)
    dsk = {('x', i): (inc, i) for i in range(n - 1)}
    dsk['total'] = (sum, [('x', i) for i in range(n - 1)])
    return dsk, 'total'
out = {}
for n in (10000, 100000):
    for shape in ('wide', 'chain'):
        dsk, key = graph(shape, n)
        for name, get in (('sync', get_sync), ('threads', get_threads)):
            best = float('inf')
            for _ in range(2):
                t = time.perf_counter(); get(dsk, key); best = min(best, time.perf_counter() - t)
            out[f'{shape}/{n}/{name}'] = best * 1e6 / n
print(json.dumps(out))
`;

const loadBefore = loadavg()[0]!;
const rows: Record<string, string | number>[] = [];
const results: { shape: Shape; kind: Kind; n: number; [k: string]: unknown }[] = [];

for (const shape of ['wide', 'chain'] as const) {
  for (const kind of ['worker', 'closure'] as const) {
    for (const scheduler of ['sync', 'threads'] as const) await compute(build(shape, kind, 10_000), { scheduler });
  }
}

for (const n of [10_000, 100_000]) {
  for (const shape of ['wide', 'chain'] as const) {
    for (const kind of ['worker', 'closure'] as const) {
      const sync = await timeDusk(shape, kind, n, 'sync');
      const threads = await timeDusk(shape, kind, n, 'threads');
      const noInline = kind === 'worker' ? await timeDusk(shape, kind, n, 'threads', 0) : undefined;
      const row = {
        workload: `${shape} ${kind}`,
        tasks: n,
        'sync compute': sync.compute,
        'sync schedule': sync.schedule,
        'sync faults': sync.computeFaults,
        'threads compute': threads.compute,
        'threads schedule': threads.schedule,
        'threads faults': threads.computeFaults,
        'threads no-inline schedule': noInline?.schedule ?? '',
        'dask sync': '',
        'dask threads': '',
      };
      rows.push(row);
      results.push({ shape, kind, n, sync, threads, threadsNoInline: noInline });
    }
  }
}
const python = process.argv.includes('--no-dask') ? undefined : findPython(['dask']);
const dask = python ? runPythonJson<Record<string, number>>(python, DASK) : undefined;
for (const [i, r] of results.entries()) {
  const k = `${r.shape}/${r.n}`;
  if (dask) {
    r.dask = { sync: dask[`${k}/sync`], threads: dask[`${k}/threads`] };
    rows[i]!['dask sync'] = dask[`${k}/sync`]!;
    rows[i]!['dask threads'] = dask[`${k}/threads`]!;
  }
}
console.log(`µs per task (workers: ${availableParallelism()}; dask: ${dask ? 'yes' : 'not available'})`);
printTable(rows);

// Small but real tasks must spread over the workers.
const N = 20_000, US = 50;
const work = delayed(ops.work);
const xs = Array.from({ length: N }, (_, i) => work(i, US));
const serialMs = (N * US) / 1000;
const spread = await bestRun(2, () => compute(delayed(ops.sum)(xs)), true);
const spreadMs = spread.ms;
console.log(`\n${N} tasks × ${US} µs busy work: ${spreadMs.toFixed(0)} ms with threads (${(serialMs / spreadMs).toFixed(2)}× a serial ${serialMs} ms; ${spread.faults} minor page faults)`);
const loadAfter = loadavg()[0]!;
console.log(`Load average before/after: ${loadBefore.toFixed(2)} / ${loadAfter.toFixed(2)} on ${availableParallelism()} cores (other work on the machine makes every threads number worse).`);
report('overhead', { unit: 'us/task', results, spread: { tasks: N, taskUs: US, ms: spreadMs, faults: spread.faults, speedup: serialMs / spreadMs }, loadavg: { before: loadBefore, after: loadAfter } });
