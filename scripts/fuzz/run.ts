/**
 * One fuzzing campaign: `runFuzz({ reads, seed })` builds the seed files (seeds.ts), derives
 * `reads` mutants from them with the seeded mutator (mutate.ts), feeds each to one of its
 * seed's readers in an isolated child (host.ts), and returns counts per reader × outcome.
 *
 * Determinism: mutant i is `mutate(seeds[i mod n'], Rng(seed · 1 000 003 + i))` over a fixed
 * seed order, read by reader i mod (its seed's readers), so a campaign (and any failure in it,
 * reported with its index) is reproducible from `seed` alone. Failing inputs — anything but `ok`
 * and `ImageIOError`, or a read whose peak resident size passed 1 GB — are copied to `keepDir`
 * (when given) as `<index>-<seed name>` for replay.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadHost, OUTCOMES, type HostOptions, type Outcome } from './host.ts';
import { mutate, Rng } from './mutate.ts';
import { buildSeeds, type Reader } from './seeds.ts';

export interface FuzzOptions extends HostOptions {
  reads: number;
  seed: number;
  /** Where failing inputs are copied. @default not kept */
  keepDir?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface Failure { index: number; seed: string; reader: Reader; outcome: Outcome; message?: string; peakMB?: number }

export interface FuzzSummary {
  reads: number;
  seed: number;
  seeds: number;
  counts: Record<string, Record<Outcome, number>>;
  totals: Record<Outcome, number>;
  /** Reads whose peak resident size passed 1 GB. */
  over1GB: number;
  maxPeakMB: number;
  slowestMs: number;
  childStarts: number;
  seconds: number;
  failures: Failure[];
}

const zeroCounts = (): Record<Outcome, number> => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;

export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const t0 = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'dusk-fuzz-'));
  const host = new ReadHost(options);
  try {
    const seeds = buildSeeds(dir);
    const counts: FuzzSummary['counts'] = {};
    const totals = zeroCounts();
    const failures: Failure[] = [];
    let over1GB = 0, maxPeakMB = 0, slowestMs = 0;
    for (let i = 0; i < options.reads; i++) {
      const seed = seeds[i % seeds.length]!;
      const rng = new Rng(options.seed * 1_000_003 + i);
      const reader = seed.readers[Math.floor(i / seeds.length) % seed.readers.length]!;
      const path = join(dir, `m${i % 4}-${seed.name}`);
      writeFileSync(path, mutate(seed, rng));
      const r = await host.run(reader, path);
      (counts[reader] ??= zeroCounts())[r.outcome]++;
      totals[r.outcome]++;
      maxPeakMB = Math.max(maxPeakMB, r.peakMB ?? 0);
      slowestMs = Math.max(slowestMs, r.ms);
      const big = (r.peakMB ?? 0) > 1024;
      if (big) over1GB++;
      if (big || (r.outcome !== 'ok' && r.outcome !== 'ImageIOError')) {
        failures.push({ index: i, seed: seed.name, reader, outcome: r.outcome, ...(r.message ? { message: r.message } : {}), ...(r.peakMB ? { peakMB: r.peakMB } : {}) });
        if (options.keepDir) copyFileSync(path, join(options.keepDir, `${i}-${seed.name}`));
      }
      options.onProgress?.(i + 1, options.reads);
    }
    return {
      reads: options.reads, seed: options.seed, seeds: seeds.length, counts, totals, over1GB,
      maxPeakMB: Math.round(maxPeakMB), slowestMs, childStarts: host.starts, seconds: (Date.now() - t0) / 1000, failures,
    };
  } finally {
    host.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
