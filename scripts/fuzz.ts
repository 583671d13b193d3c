/**
 * `npm run fuzz -- [--reads 5000] [--seed 1] [--timeout 10000] [--keep DIR]`: feed mutated image,
 * .npy and raw files to every reader, each read isolated in a child process with a time cap and
 * a memory cap (scripts/fuzz/), and print a table of reads per reader × outcome, the slowest
 * read, the largest peak resident size, then the failures (if any) and a final JSON line.
 *
 * What must hold: 0 crashes, 0 hangs, 0 over-memory kills, 0 errors other than `ImageIOError`,
 * 0 reads over 1 GB; the exit code is 1 otherwise. `npm test` runs a 150-read slice of the same
 * campaign (test/image-ops/io-fuzz.test.ts).
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { OUTCOMES } from './fuzz/host.ts';
import { runFuzz } from './fuzz/run.ts';

const { values } = parseArgs({
  options: {
    reads: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '1' },
    timeout: { type: 'string', default: '10000' },
    keep: { type: 'string' },
  },
  strict: true,
});

const reads = Number(values.reads), seed = Number(values.seed), timeoutMs = Number(values.timeout);
for (const [name, v] of [['reads', reads], ['seed', seed], ['timeout', timeoutMs]] as const) {
  if (!Number.isSafeInteger(v) || v < 0) throw new TypeError(`fuzz: --${name} must be a non-negative integer, received ${JSON.stringify(values[name])}`);
}
if (values.keep) mkdirSync(values.keep, { recursive: true });

let last = 0;
const summary = await runFuzz({
  reads, seed, timeoutMs, ...(values.keep ? { keepDir: values.keep } : {}),
  onProgress: (done, total) => {
    if (Date.now() - last > 5000 || done === total) {
      last = Date.now();
      process.stderr.write(`fuzz: ${done}/${total} reads\n`);
    }
  },
});

const header = ['reader', ...OUTCOMES, 'total'];
const rows = Object.entries(summary.counts).map(([reader, c]) => [reader, ...OUTCOMES.map((o) => String(c[o])), String(OUTCOMES.reduce((s, o) => s + c[o], 0))]);
rows.push(['all', ...OUTCOMES.map((o) => String(summary.totals[o])), String(summary.reads)]);
const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
const line = (r: string[]) => `| ${r.map((x, k) => (k === 0 ? x.padEnd(widths[k]!) : x.padStart(widths[k]!))).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w, k) => (k === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
for (const r of rows) console.log(line(r));
console.log(`\n${summary.reads} reads of mutants of ${summary.seeds} seeds (seed ${summary.seed}) in ${summary.seconds.toFixed(1)} s; ` +
  `slowest read ${summary.slowestMs} ms; largest peak resident size ${summary.maxPeakMB} MB; reads over 1 GB: ${summary.over1GB}; ` +
  `child processes started: ${summary.childStarts}`);
for (const f of summary.failures.slice(0, 20)) console.log(`FAIL #${f.index} ${f.reader}(${f.seed}): ${f.outcome} ${f.message ?? ''}`);
const { failures, ...rest } = summary;
console.log(JSON.stringify({ ...rest, failures: failures.length }));
const bad = summary.totals.crash + summary.totals.hang + summary.totals['over-memory'] + summary.totals['other error'] + summary.over1GB;
process.exitCode = bad > 0 ? 1 : 0;
