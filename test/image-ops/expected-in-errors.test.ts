/**
 * Errors for a bad option say what was expected, not only what was received (issue 10's rule):
 * the chunk spec of `chunked`, the depth of `mapOverlap` and a filter's sigma; and an argument
 * that is not an NDArray is named with what it was (the checks of util/checks.ts).
 */
import { describe, expect, it } from 'vitest';
import { chunked, feature, filters, io, zeros } from 'dusk-image-ops';

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

  it('the writers name a typed array passed where an NDArray belongs', () => {
    expect(() => io.writeNpy('never-written.npy', new Float64Array(4) as never)).toThrow(
      'writeNpy: array must be an NDArray, received Float64Array',
    );
    expect(() => io.imwrite('never-written.png', null as never)).toThrow('imwrite: image must be an NDArray, received null');
  });

  it('a mask option says an NDArray was expected, in lower case like the other option errors', () => {
    expect(() => feature.canny(zeros([8, 8]), { mask: [1] } as never)).toThrow(
      "canny: option 'mask' expected an NDArray (received [1])",
    );
  });

  it('zeros names a typed array or a function passed as its dtype', () => {
    expect(() => zeros([3], new Float32Array(2) as never)).toThrow(/received Float32Array$/);
    expect(() => zeros([3], (() => 1) as never)).toThrow(/received a function$/);
  });
});
