/**
 * A fixed-seed slice of the fuzz campaign (`npm run fuzz` runs thousands): 150 mutants of every
 * seed format, each read in an isolated child process with time and memory caps. Every read must
 * return an image or throw `ImageIOError` — no crash, hang, over-memory kill or other error.
 */
import { describe, expect, it } from 'vitest';
import { runFuzz } from '../../scripts/fuzz/run.ts';

describe('fuzzed files', () => {
  it('give an image or an ImageIOError for 150 mutants, never a crash, hang, memory blow-up or other error', async () => {
    const s = await runFuzz({ reads: 150, seed: 1, timeoutMs: 20_000 });
    expect(s.failures).toEqual([]);
    expect(s.totals.crash + s.totals.hang + s.totals['over-memory'] + s.totals['other error']).toBe(0);
    expect(s.over1GB).toBe(0);
    // The slice exercises both outcomes and every reader.
    expect(s.totals.ok).toBeGreaterThan(0);
    expect(s.totals.ImageIOError).toBeGreaterThan(0);
    expect(Object.keys(s.counts).sort()).toEqual(['fromNpy', 'fromRaw', 'fromTiff', 'imread', 'readNpy', 'readRaw']);
  }, 120_000);
});
