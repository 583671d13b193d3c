/**
 * Writing chunked arrays when a compute fails with blocks still running on workers: the writer
 * aborts at once, the blocks in flight finish later, and they must neither write into a file the
 * process opened in the meantime nor leave a temporary file behind.
 */
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compute, delayed } from 'dusk-graph';
import 'dusk-scheduler';
import { arange, chunked } from 'dusk-image-ops';
import { blockOps, FINISHED, RELEASED, STARTED } from './helpers/block-ops.ts';

describe('chunked writes after a failure', () => {
  it.each(['toRaw', 'toNpy'] as const)('%s never writes into another file when a worker block is still running', async (method) => {
    // One block fails while another is held on a worker; the writer aborts; then a new file is
    // opened (it may get the descriptor number the writer's file had) and the held block is let
    // go. It must not write into that file, and no temporary file may be left behind.
    const dir = mkdtempSync(join(tmpdir(), 'dusk-late-'));
    const x = arange(64).reshape([8, 8]).astype('float64');
    const gate = new Int32Array(new SharedArrayBuffer(12));
    const c = chunked(x, { chunks: 4 }).mapBlocks(blockOps.holdOrFail, { failAt: 0, gate, dtype: 'float64' });
    await expect(c[method](join(dir, 'out'), { workers: 2 })).rejects.toThrow(/bad block/);
    expect(Atomics.load(gate, STARTED)).toBeGreaterThan(0); // a block is still running
    const victim = join(dir, 'victim.txt');
    const fd = openSync(victim, 'w');
    writeSync(fd, 'hello victim\n');
    Atomics.store(gate, RELEASED, 1);
    Atomics.notify(gate, RELEASED);
    while (Atomics.load(gate, FINISHED) < Atomics.load(gate, STARTED)) await new Promise((r) => setTimeout(r, 5));
    // the pool is usable, and a task on each worker runs after the held blocks' writes
    await compute([0, 1].map(() => delayed(blockOps.holdOrFail)(x, { failAt: -1, gate })), { workers: 2 });
    closeSync(fd);
    expect(readFileSync(victim, 'latin1')).toBe('hello victim\n');
    expect(readdirSync(dir)).toEqual(['victim.txt']);
  });
});
