/**
 * Zarr v2 and v3 through zarrita: Python zarr's fixtures read exactly (test/fixtures/zarr,
 * generator committed), only the chunks a task needs are read, writes are chunk by chunk with no
 * half-written output, and Python reads what dusk writes (when Python with zarr is present).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import 'dusk-scheduler';
import { compute, delayed } from 'dusk-graph';
import { arange, chunked, filters, fromZarr, io, NDArray, zeros } from 'dusk-image-ops';
import { blockOps, FINISHED, RELEASED, STARTED } from './helpers/block-ops.ts';
import { DirectoryStore } from 'dusk-image-ops/testing';
import { maxAbsDiff, noise } from '../helpers/index.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/zarr');
const manifest = JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8')) as {
  cases: { name: string; shape: number[]; chunks: number[]; dtype: string; compressor: { id: string } | null }[];
};
const DUSK = { uint8: 'uint8', uint16: 'uint16', int16: 'int16', float32: 'float32', '>f4': 'float32', float64: 'float64', int32: 'int32', bool: 'bool' } as Record<string, string>;

/** The Python interpreter with zarr, if there is one. */
function pythonWithZarr(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(py, ['-c', 'import zarr'], { stdio: 'ignore' }).status === 0) return py;
  }
  return undefined;
}

describe('fromZarr', () => {
  for (const c of manifest.cases.filter((k) => k.name !== 'i8-unsupported')) {
    it(`reads Python zarr's ${c.name} (v2, ${c.dtype}, ${c.compressor?.id ?? 'uncompressed'}) exactly, a block per Zarr chunk, C or Fortran order`, async () => {
      const a = await fromZarr(join(FIXTURES, `${c.name}.zarr`));
      expect(a.shape).toEqual(c.shape);
      expect(a.dtype).toBe(DUSK[c.dtype]);
      expect(a.chunks.map((cs) => cs[0])).toEqual(c.shape.map((n, ax) => Math.min(n, c.chunks[ax]!)));
      const expected = io.readNpy(join(FIXTURES, `${c.name}.npy`));
      expect(maxAbsDiff(await a.compute(), expected)).toBe(0);
      // other dusk blocks than the Zarr chunks read the same values
      expect(maxAbsDiff(await (await fromZarr(join(FIXTURES, `${c.name}.zarr`), { chunks: 7 })).compute(), expected)).toBe(0);
    });
  }

  it('opens a level of an OME-Zarr multiscale image', async () => {
    const root = join(FIXTURES, 'ome.zarr');
    for (const level of [0, 1]) {
      const a = await fromZarr(root, { level });
      expect(maxAbsDiff(await a.compute(), io.readNpy(join(FIXTURES, `ome-${level}.npy`)))).toBe(0);
    }
    expect(maxAbsDiff(await (await fromZarr(root, { path: '1' })).compute(), io.readNpy(join(FIXTURES, 'ome-1.npy')))).toBe(0);
    await expect(fromZarr(root, { level: 2 })).rejects.toThrow(/option 'level' is 2, but .*ome.zarr.* has 2 levels \(0–1\)/);
    await expect(fromZarr(join(FIXTURES, 'u8-zlib.zarr'), { level: 0 })).rejects.toThrow(/option 'level' needs an OME-Zarr multiscale group/);
  });

  it('reads only the Zarr chunks a task needs', async () => {
    const reads: string[] = [];
    const dir = new DirectoryStore(join(FIXTURES, 'u8-zlib.zarr'));
    const counting = { get: (key: string) => { reads.push(key); return dir.get(key); } };
    const a = await fromZarr(counting, { chunks: [10, 32] });
    const chunkReads = () => reads.filter((k) => !/\.z(array|attrs|group)$|zarr\.json$/.test(k)).sort();
    expect(chunkReads()).toEqual([]);
    const block = a.toDelayed()[1]!; // rows 0–10, columns 32–41: Zarr chunk (0, 2) only
    expect(block.start).toEqual([0, 32]);
    await block.delayed.compute();
    expect(chunkReads()).toEqual(['/0.2']);
    reads.length = 0;
    await a.toDelayed()[0]!.delayed.compute(); // columns 0–32: Zarr chunks (0, 0) and (0, 1)
    expect(chunkReads()).toEqual(['/0.0', '/0.1']);
  });

  it('refuses what it cannot read, naming the path and the reason', async () => {
    await expect(fromZarr(join(FIXTURES, 'i8-unsupported.zarr'))).rejects.toThrow(/fromZarr: .*i8-unsupported.zarr.* holds int8 values; dusk reads bool, uint8/);
    await expect(fromZarr(join(FIXTURES, 'missing.zarr'))).rejects.toThrow(/fromZarr: cannot open a Zarr array at ".*missing.zarr": nothing is there \(no v2 .zarray, no v3 zarr.json\)/);
    await expect(fromZarr(join(FIXTURES, 'ome.zarr'))).rejects.toThrow(/fromZarr: cannot open a Zarr array at ".*ome.zarr": it is a Zarr group, not an array; pass the path of one of its arrays \(option 'path', or 'level' for an OME-Zarr image\)/);
    await expect(fromZarr(FIXTURES, { pth: 'x' } as never)).rejects.toThrow(/fromZarr: options Unrecognized key: "pth"/);
    await expect(fromZarr(42 as never)).rejects.toThrow(/expected a directory path or a zarrita store/);
    // metadata claiming 10^18 chunks fails at once, before any block is listed
    const bomb = join(mkdtempSync(join(tmpdir(), 'dusk-zarr-bomb-')), 'bomb.zarr');
    mkdirSync(bomb);
    writeFileSync(join(bomb, '.zarray'), JSON.stringify({ zarr_format: 2, shape: [1e9, 1e9], chunks: [1, 1], dtype: '<f4', compressor: null, fill_value: 0, order: 'C', filters: null }));
    await expect(fromZarr(bomb)).rejects.toThrow(/fromZarr: chunks \[1,1\] cut shape \[1000000000, 1000000000\] into 1000000000000000000 blocks, more than 1000000/);
  });
});

