/**
 * A chunked writer's options mix its own fields with the compute's: a misspelled key or a bad
 * value is an error naming the writer (not `compute`), and nothing is written.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import 'dusk-scheduler';
import { arange, chunked } from 'dusk-image-ops';

const x = chunked(arange(64).reshape([8, 8]), { chunks: 4 });

describe('chunked writer options', () => {
  it.each(['toZarr', 'toRaw', 'toNpy'] as const)('%s names itself and the misspelled key, and writes nothing', async (method) => {
    const dir = mkdtempSync(join(tmpdir(), 'dusk-wopt-'));
    const out = join(dir, 'out');
    await expect(x[method](out, { compresor: 'zstd' } as never)).rejects.toThrow(
      new RegExp(`^${method}: options Unrecognized key: "compresor"`),
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each(['toZarr', 'toRaw', 'toNpy'] as const)('%s names itself for a bad compute option value', async (method) => {
    const out = join(mkdtempSync(join(tmpdir(), 'dusk-wopt-')), 'out');
    await expect(x[method](out, { workers: 0 })).rejects.toThrow(new RegExp(`^${method}: option 'workers' Too small`));
  });

  it('toRaw refuses a littleEndian that is not a boolean, naming the expected type', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'dusk-wopt-')), 'out');
    await expect(x.toRaw(out, { littleEndian: 'no' } as never)).rejects.toThrow(/toRaw: option 'littleEndian' expected a boolean \(received "no"\)/);
  });

  it('still writes with valid compute options', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'dusk-wopt-')), 'out.zarr');
    await x.toZarr(out, { compressor: null, scheduler: 'sync' });
    expect(existsSync(join(out, '.zarray'))).toBe(true);
  });
});
