/**
 * bench/ceiling.ts — the parallel speedup this machine gives a kernel with no scheduler at all:
 * the ceiling that issue 16's speedup goals are measured against.
 *
 * Each kernel is one dusk op called in a plain loop. It runs `--reps` times after a warm-up:
 * - alone, then two copies at once, as separate Node processes;
 * - alone, then two copies at once, as raw worker threads of this process (no dusk scheduler,
 *   no piscina).
 * Each copy warms up, says it is ready, and starts timing when every copy is ready.
 * `ceiling` = 2 × alone ÷ the slower of the two at once: 2.0 when two cores give twice the work
 * of one. The configurations alternate round by round, so a busy host affects each of them alike.
 * Kernels:
 * - `cpu`: arithmetic in registers (the control);
 * - `gaussian volume`: `filters.gaussian` σ 2 on the 32×256×256 float32 volume of
 *   `bench/overlap-matrix.ts` (a whole-volume call of its first volume);
 * - `gaussian 512²`: `filters.gaussian` σ 10 on a 512² float64 image (the tutorial's step, `bench/seeds.ts`);
 * - `gaussian 1024²`: `filters.gaussian` σ 10 on 1024² float64 (the task `measureParallelism` times).
 *
 *     npx tsx bench/ceiling.ts [--rounds 3] [--kernels cpu,volume,512,1024]
 *
 * Prints a table (median and range of the ceilings per kernel and way), then one JSON line.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { filters, zeros } from 'duskjs';
import { volumeOps } from '../examples/ops/volume.ts';
import { loadAverage, printTable, report } from './lib.ts';

/** Each kernel: what one call does, and how many calls a timed run makes (~0.5 s). */
const KERNELS: Record<string, { name: string; reps: number; setup: () => () => void }> = {
  cpu: {
    name: 'cpu (arithmetic)', reps: 20, setup: () => () => {
      let s = 0;
      for (let i = 0; i < 2e7; i++) s += Math.sqrt(i);
      if (s < 0) throw new Error('unreachable');
    },
  },
  volume: {
    name: 'gaussian 32×256×256 f32 σ 2', reps: 30, setup: () => {
      const v = volumeOps.syntheticVolume([32, 256, 256], 0);
      return () => void filters.gaussian(v, { sigma: 2, mode: 'nearest' });
    },
  },
  512: {
    name: 'gaussian 512² f64 σ 10', reps: 80, setup: () => noiseGaussian(512),
  },
  1024: {
    name: 'gaussian 1024² f64 σ 10', reps: 10, setup: () => noiseGaussian(1024),
  },
};

function noiseGaussian(n: number): () => void {
  const image = zeros([n, n]);
  for (let i = 0; i < image.size; i++) image.data[i] = ((i * 2654435761) >>> 0) / 4294967296;
  return () => void filters.gaussian(image, { sigma: 10 });
}

/** One copy: warm up, report ready, wait for `go`, time `reps` calls, report the ms. */
async function copy(kernel: string, ready: () => void, go: Promise<unknown>): Promise<number> {
  const k = KERNELS[kernel]!;
  const call = k.setup();
  for (let r = 0; r < 3; r++) call();
  ready();
  await go;
  const t = performance.now();
  for (let r = 0; r < k.reps; r++) call();
  return performance.now() - t;
}

const self = fileURLToPath(import.meta.url);

/** `k` separate processes (this file with `--child`), started together; their ms. */
function processes(kernel: string, k: number): Promise<number[]> {
  const children = Array.from({ length: k }, () => spawn(process.execPath, ['--import', 'tsx', self, '--child', kernel], { stdio: ['pipe', 'pipe', 'inherit'] }));
  let ready = 0;
  return Promise.all(children.map((c) => new Promise<number>((resolve, reject) => {
    let out = '', seen = false;
    c.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!seen && out.includes('ready\n')) {
        seen = true;
        if (++ready === k) for (const o of children) o.stdin.end('go\n');
      }
      const m = /ms (\S+)\n/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    c.on('exit', (code) => { if (code !== 0) reject(new Error(`bench/ceiling.ts: a child process for '${kernel}' exited with code ${code}`)); });
  })));
}

/** `k` raw worker threads of this process, started together; their ms. */
function threads(kernel: string, k: number): Promise<number[]> {
  // A worker does not inherit the TypeScript loader: it registers tsx, then loads this file.
  const source = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); });`;
  const workers = Array.from({ length: k }, () => new Worker(source, { eval: true, workerData: kernel }));
  let ready = 0;
  return Promise.all(workers.map((w) => new Promise<number>((resolve, reject) => {
    w.on('message', (m: 'ready' | number) => {
      if (m === 'ready') { if (++ready === k) for (const o of workers) o.postMessage('go'); } else { resolve(m); void w.terminate(); }
    });
    w.on('error', reject);
  })));
}

const { values: args } = parseArgs({ options: { child: { type: 'string' }, rounds: { type: 'string' }, kernels: { type: 'string' } } });
if (!isMainThread) {
  const go = new Promise((resolve) => parentPort!.once('message', resolve));
  parentPort!.postMessage(await copy(workerData as string, () => parentPort!.postMessage('ready'), go));
} else if (args.child !== undefined) {
  const go = new Promise((resolve) => process.stdin.once('data', resolve));
  const ms = await copy(args.child, () => process.stdout.write('ready\n'), go);
  process.stdout.write(`ms ${ms}\n`);
  process.exit(0);
} else {
  const rounds = Number(args.rounds ?? 3);
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`--rounds: expected a positive integer, received '${args.rounds}'`);
  const kernels = (args.kernels ?? Object.keys(KERNELS).join(',')).split(',');
  for (const k of kernels) if (!(k in KERNELS)) throw new RangeError(`--kernels: expected some of ${Object.keys(KERNELS).join(', ')}, received '${k}'`);
  const ways = { processes, threads } as const;
  const rows = [];
  for (const kernel of kernels) {
    const ceilings: Record<keyof typeof ways, number[]> = { processes: [], threads: [] };
    const alone: Record<keyof typeof ways, number[]> = { processes: [], threads: [] };
    for (let r = 0; r < rounds; r++) {
      for (const [way, run] of Object.entries(ways) as [keyof typeof ways, typeof processes][]) {
        const [one] = await run(kernel, 1), two = await run(kernel, 2);
        alone[way].push(one!);
        ceilings[way].push((2 * one!) / Math.max(...two));
      }
    }
    for (const way of Object.keys(ways) as (keyof typeof ways)[]) {
      const c = [...ceilings[way]].sort((a, b) => a - b);
      rows.push({
        kernel: KERNELS[kernel]!.name, way, 'alone ms': Math.min(...alone[way]), 'ceiling median': c[c.length >> 1]!,
        'ceiling least': c[0]!, 'ceiling most': c[c.length - 1]!, ceilings: c.map((x) => x.toFixed(2)).join(' '),
      });
    }
  }
  console.log(`parallel ceiling: 2 copies at once against one alone, ${rounds} rounds; load ${loadAverage().toFixed(2)}`);
  printTable(rows);
  report('ceiling', { rounds, load: loadAverage(), rows });
  process.exit(0);
}
