/**
 * Errors for a bad option say what was expected, not only what was received (issue 10's rule):
 * the chunk spec of `chunked`, the depth of `mapOverlap` and a filter's sigma.
 */
import { describe, expect, it } from 'vitest';
import { chunked, filters, zeros } from 'dusk-image-ops';

const x = zeros([8, 8]);
const c = chunked(x, { chunks: 4 });

describe('option errors name what was expected', () => {
  it("chunked says chunks may be 'auto', a block length or per-axis lengths", () => {
    expect(() => chunked(x, { chunks: 'big' } as never)).toThrow(
      `chunked: option 'chunks' expected 'auto', a block length, or a list with per axis a block length or a list of block lengths (received "big")`,
    );
  });

  it('mapOverlap says what a depth may be', () => {
    expect(() => c.mapOverlap(filters.gaussian, { depth: 'big' } as never)).toThrow(
      `mapOverlap: option 'depth' expected a non-negative integer, one per axis, { [axis]: n } or 'auto', received "big"`,
    );
  });

  it("mapOverlap says what one axis' depth may be", () => {
    expect(() => c.mapOverlap(filters.gaussian, { depth: [1, 'x'] } as never)).toThrow(
      `mapOverlap: option 'depth' axis 1 expected a non-negative integer, received "x"`,
    );
  });

  it('gaussian says sigma is a non-negative number or a list of them', () => {
    expect(() => filters.gaussian(x, { sigma: 'x' } as never)).toThrow(
      `gaussian: option 'sigma' expected a non-negative number or a list of them (one per axis) (received "x")`,
    );
  });
});
