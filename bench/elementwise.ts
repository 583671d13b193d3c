/**
 * bench/elementwise.ts — chunked arithmetic, comparisons, where/clip/astype and reductions
 * (`chunked/elementwise.ts`, `exprEval.ts`, `reduction.ts`) against NumPy on the whole array and
 * Dask's threaded scheduler on the same chunks, in the same run. Each case: best of `--repeat`
 * after a warm-up, with the run's minor page faults (dusk's are process-wide, workers included).
 *
 * - `dusk sync`: `compute({ scheduler: 'sync' })` (one thread; the expression per block, the
 *   output written in place);
 * - `dusk threads`: the same on the pool (`--workers`, default 2);
 * - `NumPy`: the expression on the whole array (one thread; temporaries per operator);
 * - `Dask threads`: `da.from_array(x, chunks)` and the expression, `compute(scheduler='threads',
 *   num_workers=workers)` (NumPy releases the GIL in its loops).
 *
 *     npx tsx bench/elementwise.ts [--shape 2048x2048] [--grid 2x2] [--repeat 10] [--workers 2] [--no-python]
 *
 * Prints a table, then one JSON line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import 'dusk-scheduler';
import { chunked, NDArray, allocate, where, type ChunkedArray } from 'dusk-image-ops';
import { bestRun, findPython, loadAverage, printTable, PY_RUNS, report, runPythonJson, type Run } from './lib.ts';

const { values: args } = parseArgs({ options: { shape: { type: 'string' }, grid: { type: 'string' }, repeat: { type: 'string' }, workers: { type: 'string' }, 'no-python': { type: 'boolean' } } });
const ints = (flag: string, s: string) => {
  const v = s.split('x').map(Number);
  if (!v.every((x) => Number.isInteger(x) && x >= 1)) throw new RangeError(`--${flag}: expected positive integers like 2048x2048, received '${s}'`);
  return v;
};
const shape = ints('shape', args.shape ?? '2048x2048');
const grid = ints('grid', args.grid ?? '2x2');
if (grid.length !== shape.length) throw new RangeError(`--grid: expected ${shape.length} numbers like --shape, received '${args.grid}'`);
const repeat = Number(args.repeat ?? 10), workers = Number(args.workers ?? 2);
if (!Number.isInteger(repeat) || repeat < 1) throw new RangeError(`--repeat: expected a positive integer, received '${args.repeat}'`);
if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`--workers: expected a positive integer, received '${args.workers}'`);
const chunks = shape.map((n, ax) => Math.ceil(n / grid[ax]!));
const size = shape.reduce((a, b) => a * b, 1);

/** Two float32 arrays with values 0–250 (as `(i * 7) % 251` and `1 + i % 13`), written for Python too. */
function input(f: (i: number) => number): NDArray {
  const a = new NDArray(allocate('float32', size), shape, { dtype: 'float32' });
  for (let i = 0; i < size; i++) a.data[i] = f(i);
  return a;
}
const x = input((i) => (i * 7) % 251), y = input((i) => 1 + (i % 13));

/** Each case: its dusk expression over the chunked inputs, and the same in NumPy/Dask over `x`, `y` (`np` or `da` as `m`). */
const CASES: { name: string; dusk: (a: ChunkedArray, b: ChunkedArray) => ChunkedArray; py: string }[] = [
  { name: 'x * 2 + 1', dusk: (a) => a.mul(2).add(1), py: 'x * 2 + 1' },
  { name: '(x - y) / y', dusk: (a, b) => a.sub(b).div(b), py: '(x - y) / y' },
  { name: 'x > 50', dusk: (a) => a.gt(50), py: 'x > 50' },
  { name: 'where(x > 50, x, 0)', dusk: (a) => where(a.gt(50), a, 0), py: 'm.where(x > 50, x, 0)' },
  { name: 'clip(x, 10, 100)', dusk: (a) => a.clip(10, 100), py: 'x.clip(10, 100)' },
  { name: "astype('uint8')", dusk: (a) => a.astype('uint8'), py: "x.astype('uint8')" },
  { name: 'sum()', dusk: (a) => a.sum(), py: 'x.sum()' },
  { name: 'mean(axis 0)', dusk: (a) => a.mean(0), py: 'x.mean(axis=0)' },
];

const a = chunked(x, { chunks }), b = chunked(y, { chunks });
const dusk: { sync: Run; threads: Run }[] = [];
for (const c of CASES) {
  const sync = await bestRun(repeat, () => c.dusk(a, b).compute({ scheduler: 'sync' }));
  const threads = await bestRun(repeat, () => c.dusk(a, b).compute({ scheduler: 'threads', workers }));
  dusk.push({ sync, threads });
}

const PY = PY_RUNS + String.raw`
import json, sys
import numpy as np, dask.array as da
cases, shape, chunks, repeat, workers, fx, fy = json.loads(sys.argv[1]), json.loads(sys.argv[2]), tuple(json.loads(sys.argv[3])), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6], sys.argv[7]
X, Y = np.fromfile(fx, dtype=np.float32).reshape(shape), np.fromfile(fy, dtype=np.float32).reshape(shape)
DX, DY = da.from_array(X, chunks=chunks, name=False), da.from_array(Y, chunks=chunks, name=False)
out = []
for expr in cases:
    f = eval('lambda x, y, m: ' + expr)
    whole = best_run(lambda: np.asarray(f(X, Y, np)), repeat)
    threads = best_run(lambda: f(DX, DY, da).compute(scheduler='threads', num_workers=workers), repeat)
    out.append({'numpy': whole, 'dask': threads})
print(json.dumps(out))
`;
type PyRun = { s: number; faults: number };
const python = args['no-python'] ? undefined : findPython(['dask.array']);
let py: { numpy: PyRun; dask: PyRun }[] | undefined;
if (python) {
  const dir = mkdtempSync(join(tmpdir(), 'dusk-elementwise-'));
  try {
    const fx = join(dir, 'x.raw'), fy = join(dir, 'y.raw');
    writeFileSync(fx, x.data);
    writeFileSync(fy, y.data);
    py = runPythonJson(python, PY, [JSON.stringify(CASES.map((c) => c.py)), JSON.stringify(shape), JSON.stringify(chunks), String(repeat), String(workers), fx, fy]);
  } catch (e) {
    console.error(`NumPy/Dask run failed: ${(e as Error).message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows = CASES.map((c, i) => {
  const d = dusk[i]!, p = py?.[i];
  return {
    case: c.name, 'dusk sync ms': d.sync.ms, 'dusk threads ms': d.threads.ms, 'threads faults': d.threads.faults, 'sync/threads': d.sync.ms / d.threads.ms,
    'NumPy ms': p ? p.numpy.s * 1000 : '-', 'Dask threads ms': p ? p.dask.s * 1000 : '-', 'Dask faults': p?.dask.faults ?? '-',
    'dusk/Dask': p ? d.threads.ms / (p.dask.s * 1000) : '-',
  };
});
console.log(`elementwise and reductions on float32 ${shape.join('×')} in ${grid.join('×')} chunks, ${workers} workers / threads; best of ${repeat} (ms); load ${loadAverage().toFixed(2)}`);
printTable(rows);
report('elementwise', { shape, grid, chunks, workers, repeat, load: loadAverage(), cases: rows });
process.exit(0);
