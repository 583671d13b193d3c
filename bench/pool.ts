/**
 * bench/pool.ts — the process-wide buffer pool on and off (issue 16, item 1), on the workloads
 * whose intermediates die: the tutorial pipeline's rows 10×2048² and 50×512² (threads), the
 * notebook's mapOverlap (threads and one thread), and rgb2gray → sobel → variance over 60 RGB
 * 1024² images (threads and one thread).
 *
 * Each measurement is one child process (`bench/pool-run.ts`, the switch `DUSK_BUFFER_POOL` is read
 * at start-up) taking the best of `--repeat` runs after a warm-up; pool on and off alternate
 * for `--rounds` rounds and the best of each side is kept, so load from other work on the machine
 * hits both alike. Page faults (minor, whole process) and CPU time (all threads) do not depend on
 * that load as wall time does; the 1-minute load average is printed next to every time.
 *
 *     npx tsx bench/pool.ts [--rounds 2] [--repeat 3] [--only seeds-50x512,rgb2gray-sync]
 *
 * A bare kernel call in a loop (`bench/kernels.ts`, e.g. `color.rgb2gray(rgb)`) gains nothing:
 * its result goes to the caller, who may keep it, and no scheduler sees it die.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { printTable, report } from './lib.ts';

const { values: args } = parseArgs({ options: { rounds: { type: 'string' }, repeat: { type: 'string' }, only: { type: 'string' } } });
const rounds = Number(args.rounds ?? 2), repeat = Number(args.repeat ?? 3);
if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`--rounds: expected a positive integer, received ${args.rounds}`);
if (!Number.isInteger(repeat) || repeat < 1) throw new RangeError(`--repeat: expected a positive integer, received ${args.repeat}`);
const ALL = ['seeds-10x2048', 'seeds-50x512', 'overlap', 'overlap-sync', 'rgb2gray-threads', 'rgb2gray-sync'];
const workloads = args.only ? args.only.split(',') : ALL;
for (const w of workloads) if (!ALL.includes(w)) throw new TypeError(`--only: expected names among ${ALL.join(', ')}, received ${JSON.stringify(w)}`);

interface Measured { ms: number; faults: number; cpuMs: number; load: number; reused: number; pooled: number; shipped: number }
const script = fileURLToPath(new URL('./pool-run.ts', import.meta.url));

function measure(workload: string, pool: boolean): Measured {
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, workload, String(repeat)], {
    encoding: 'utf8', env: { ...process.env, DUSK_BUFFER_POOL: pool ? '1' : '0' }, maxBuffer: 16 << 20,
  });
  const r = JSON.parse(out.trim().split('\n').at(-1)!) as Omit<Measured, 'load'>;
  return { ...r, load: loadavg()[0]! };
}

const table: Record<string, string | number>[] = [];
const rows: Record<string, unknown>[] = [];
for (const w of workloads) {
  let on: Measured | undefined, off: Measured | undefined;
  for (let r = 0; r < rounds; r++) {
    const a = measure(w, true), b = measure(w, false);
    if (on === undefined || a.ms < on.ms) on = a;
    if (off === undefined || b.ms < off.ms) off = b;
  }
  table.push({
    workload: w, 'pool s': on!.ms / 1000, 'load': on!.load, 'pool faults': on!.faults, 'pool CPU s': on!.cpuMs / 1000,
    'no pool s': off!.ms / 1000, 'load ': off!.load, 'no pool faults': off!.faults, 'no pool CPU s': off!.cpuMs / 1000,
    'faults ÷': off!.faults / Math.max(1, on!.faults), 'CPU ×': off!.cpuMs / on!.cpuMs, 'wall ×': off!.ms / on!.ms,
  });
  rows.push({ workload: w, pool: on, noPool: off });
  console.error(`  done ${w}`);
}
console.log(`Buffer pool on/off: best of ${repeat} runs per process, best of ${rounds} interleaved rounds per side`);
printTable(table);
console.log(`'faults': minor page faults of the best run (whole process); 'CPU s': its user+system CPU time, all threads;`);
console.log(`'load': 1-minute load average when that measurement ended; ÷ and ×: no pool over pool (above 1: the pool helps).`);
report('pool', { rounds, repeat, rows });
