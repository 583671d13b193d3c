/**
 * Buffer reuse between tasks (`ndarray/recycle.ts`): buffers that died inside a task of library
 * ops are handed to the next allocation of their size; buffers a result still reaches, or that a
 * user function saw, never are. Runs with the `sync` scheduler so the counters are this thread's.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collect, compute, delayed } from 'dusk-graph';
import 'dusk-scheduler';
import { chunked, clearRecycled, filters, recycleStats } from 'dusk-image-ops';
import { maxAbsDiff, noise } from '../helpers/index.ts';
import { kept, retainOps } from './helpers/retain-ops.ts';

const sync = { scheduler: 'sync' } as const;

afterEach(() => clearRecycled());

describe('buffer reuse between tasks', () => {
  it("reuses a chunk's filtered block for the next chunk, with the same result", async () => {
    // 4 blocks of 256 × 512 float64 (1 MB, plus halo): each block's gaussian output dies once
    // the block is stored into the result, and the next block's gaussian gets it back.
    const x = noise([512, 1024]);
    clearRecycled();
    const before = recycleStats();
    const mapped = chunked(x, { chunks: [256, 512] }).mapOverlap(filters.gaussian, { depth: 'auto', sigma: 2 });
    // small blocks run merged into one tile per worker (chunked/tiles.ts): count the op's tasks
    const calls = collect(mapped.blockTasks()).graph.tasks.flatMap((t) => t.steps).filter((st) => st.name === 'gaussian').length;
    const y = await mapped.compute(sync);
    const after = recycleStats();
    expect(after.pooled - before.pooled).toBe(calls);
    expect(after.reused - before.reused).toBe(calls - 1);
    expect(maxAbsDiff(y, filters.gaussian(x, { sigma: 2 }))).toBeLessThan(1e-12);
  });

  it('never reuses a buffer that a result still holds', async () => {
    const x = noise([512, 512]), z = noise([512, 512], 3);
    const before = recycleStats().pooled;
    const a = await compute(delayed(filters.gaussian)(x, { sigma: 1 }), sync);
    const b = await compute(delayed(filters.gaussian)(z, { sigma: 1 }), sync);
    expect(recycleStats().pooled).toBe(before);
    expect(a.data.buffer).not.toBe(b.data.buffer);
    expect(maxAbsDiff(a, filters.gaussian(x, { sigma: 1 }))).toBe(0);
  });

  it("hands a fused chain's dead intermediate back before the chain ends: its third step reuses the first one's memory", async () => {
    // gaussian → gaussian → gaussian of one 2 MB image fuse into one task; once step 2 has run,
    // nothing reads step 1's output, so step 3 gets its buffer (before: every intermediate was
    // held until the chain ended, and the pool saw them only then).
    const x = noise([512, 512]);
    const a = delayed(filters.gaussian)(x, { sigma: 1 });
    const c = delayed(filters.gaussian)(delayed(filters.gaussian)(a, { sigma: 2 }), { sigma: 3 });
    expect(collect(c).graph.size).toBe(1);
    clearRecycled();
    const before = recycleStats();
    const y = await compute(c, sync);
    const after = recycleStats();
    expect(after.reused - before.reused).toBe(1);
    expect(after.pooled - before.pooled).toBe(2); // step 1's output at step 2, step 2's at the end
    expect(maxAbsDiff(y, filters.gaussian(filters.gaussian(filters.gaussian(x, { sigma: 1 }), { sigma: 2 }), { sigma: 3 }))).toBe(0);
  });

  it('never reuses the buffers of a task that ran a user function', async () => {
    const x = noise([512, 512]);
    kept.length = 0;
    const before = recycleStats().pooled;
    // gaussian → keepAndSum fuse into one task; the user op keeps the filtered array
    const sum = await compute(delayed(retainOps.keepAndSum)(delayed(filters.gaussian)(x, { sigma: 1 })), sync);
    expect(recycleStats().pooled).toBe(before);
    // the next same-size allocation is a new buffer: the kept array is untouched
    const next = filters.gaussian(noise([512, 512], 5), { sigma: 1 });
    expect(next.data.buffer).not.toBe(kept[0]!.data.buffer);
    expect(kept[0]!.sum()).toBe(sum);
  });

  it('keeps every result intact while workers reuse the buffers of fused chains', async () => {
    // gaussian → sobel fuse into one task per image: each gaussian output dies in its worker and
    // is reused by a later task there, while the sobel outputs travel back as results.
    const images = Array.from({ length: 8 }, (_, i) => noise([384, 384], i + 1));
    const results = await compute(images.map((x) => delayed(filters.sobel)(delayed(filters.gaussian)(x, { sigma: 1.5 }))), { workers: 2 });
    images.forEach((x, i) => expect(maxAbsDiff(results[i]!, filters.sobel(filters.gaussian(x, { sigma: 1.5 })))).toBe(0));
    expect(new Set(results.map((r) => r.data.buffer)).size).toBe(8);
    const y = await chunked(images[0]!, { chunks: [192, 384] }).mapOverlap(filters.gaussian, { depth: 'auto', sigma: 3 }).compute({ workers: 2 });
    expect(maxAbsDiff(y, filters.gaussian(images[0]!, { sigma: 3 }))).toBeLessThan(1e-12);
  });

  it('gives pooled memory back by itself once the thread is idle', async () => {
    const x = noise([512, 1024]);
    await chunked(x, { chunks: [256, 512] }).mapOverlap(filters.gaussian, { depth: 'auto', sigma: 2 }).compute(sync);
    expect(recycleStats().pooledBytes).toBeGreaterThan(0);
    await vi.waitFor(() => expect(recycleStats().pooledBytes).toBe(0), { timeout: 10_000, interval: 100 });
  });

  it('gives pooled memory back when cleared', async () => {
    const x = noise([512, 1024]);
    await chunked(x, { chunks: [256, 512] }).mapOverlap(filters.gaussian, { depth: 'auto', sigma: 2 }).compute(sync);
    expect(recycleStats().pooledBytes).toBeGreaterThan(0);
    clearRecycled();
    expect(recycleStats().pooledBytes).toBe(0);
  });
});
