/**
 * bench/overhead-sync.ts — the `sync` scheduler's per-task overhead alone, measured so that a
 * busy machine disturbs it least: main-thread CPU time per task (`process.cpuUsage()`, this
 * executor runs everything on the main thread) next to wall time, with the load average.
 *
 * Workloads (issue 16 asks `sync` ≤ 1 µs/task on chains of worker ops), `--n` tasks each
 * (default 100 000):
 * - `chain worker` / `chain closure`: `inc(inc(...inc(0)))` with a `defineOps` op or a closure;
 * - `wide worker` / `wide closure`: n − 1 independent `inc(i)`, then one `sum`.
 * Columns: `compute` is the whole `compute()` call (collect, optimize — a chain is fused into one
 * task — and run), `schedule` the scheduler alone on the unoptimized graph (`getSync`), each the
 * best of `--repeat` runs (default 7) after a warm-up, in µs per task; `faults`: minor page faults
 * of the best compute run.
 *
 *     npx tsx bench/overhead-sync.ts [--n 100000] [--repeat 7] [--only chain-worker]
 *
 * Prints a table, then one JSON line (also written to bench/results/overhead-sync.json).
 */
import { loadavg } from 'node:os';
import { collect, compute, getSync } from 'dusk-scheduler';
import { build, expected as resultOf } from './overhead-graphs.ts';
import { minorFaults, printTable, report } from './lib.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : fallback;
}
const N = Number(arg('n', '100000'));
const REPEAT = Number(arg('repeat', '7'));
const ONLY = arg('only', '');
if (!Number.isSafeInteger(N) || N < 2) throw new TypeError(`--n must be an integer >= 2 (received ${arg('n', '')})`);
if (!Number.isSafeInteger(REPEAT) || REPEAT < 1) throw new TypeError(`--repeat must be a positive integer (received ${arg('repeat', '')})`);

interface Measure {
  wallUs: number;
  cpuUs: number;
  faults: number;
}

/** Best (by CPU time) of `REPEAT` runs after a warm-up, per task. */
async function best(fn: () => Promise<number>, expected: number): Promise<Measure> {
  if ((await fn()) !== expected) throw new Error(`wrong result (expected ${expected})`);
  let m: Measure = { wallUs: Infinity, cpuUs: Infinity, faults: NaN };
  for (let r = 0; r < REPEAT; r++) {
    const f = minorFaults();
    const c = process.cpuUsage();
    const t = performance.now();
    const v = await fn();
    const wall = (performance.now() - t) * 1000;
    const { user, system } = process.cpuUsage(c);
    if (v !== expected) throw new Error(`wrong result ${v} (expected ${expected})`);
    if (user + system < m.cpuUs * N) m = { wallUs: wall / N, cpuUs: (user + system) / N, faults: minorFaults() - f };
  }
  return m;
}

const loadBefore = loadavg()[0]!;
const rows: Record<string, string | number>[] = [];
const results: Record<string, unknown>[] = [];
for (const shape of ['chain', 'wide'] as const) {
  for (const kind of ['worker', 'closure'] as const) {
    if (ONLY !== '' && ONLY !== `${shape}-${kind}`) continue;
    const x = build(shape, kind, N);
    const expected = resultOf(shape, N);
    const full = await best(() => compute(x, { scheduler: 'sync' }), expected);
    const { graph, outputs } = collect(x, { optimizeGraph: false });
    const sched = await best(async () => (await getSync(graph, outputs, {}))[0] as number, expected);
    rows.push({
      workload: `${shape} ${kind}`, tasks: N,
      'compute cpu µs': full.cpuUs, 'compute wall µs': full.wallUs, 'compute faults': full.faults,
      'schedule cpu µs': sched.cpuUs, 'schedule wall µs': sched.wallUs,
    });
    results.push({ shape, kind, n: N, compute: full, schedule: sched });
  }
}
const loadAfter = loadavg()[0]!;
console.log(`sync scheduler, µs per task (best of ${REPEAT} by CPU time); load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`);
printTable(rows);
report('overhead-sync', { unit: 'us/task', repeat: REPEAT, results, loadavg: { before: loadBefore, after: loadAfter } });
