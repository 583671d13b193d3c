/**
 * Garbage per call of a small gaussian: the JS heap a 40² σ = 10 `filters.gaussian` allocates,
 * counted with V8's sampling heap profiler (objects the scavenger already collected included).
 * On tiny images this garbage, not the arithmetic, decided how often each worker's young
 * generation was scavenged (V8's GC helper threads then compete with the workers for the cores).
 */
import { Session } from 'node:inspector/promises';
import { describe, expect, it } from 'vitest';
import { filters, fromArray } from 'dusk-image-ops';
import { ndimage } from 'dusk-image-ops/testing';

interface SamplingNode { selfSize: number; children: SamplingNode[] }
const total = (n: SamplingNode): number => n.children.reduce((s, c) => s + total(c), n.selfSize);

/** Bytes sampled while `f` runs (every allocation, live or collected since). */
async function sampledBytes(f: () => void): Promise<number> {
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true,
    } as never);
    f();
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: SamplingNode } };
    return total(profile.head);
  } finally {
    session.disconnect();
  }
}

const image = fromArray(Array.from({ length: 40 }, (_, i) => Array.from({ length: 40 }, (_, j) => ((i * 7 + j * 13) % 17) / 17)));

describe('gaussian on a tiny image', () => {
  it('allocates well under one heap number per boundary element (a 40² σ = 10 call made ~60 KB of garbage)', async () => {
    const calls = 1000;
    for (let i = 0; i < 300; i++) filters.gaussian(image, { sigma: 10 });
    const perCall = (await sampledBytes(() => {
      for (let i = 0; i < calls; i++) filters.gaussian(image, { sigma: 10 });
    })) / calls;
    // 40 lines × 80 boundary elements × 16 bytes = 51 KB on the old code; ~10 KB of it remains (options, views, the result).
    expect(perCall).toBeLessThan(25_000);
  });

  it("keeps mode 'constant' the cval outside the line, in runs, on both sides", () => {
    const line = fromArray([[1, 2, 3]]);
    const out = ndimage.correlate1d(line, [1, 1, 1, 1, 1, 1, 1], { axis: 1, mode: 'constant', cval: 5 });
    // Each output sums 7 taps: the three values and four cvals of 5.
    expect(Array.from(out.values())).toEqual([26, 26, 26]);
  });
});
