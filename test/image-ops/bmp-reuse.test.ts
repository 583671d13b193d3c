/**
 * `io.imwrite` encodes BMPs into one reused buffer per thread (`io/bmpWrite.ts`): every file must
 * still be exactly what a fresh buffer gives, whatever was encoded before it — header fields,
 * palette and row padding included.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromArray, io, type NDArray } from 'dusk-image-ops';

const dir = mkdtempSync(join(tmpdir(), 'dusk-bmp-reuse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A uint8 image of `shape` whose bytes depend on `seed` (no zero bytes: stale data would show). */
function image(shape: number[], seed: number): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  return fromArray(Uint8Array.from({ length: n }, (_, i) => 1 + ((i * 37 + seed * 101) % 254)), { shape, dtype: 'uint8' });
}

describe('imwrite with a reused BMP buffer', () => {
  it('writes the same bytes for an image after a larger, different one as before it', () => {
    const cases = [image([4, 3], 1), image([3, 5, 3], 2), image([2, 7, 4], 3), image([6, 1], 4)];
    const big = image([40, 33, 3], 9); // fills the buffer with other bytes, a bigger header and padding
    for (const [k, img] of cases.entries()) {
      const first = join(dir, `first-${k}.bmp`), again = join(dir, `again-${k}.bmp`);
      io.imwrite(first, img);
      io.imwrite(join(dir, `big-${k}.bmp`), big);
      io.imwrite(again, img);
      expect(readFileSync(again).equals(readFileSync(first)), `case ${k}`).toBe(true);
      expect(io.imread(again).toArray()).toEqual(img.toArray());
    }
  });
});
