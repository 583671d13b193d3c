/**
 * distributed.ts — the batch-processing tutorial's pipeline (see batch-pipeline.ts) on worker
 * processes, through Redis, as Dask's `distributed.LocalCluster` runs it; then the same with the
 * default `threads` scheduler, to compare the numbers and the files.
 *
 *     npx tsx examples/distributed.ts [--n 16] [--shape 512x512] [--workers 2] [--connection redis://host:6379] [--out DIR]
 *
 * Without `--connection` (or DUSK_REDIS_URL), `LocalCluster` starts a private redis-server
 * (Debian's `redis-server` package) on a free loopback port and stops it at the end. With one,
 * the workers join that Redis, and workers started on other machines with
 *
 *     dusk-worker --connection redis://host:6379 --ops examples/ops/batch.ts --ops dusk-image-ops
 *
 * share the work (see README, "Running on several machines"). A worker runs only the ops of the
 * modules it was started with: here the tutorial's own (`ops/batch.ts`) and dusk's image ops.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compute, Profiler } from 'duskjs';
import { LocalCluster } from 'dusk-distributed';
import { delayedBatch } from './lib/batch.ts';
import { parseCount, parseShape, printTable } from './lib/cli.ts';

const { values: args } = parseArgs({
  options: { n: { type: 'string' }, shape: { type: 'string' }, workers: { type: 'string' }, connection: { type: 'string' }, out: { type: 'string' } },
});
const N = parseCount('n', args.n, 16);
const shape = parseShape('shape', args.shape ?? '512x512');
const workers = parseCount('workers', args.workers, 2);
const connection = args.connection ?? (process.env.DUSK_REDIS_URL || undefined);
const out = args.out ?? mkdtempSync(join(tmpdir(), 'dusk-distributed-'));
const [distDir, threadsDir] = [join(out, 'distributed'), join(out, 'threads')];
for (const d of [distDir, threadsDir]) mkdirSync(d, { recursive: true });
const seconds = (ms: number) => (ms / 1000).toFixed(2);

console.log(`Batch pipeline, ${N} images of ${shape.join(' x ')}, on ${workers} worker processes through ${connection ?? 'a private redis-server'}.`);
let t = performance.now();
await using cluster = await LocalCluster.start({
  workers, ops: ['examples/ops/batch.ts', 'dusk-image-ops'], ...(connection ? { connection } : {}),
});
console.log(`Workers ready in ${seconds(performance.now() - t)} s (pids ${cluster.pids.join(', ')}).`);

// A tiny warm-up: the workers load their op modules once.
await compute(delayedBatch(2, [16, 16], distDir).savedList, cluster.computeOptions);

const lazy = delayedBatch(N, shape, distDir);
const profiler = new Profiler();
t = performance.now();
const [iv, ov] = await compute([lazy.inputVariances, lazy.outputVariances, lazy.savedList] as const, { ...cluster.computeOptions, callbacks: [profiler] });
const distMs = performance.now() - t;
const perWorker = new Map<string, number>();
for (const r of profiler.results) if (r.pid !== undefined) perWorker.set(`${r.host}:${r.pid}`, (perWorker.get(`${r.host}:${r.pid}`) ?? 0) + 1);
console.log(`distributed: ${seconds(distMs)} s; tasks per worker process: ${[...perWorker].map(([w, c]) => `${w} ${c}`).join(', ')}`);

await compute(delayedBatch(2, [16, 16], threadsDir).savedList, { workers }); // warm-up, as above
const local = delayedBatch(N, shape, threadsDir);
t = performance.now();
const [tiv, tov] = await compute([local.inputVariances, local.outputVariances, local.savedList] as const, { workers });
const threadsMs = performance.now() - t;
console.log(`threads:     ${seconds(threadsMs)} s\n`);

const same = iv.every((v, i) => v === tiv[i]) && ov.every((v, i) => v === tov[i]);
const sameFiles = lazy.filenames.every((f, i) => readFileSync(f).equals(readFileSync(local.filenames[i]!)));
console.log(`variances identical: ${same ? 'yes' : 'NO'}; BMP files identical: ${sameFiles ? 'yes' : 'NO'} (${N} each, in ${out})\n`);
printTable([{ N, shape: shape.join(' x '), 'distributed (s)': seconds(distMs), 'threads (s)': seconds(threadsMs), 'workers': workers }]);
if (!same || !sameFiles) {
  console.error('\nThe distributed and threads runs disagree.');
  process.exitCode = 1;
}