describe('toZarr', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dusk-zarr-'));
  const x = noise([6, 20, 24]).astype('float32');

  for (const zarrFormat of [2, 3] as const) {
    for (const compressor of ['blosc', 'zstd', 'gzip', 'zlib', 'lz4', null] as const) {
      it(`writes Zarr v${zarrFormat} with ${compressor ?? 'no'} compression that reads back exactly`, async () => {
        const path = join(dir, `v${zarrFormat}-${compressor}.zarr`);
        await chunked(x, { chunks: [3, 10, 12] }).toZarr(path, { zarrFormat, compressor, chunks: [3, 5, 6] });
        const meta = JSON.parse(readFileSync(join(path, zarrFormat === 2 ? '.zarray' : 'zarr.json'), 'utf8')) as Record<string, unknown>;
        expect(meta.zarr_format).toBe(zarrFormat);
        const back = await fromZarr(path);
        expect(back.chunks.map((c) => c[0])).toEqual([3, 5, 6]);
        expect(maxAbsDiff(await back.compute(), x)).toBe(0);
      });
    }
  }

  it('rechunks blocks that do not line up with the Zarr chunks, and writes bool and empty arrays', async () => {
    const y = noise([13, 11]);
    const path = join(dir, 'unaligned.zarr');
    await chunked(y, { chunks: [[4, 9], [5, 6]] }).toZarr(path, { chunks: [3, 3] });
    expect(maxAbsDiff(await (await fromZarr(path)).compute(), y)).toBe(0);
    const mask = y.astype('bool');
    await chunked(mask, { chunks: 4 }).toZarr(join(dir, 'mask.zarr'), { zarrFormat: 3 });
    expect((await (await fromZarr(join(dir, 'mask.zarr'))).compute()).toArray()).toEqual(mask.toArray());
    await chunked(mask, { chunks: 4 }).toZarr(join(dir, 'mask2.zarr'), { zarrFormat: 2 });
    expect((await (await fromZarr(join(dir, 'mask2.zarr'))).compute()).toArray()).toEqual(mask.toArray());
    await chunked(zeros([0, 4], 'uint8')).toZarr(join(dir, 'empty.zarr'));
    expect((await (await fromZarr(join(dir, 'empty.zarr'))).compute()).shape).toEqual([0, 4]);
  });

  it('refuses to write over an existing array unless told to, and never over other data', async () => {
    const path = join(dir, 'existing.zarr');
    await chunked(x, { chunks: [3, 10, 12] }).toZarr(path, { zarrFormat: 3 });
    const y = chunked(noise([6, 20, 24]).astype('float32'), { chunks: [3, 10, 12] });
    await expect(y.toZarr(path)).rejects.toThrow(/path '.*existing\.zarr' already exists \(a Zarr array or group\); pass option 'overwrite: true' to replace it \(received overwrite: false\)/);
    expect(maxAbsDiff(await (await fromZarr(path)).compute(), x)).toBe(0);
    await y.toZarr(path, { overwrite: true });
    expect(maxAbsDiff(await (await fromZarr(path)).compute(), await y.compute())).toBe(0);
    // a directory of the user's own files, or a file, is never replaced
    const mine = join(dir, 'my-photos');
    mkdirSync(mine);
    writeFileSync(join(mine, 'holiday.jpg'), 'not zarr');
    await expect(y.toZarr(mine, { overwrite: true })).rejects.toThrow(/is a directory that is not a Zarr array or group .* refusing to replace it/);
    expect(readdirSync(mine)).toEqual(['holiday.jpg']);
    await expect(y.toZarr(join(mine, 'holiday.jpg'), { overwrite: true })).rejects.toThrow(/already exists \(a file\); choose another path/);
    // an empty directory (made for the output) is fine once overwrite is given
    const empty = join(dir, 'made-for-it.zarr');
    mkdirSync(empty);
    await expect(y.toZarr(empty)).rejects.toThrow(/already exists \(an empty directory\)/);
    await y.toZarr(empty, { overwrite: true });
    expect((await fromZarr(empty)).shape).toEqual([6, 20, 24]);
  });

  it('leaves no half-written output when a block fails, and keeps an existing array', async () => {
    const path = join(dir, 'kept.zarr');
    await chunked(x, { chunks: [3, 10, 12] }).toZarr(path);
    const failing = (b: NDArray) => {
      if (b.shape[0] === 3 && b.get(0, 0, 0) === x.get(3, 0, 0)) throw new Error('bad block');
      return b.copy();
    };
    const bad = chunked(noise([6, 20, 24]).astype('float32'), { chunks: [3, 10, 12] });
    const bad2 = chunked(x, { chunks: [3, 10, 12] }).mapBlocks(failing, { dtype: 'float32' });
    await expect(bad2.toZarr(path, { overwrite: true })).rejects.toThrow(/bad block/);
    expect(maxAbsDiff(await (await fromZarr(path)).compute(), x)).toBe(0);
    await expect(bad2.toZarr(join(dir, 'never.zarr'))).rejects.toThrow(/bad block/);
    expect(existsSync(join(dir, 'never.zarr'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('dusk-'))).toEqual([]);
    await bad.toZarr(path, { overwrite: true });
    expect(maxAbsDiff(await (await fromZarr(path)).compute(), await bad.compute())).toBe(0);
    await expect(chunked(x).toZarr(join(dir, 'o.zarr'), { compresor: 'zstd' } as never)).rejects.toThrow(/compresor/);
  });

  it('never recreates the output when a block still running on a worker finishes after the failure', async () => {
    const late = mkdtempSync(join(tmpdir(), 'dusk-zarr-late-'));
    const y = arange(64).reshape([8, 8]).astype('float64');
    const gate = new Int32Array(new SharedArrayBuffer(12));
    const c = chunked(y, { chunks: 4 }).mapBlocks(blockOps.holdOrFail, { failAt: 0, gate, dtype: 'float64' });
    await expect(c.toZarr(join(late, 'out.zarr'), { workers: 2 })).rejects.toThrow(/bad block/);
    expect(Atomics.load(gate, STARTED)).toBeGreaterThan(0); // a block is still running
    Atomics.store(gate, RELEASED, 1);
    Atomics.notify(gate, RELEASED);
    while (Atomics.load(gate, FINISHED) < Atomics.load(gate, STARTED)) await new Promise((r) => setTimeout(r, 5));
    // a task on each worker runs after the held blocks' writes
    await compute([0, 1].map(() => delayed(blockOps.holdOrFail)(y, { failAt: -1, gate })), { workers: 2 });
    expect(readdirSync(late)).toEqual([]);
  });

  it('runs a chunked gaussian from a Zarr volume to a Zarr volume', async () => {
    const src = join(dir, 'src.zarr');
    await chunked(x, { chunks: [6, 10, 12] }).toZarr(src, { compressor: 'zstd' });
    const out = join(dir, 'smooth.zarr');
    await (await fromZarr(src)).mapOverlap(filters.gaussian, { depth: 'auto', sigma: 1, boundary: 'none' }).toZarr(out);
    expect(maxAbsDiff(await (await fromZarr(out)).compute(), filters.gaussian(x, { sigma: 1 }))).toBe(0);
  });

  it('decodes each Zarr chunk once under mapOverlap, taking halos from the neighbouring blocks', async () => {
    const v = noise([4, 48, 48]).astype('float32');
    const src = join(dir, 'halo.zarr');
    await chunked(v, { chunks: [4, 16, 16] }).toZarr(src, { compressor: 'zlib' });
    const reads: string[] = [];
    const store = new DirectoryStore(src);
    const counting = { get: (key: string) => { reads.push(key); return store.get(key); } };
    const y = (await fromZarr(counting)).mapOverlap(filters.gaussian, { depth: 4, boundary: 'nearest', sigma: 1 });
    expect(maxAbsDiff(await y.compute(), filters.gaussian(v, { sigma: 1 }))).toBe(0);
    const chunkReads = reads.filter((k) => !/\.z(array|attrs|group)$/.test(k)).sort();
    // 9 chunks, each read once (reading halos straight would read the middle one 9 times)
    expect(chunkReads).toEqual(['/0.0.0', '/0.0.1', '/0.0.2', '/0.1.0', '/0.1.1', '/0.1.2', '/0.2.0', '/0.2.1', '/0.2.2']);
  });

  const py = pythonWithZarr();
  it.skipIf(!py)('writes Zarr v2 that Python zarr reads exactly (run when Python with zarr is present)', async () => {
    const path = join(dir, 'for-python');
    mkdirSync(path, { recursive: true });
    const cases = ['blosc', 'zstd', 'gzip', 'zlib', 'lz4', null] as const;
    for (const compressor of cases) await chunked(x, { chunks: [3, 10, 12] }).toZarr(join(path, `${compressor}.zarr`), { compressor });
    io.writeNpy(join(path, 'x.npy'), x);
    const script = `import sys, numpy as np, zarr
x = np.load(sys.argv[1] + '/x.npy')
for c in sys.argv[2:]:
    z = zarr.open(sys.argv[1] + '/' + c + '.zarr', mode='r')
    print(c, z.dtype, z.chunks, bool(np.array_equal(z[...], x)))`;
    writeFileSync(join(path, 'check.py'), script);
    const r = spawnSync(py!, [join(path, 'check.py'), path, ...cases.map(String)], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual(cases.map((c) => `${c} float32 (3, 10, 12) True`));
  });
});
