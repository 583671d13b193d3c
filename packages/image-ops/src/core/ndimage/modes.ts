/**
 * Boundary extension, exactly as scipy.ndimage extends a line before filtering it
 * (`NI_ExtendLine` in scipy's ni_support.c). For the line `a b c d`:
 *
 *     reflect   d c b a | a b c d | d c b a     (period 2n, the edge sample repeated)
 *     mirror      d c b | a b c d | c b a       (period 2n-2, the edge sample not repeated)
 *     nearest   a a a a | a b c d | d d d d
 *     wrap      a b c d | a b c d | a b c d
 *     constant  k k k k | a b c d | k k k k     (k = cval)
 *
 * Extensions longer than the line keep going with the same pattern (scipy copies from the part
 * already extended), so a 2-pixel line filtered with a 41-tap kernel reflects again and again.
 * A 1-pixel line in `mirror` mode behaves as `nearest`.
 *
 * `mapIndex` gives the same answer one index at a time (used for whole rows and n-D padding);
 * `extendLine` fills a line buffer's borders in place.
 */
import { showValue } from 'dusk-graph/internal';

/** scipy.ndimage's boundary modes. */
export type BoundaryMode = 'reflect' | 'mirror' | 'nearest' | 'wrap' | 'constant';

export const BOUNDARY_MODES: readonly BoundaryMode[] = ['reflect', 'mirror', 'nearest', 'wrap', 'constant'];

export function isBoundaryMode(x: unknown): x is BoundaryMode {
  return typeof x === 'string' && (BOUNDARY_MODES as readonly string[]).includes(x);
}

/** Throws a TypeError naming `where` unless `mode` is one of the five modes. */
export function checkMode(where: string, mode: unknown, field = 'mode'): BoundaryMode {
  if (!isBoundaryMode(mode)) {
    throw new TypeError(
      `${where}: option '${field}' must be one of ${BOUNDARY_MODES.map((m) => `'${m}'`).join(', ')}, received ${showValue(mode)}`,
    );
  }
  return mode;
}

/**
 * The in-line index that position `p` (any integer) reads for a line of length `n`, or -1 when it
 * reads `cval` (constant mode outside the line).
 */
export function mapIndex(p: number, n: number, mode: BoundaryMode): number {
  if (p >= 0 && p < n) return p;
  switch (mode) {
    case 'nearest':
      return p < 0 ? 0 : n - 1;
    case 'wrap':
      return ((p % n) + n) % n;
    case 'reflect': {
      const period = 2 * n;
      const q = ((p % period) + period) % period;
      return q < n ? q : period - 1 - q;
    }
    case 'mirror': {
      if (n === 1) return 0;
      const period = 2 * n - 2;
      const q = ((p % period) + period) % period;
      return q < n ? q : period - q;
    }
    case 'constant':
      return -1;
  }
}

/**
 * Fill `buf[0 .. before)` and `buf[before+n .. before+n+after)` from the line stored at
 * `buf[before .. before+n)`, as `NI_ExtendLine` does.
 */
export function extendLine(buf: Float64Array, n: number, before: number, after: number, mode: BoundaryMode, cval: number): void {
  const first = before, last = before + n;
  if (mode === 'constant') {
    buf.fill(cval, 0, first);
    buf.fill(cval, last, last + after);
    return;
  }
  if (mode === 'nearest' || (mode === 'mirror' && n === 1)) {
    buf.fill(buf[first]!, 0, first);
    buf.fill(buf[last - 1]!, last, last + after);
    return;
  }
  if (after <= n - 1 && before <= n - 1) {
    // Fast path: the extension reaches no further than one reflection/period.
    if (mode === 'wrap') {
      for (let k = 1; k <= before; k++) buf[first - k] = buf[last - k]!;
      for (let k = 0; k < after; k++) buf[last + k] = buf[first + k]!;
    } else if (mode === 'reflect') {
      for (let k = 1; k <= before; k++) buf[first - k] = buf[first + k - 1]!;
      for (let k = 0; k < after; k++) buf[last + k] = buf[last - 1 - k]!;
    } else {
      for (let k = 1; k <= before; k++) buf[first - k] = buf[first + k]!;
      for (let k = 0; k < after; k++) buf[last + k] = buf[last - 2 - k]!;
    }
    return;
  }
  for (let k = 1; k <= before; k++) buf[first - k] = buf[first + mapIndex(-k, n, mode)]!;
  for (let k = 0; k < after; k++) buf[last + k] = buf[first + mapIndex(n + k, n, mode)]!;
}
