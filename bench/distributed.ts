/**
 * bench/distributed.ts — the `distributed` executor (BullMQ + Redis, 2 worker processes of one
 * thread each, started by `LocalCluster` against a redis-server this script starts on a free
 * loopback port) against `threads` (2 threads) and against Dask's `distributed.LocalCluster`
 * (2 worker processes, 1 thread each; /usr/bin/python3 with dask.distributed), in the same run:
 *
 * - `overhead`: 10 000 independent trivial `inc(i)` tasks and one `sum` over them; µs per task
 *   of the whole compute (`inlineBelowUs: 0` for dusk, so every task really goes to a worker).
 * - `pipeline`: the tutorial's batch pipeline (examples/lib/batch.ts: load → var → gaussian σ10
 *   → var → ubyte → BMP) on 200 images of 512², wall seconds.
 * Best of `--repeat` (default 2) after a warm-up. The machine has 2 cores shared with other
 * work, and Redis, the client and both workers share them too: the numbers are indicative.
 * Goals (issue 14): overhead below dask.distributed's; pipeline within 1.3× of `threads` and
 * faster than dask.distributed. Prints a table, then one JSON line.
 *
 *     npx tsx --conditions=dusk-source bench/distributed.ts [--repeat 2] [--n 200] [--size 512] [--no-dask]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { closeDefaultPools, compute, delayed } from 'duskjs';
import { delayedBatch } from '../examples/lib/batch.ts';
import { LocalCluster, startRedisServer } from 'dusk-distributed';
import { ops } from './overhead-ops.ts';
import { bestRun, findPython, printTable, report, runPythonJson } from './lib.ts';

const { values: args } = parseArgs({
  options: { repeat: { type: 'string' }, n: { type: 'string' }, size: { type: 'string' }, 'no-dask': { type: 'boolean' } },
});
const REPEAT = Number(args.repeat ?? 2);
const N = Number(args.n ?? 200);
const SIZE = Number(args.size ?? 512);
const TASKS = 10_000;
for (const [k, v] of [['repeat', REPEAT], ['n', N], ['size', SIZE]] as const) {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`--${k}: expected a positive integer, received ${v}`);
}
const outRoot = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

const DASK_PY = String.raw`
import json, os, sys, time, shutil, tempfile
import numpy as np, dask
from dask import delayed
from dask.distributed import LocalCluster, Client
import skimage.filters as filters
from skimage import img_as_ubyte
from PIL import Image

def inc(x): return x + 1
def total(xs): return sum(xs)
def load_my_data(index, shape, max_index=255):
    r = np.random.RandomState(index)
    image = r.normal(loc=((index + 1) % max_index) / max_index, scale=20 / max_index, size=shape)
    return np.clip(image, 0, 1)
def imwrite(f, a): Image.fromarray(a).save(f)

def overhead(client, n):
    t = time.perf_counter()
    s = client.compute(delayed(total)([delayed(inc)(i) for i in range(n - 1)])).result()
    assert s == (n - 1) * n // 2
    return time.perf_counter() - t

def pipeline(client, n, size, root):
    d = tempfile.mkdtemp(dir=root)
    iv, ov, saved = [], [], []
    for i in range(n):
        image = delayed(load_my_data)(i, shape=(size, size))
        iv.append(delayed(np.var)(image))
        out = delayed(filters.gaussian)(image, 10)
        ov.append(delayed(np.var)(out))
        saved.append(delayed(imwrite)(os.path.join(d, 'image_%03d.bmp' % i), delayed(img_as_ubyte)(out)))
    t = time.perf_counter()
    dask.compute(iv, ov, saved, scheduler=client.get)
    el = time.perf_counter() - t
    shutil.rmtree(d)
    return el

if __name__ == '__main__':
    n_tasks, n, size, repeat, root = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        overhead(client, 100); pipeline(client, 2, 64, root)
        o = min(overhead(client, n_tasks) for _ in range(repeat))
        p = min(pipeline(client, n, size, root) for _ in range(repeat))
    print(json.dumps(dict(overhead=o, pipeline=p, dask=dask.__version__)))
`;

async function overhead(opts: Record<string, unknown>): Promise<number> {
  const xs = Array.from({ length: TASKS - 1 }, (_, i) => delayed(ops.inc)(i));
  const total = delayed(ops.sum)(xs);
  let s = 0;
  const ms = (await bestRun(REPEAT, async () => (s = await compute(total, { ...opts, inlineBelowUs: 0 })))).ms;
  if (s !== ((TASKS - 1) * TASKS) / 2) throw new Error(`overhead: wrong sum ${s}`);
  return ms;
}

async function pipeline(opts: Record<string, unknown>): Promise<number> {
  let best = Infinity;
  for (let r = 0; r <= REPEAT; r++) {
    const dir = mkdtempSync(join(outRoot, 'dusk-bench-dist-'));
    const b = delayedBatch(r === 0 ? 4 : N, r === 0 ? [64, 64] : [SIZE, SIZE], dir);
    const t = performance.now();
    await compute([b.inputVariances, b.outputVariances, b.savedList], opts);
    if (r > 0) best = Math.min(best, performance.now() - t);
    rmSync(dir, { recursive: true, force: true });
  }
  return best;
}

const redis = await startRedisServer();
const rows: Record<string, string | number>[] = [];
const data: Record<string, unknown> = { tasks: TASKS, images: N, size: SIZE, repeat: REPEAT };
try {
  const threads = { scheduler: 'threads', workers: 2 };
  const tOver = await overhead(threads);
  const tPipe = await pipeline(threads);
  await closeDefaultPools();
  const cluster = await LocalCluster.start({
    workers: 2, connection: redis.url, ops: ['bench/overhead-ops.ts', 'examples/ops/batch.ts', 'dusk-image-ops'],
  });
  let dOver: number, dPipe: number;
  try {
    dOver = await overhead(cluster.computeOptions);
    dPipe = await pipeline(cluster.computeOptions);
  } finally {
    await cluster.close();
  }
  let py: { overhead: number; pipeline: number; dask: string } | undefined;
  const python = args['no-dask'] ? undefined : findPython(['dask.distributed', 'skimage', 'PIL']);
  if (python) py = runPythonJson(python, DASK_PY, [String(TASKS), String(N), String(SIZE), String(REPEAT), outRoot]);
  rows.push({ run: 'dusk threads (2 threads)', 'overhead µs/task': (tOver * 1000) / TASKS, 'pipeline s': tPipe / 1000 });
  rows.push({ run: 'dusk distributed (2 processes)', 'overhead µs/task': (dOver * 1000) / TASKS, 'pipeline s': dPipe / 1000 });
  if (py) rows.push({ run: `dask.distributed ${py.dask} (2 processes)`, 'overhead µs/task': (py.overhead * 1e6) / TASKS, 'pipeline s': py.pipeline });
  else rows.push({ run: 'dask.distributed', 'overhead µs/task': 'n/a (no python3 with dask.distributed)', 'pipeline s': 'n/a' });
  Object.assign(data, {
    threads: { overheadUsPerTask: (tOver * 1000) / TASKS, pipelineS: tPipe / 1000 },
    distributed: { overheadUsPerTask: (dOver * 1000) / TASKS, pipelineS: dPipe / 1000 },
    dask: py ? { version: py.dask, overheadUsPerTask: (py.overhead * 1e6) / TASKS, pipelineS: py.pipeline } : null,
    ratios: {
      pipelineDistributedOverThreads: dPipe / tPipe,
      ...(py ? { overheadDistributedOverDask: (dOver / 1000) / py.overhead, pipelineDistributedOverDask: dPipe / 1000 / py.pipeline } : {}),
    },
  });
} finally {
  await redis.stop();
}
console.log(`Distributed executor, ${TASKS} trivial tasks and the batch pipeline ${N} × ${SIZE}²; best of ${REPEAT} after a warm-up.`);
console.log('2 shared cores run Redis, the client and both workers: indicative numbers.\n');
printTable(rows);
report('distributed', data);
