/**
 * One fuzzing campaign: `runFuzz({ reads, seed })` builds the seed files (seeds.ts), derives
 * `reads` mutants from them with the seeded mutator (mutate.ts), feeds each to one of its
 * seed's readers in an isolated child (host.ts), and returns counts per reader × outcome.
 *
 * Determinism and balance: read i goes to reader i mod 6 (each reader gets a sixth of the reads,
 * however few seeds feed it), on that reader's seeds in a fixed order (the ⌊i / 6⌋-th, cyclically),
 * mutated by `mutate(seed, Rng(campaign seed · 1 000 003 + i))` — so a campaign, and any failure
 * in it (reported with its index), is reproducible from the campaign seed alone. Failing inputs — anything but `ok`
 * and `ImageIOError`, or a read whose peak resident size passed 1 GB — are copied to `keepDir`
 * (when given) as `<index>-<seed name>` for replay.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadHost, OUTCOMES, type HostOptions, type Outcome } from './host.ts';
import { mutate, Rng } from './mutate.ts';
import { buildSeeds, READERS, type Reader } from './seeds.ts';

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
    const readers = READERS.map((reader) => ({ reader, seeds: seeds.filter((s) => s.readers.includes(reader)) }));
    for (let i = 0; i < options.reads; i++) {
      const { reader, seeds: fed } = readers[i % readers.length]!;
      const seed = fed[Math.floor(i / readers.length) % fed.length]!;
      const rng = new Rng(options.seed * 1_000_003 + i);
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
