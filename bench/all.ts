/**
 * bench/all.ts — `npm run bench`: run every benchmark in `bench/`, one after another, each in its
 * own child process (`tsx bench/<name>.ts`, output passed through), then print one summary table
 * built from `bench/results/*.json`.
 *
 * A benchmark is any `bench/*.ts` with a top-level `report(` call (helpers such as `lib.ts` or
 * op modules have none); known ones run in a fixed order (cheap first), others after them. A benchmark that fails
 * is reported and the rest still run. Summary rows compare dusk with its reference (Dask or
 * scikit-image) where the result file has one: `ratio` = dusk / reference (< 1: dusk faster).
 *
 *     npm run bench -- [--quick] [--only seeds,overlap] [--list]
 *
 * `--quick` is passed to the benchmarks that take it (seeds, overlap); `--list` only prints what
 * would run. Benchmarks take minutes;
 * on a shared 2-core machine expect noise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { printTable } from './lib.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' }, list: { type: 'boolean' } } });
const ORDER = ['graph', 'overhead', 'kernels', 'analysis-ops', 'seeds-steps', 'overlap', 'overlap-matrix', 'seeds'];
const TAKES_QUICK = new Set(['seeds', 'overlap']);

const found = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'all.ts' && /^report\(/m.test(readFileSync(join(here, f), 'utf8')))
  .map((f) => f.slice(0, -3));
const rank = (n: string) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
let names = found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
if (args.only) {
  const wanted = args.only.split(',');
  const unknown = wanted.filter((w) => !found.includes(w));
  if (unknown.length) throw new RangeError(`--only: no benchmark named ${unknown.join(', ')} (have ${found.join(', ')})`);
  names = names.filter((n) => wanted.includes(n));
}

/** One line of the summary: a measured case, dusk's number, the reference's, and their ratio. */
interface SummaryRow { bench: string; case: string; unit: string; dusk: number | string; reference: number | string; ratio: number | string }

type Json = Record<string, unknown>;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

function row(bench: string, c: string, unit: string, dusk: unknown, ref: unknown): SummaryRow {
  const d = num(dusk), r = num(ref);
  return { bench, case: c, unit, dusk: d ?? '-', reference: r ?? '-', ratio: d !== undefined && r !== undefined && r > 0 ? d / r : '-' };
}

/** Summary rows for one result file; known layouts get their headline numbers, others a note. */
function summarize(name: string, data: Json): SummaryRow[] {
  switch (name) {
    case 'seeds':
      return list(data.rows).map((r) => row(name, `${r.n}×${r.size}² threads (Dask threads)`, 's', obj(r.dusk).threadsS, obj(r.dask).threadsS));
    case 'overlap': {
      const d = obj(data.dusk), k = obj(data.dask);
      return [
        row(name, 'chunked gaussian, threads (Dask threads)', 's', d.threadsS, k.threads),
        row(name, 'chunked gaussian, sync (Dask sync)', 's', d.syncS, k.sync),
        row(name, 'threads speedup over sync', '×', data.speedupOverSync, undefined),
      ];
    }
    case 'overlap-matrix': {
      const cases = list(data.cases);
      const values = (k: string) => cases.map((c) => num(c[k])).filter((v): v is number => v !== undefined);
      const speedups = values('speedupOverWhole'), ratios = values('ratioToDask');
      return [
        row(name, `slowest case: speedup over the whole-volume call (of ${cases.length})`, '×', speedups.length ? Math.min(...speedups) : undefined, undefined),
        row(name, `worst case: dusk threads ÷ Dask threads (of ${cases.length})`, '×', ratios.length ? Math.max(...ratios) : undefined, undefined),
      ];
    }
    case 'seeds-steps':
      return list(data.sizes).map((r) => row(name, `one ${r.size}² image, one thread, CPU (NumPy + scikit-image)`, 'ms', obj(r.pipelineCpuMs).dusk, obj(r.pipelineCpuMs).numpy));
    case 'kernels':
      return list(data.rows).map((r) => row(name, `${r.kernel} (scikit-image)`, 'ms', r['dusk ms'], r['skimage ms']));
    case 'analysis-ops':
      return list(data.rows).map((r) => row(name, `${r.op} (scikit-image)`, 'ms', r['dusk ms'], r['skimage ms']));
    case 'graph': {
      const first = list(data.results)[0] ?? {};
      return [row(name, `build, ${first.tasks} tasks (Dask delayed + graph)`, 'µs/task', first['build µs/task'], obj(data.dask).us_per_task)];
    }
    case 'overhead':
      return list(data.results).map((r) => row(name, `${r.shape}/${r.kind} ${r.n} threads (Dask threads)`, 'µs/task', obj(r.threads).compute, obj(r.dask).threads));
    case 'elementwise':
      return list(data.cases).map((r) => row(name, `${r.case}, threads (Dask threads)`, 'ms', r['dusk threads ms'], r['Dask threads ms']));
    case 'wake':
      return list(data.rows).filter((r) => r.worker === 'second').map((r) => row(name, `second worker's mean start latency, ${r.wake}`, 'ms', r['mean ms'], undefined));
    case 'ceiling':
      return list(data.rows).map((r) => row(name, `${r.kernel}: 2 copies ÷ 1, ${r.way} (median)`, '×', r['ceiling median'], undefined));
    default:
      return [{ bench: name, case: '(no summary for this result file)', unit: '', dusk: '-', reference: '-', ratio: '-' }];
  }
}
if (args.list) {
  console.log(names.map((n) => `bench/${n}.ts${args.quick && TAKES_QUICK.has(n) ? ' --quick' : ''}`).join('\n'));
  process.exit(0);
}

const runs: { name: string; ok: boolean; seconds: number }[] = [];
for (const name of names) {
  console.log(`\n=== bench/${name}.ts ${'='.repeat(Math.max(0, 60 - name.length))}`);
  const t = performance.now();
  const argv = [join(here, `${name}.ts`), ...(args.quick && TAKES_QUICK.has(name) ? ['--quick'] : [])];
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...argv], { stdio: 'inherit', cwd: dirname(here) });
  const ok = r.status === 0;
  runs.push({ name, ok, seconds: (performance.now() - t) / 1000 });
  if (!ok) console.error(`bench/${name}.ts failed (${r.signal ?? `exit code ${r.status}`})`);
}

console.log('\n=== summary (from bench/results/*.json) ===');
printTable(runs.map((r) => ({ bench: r.name, status: r.ok ? 'ok' : 'FAILED', 'wall (s)': r.seconds })));
console.log();
const rows: SummaryRow[] = [];
for (const name of names) {
  const file = join(here, 'results', `${name}.json`);
  if (!existsSync(file)) continue;
  rows.push(...summarize(name, JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>));
}
printTable(rows.map((r) => ({ ...r })));
console.log(JSON.stringify({ bench: 'all', runs, summary: rows }));
process.exitCode = runs.every((r) => r.ok) ? 0 : 1;
