/**
 * `sum`, `mean` and `variance` give NumPy's numbers bit for bit (`test/fixtures/numpy/reductions.json`,
 * made by `make_reductions.py`): pairwise blocks of 8 accumulators, buffers of 8192 added in
 * order, float32 data reduced in float32.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromArray, type DType } from 'dusk-image-ops';

interface Case { dtype: DType; n: number; seed: number; sum: number; mean: number; var: number }
const { cases } = JSON.parse(readFileSync(new URL('../fixtures/numpy/reductions.json', import.meta.url), 'utf8')) as { cases: Case[] };

/** The fixture's input: u = ((i + seed) · 2654435761 mod 2³²) / 2³², then 3u − 1 (floats) or ⌊200u⌋ (integers). */
function input(c: Case) {
  const values = Array.from({ length: c.n }, (_, i) => {
    const u = (Math.imul(i + c.seed, 2654435761) >>> 0) / 4294967296;
    return c.dtype.startsWith('float') ? u * 3 - 1 : Math.floor(u * 200);
  });
  return fromArray(values, { dtype: c.dtype });
}

describe('reductions as NumPy computes them', () => {
  it('covers every dtype and the sizes around a block (128) and a buffer (8192)', () => {
    expect(new Set(cases.map((c) => c.dtype)).size).toBe(5);
    expect(cases.map((c) => c.n)).toEqual(expect.arrayContaining([8191, 8192, 8193, 20000, 100003]));
  });

  for (const c of cases) {
    it(`sums, averages and takes the variance of ${c.n} ${c.dtype} values to NumPy's last bit`, () => {
      const a = input(c);
      expect([a.sum(), a.mean(), a.variance()]).toEqual([c.sum, c.mean, c.var]);
    });
  }
});
