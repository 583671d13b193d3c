/**
 * Overlap parameters of `mapOverlap`, normalized to one value per axis.
 *
 * - `depth`: a number (every axis), one number per axis, `{ [axis]: n }` (other axes 0, negative
 *   axes count from the end), or `'auto'`: the op's declared footprint for its params (see
 *   `core/footprint.ts`) — gaussian σ=3 needs 12, not the 9 of the well-known notebook.
 * - `boundary`: how the halo is filled beyond the array's edges, as in Dask: `'reflect'` (mirror
 *   including the edge pixel, NumPy's 'symmetric'), `'periodic'` (wrap), `'nearest'` (repeat the
 *   edge), `'none'` (no halo at the edges: the op sees a smaller block there and its own edge
 *   handling applies), or a number (constant fill). Same forms as depth for per-axis values.
 *
 * A depth larger than the array along an axis is an error for every boundary, as in Dask
 * ("The overlapping depth 10 is larger than your array 4") — except on axes where the depth has
 * no effect at all: one chunk and boundary 'none' (no neighbour to read, no padding). There the
 * depth is 0, so `depth: 'auto'` works on a thin stack of slices. Ops whose footprint is global
 * (Otsu, label, ...) cannot take `depth: 'auto'`: no finite halo makes chunks match.
 */
import { footprintOf, isGlobalReach } from '../core/footprint.ts';
import { showValue } from 'dusk-graph/internal';

export type Boundary = 'reflect' | 'periodic' | 'nearest' | 'none' | number;
export type PerAxis<T> = T | readonly T[] | { readonly [axis: number]: T };
export type DepthSpec = PerAxis<number> | 'auto';
export type BoundarySpec = PerAxis<Boundary>;

const MODES = new Set(['reflect', 'periodic', 'nearest', 'none']);

/** What one axis' value of each field may be, for errors. */
const EXPECTED = {
  depth: { value: 'a non-negative integer', forms: "a non-negative integer, one per axis, { [axis]: n } or 'auto'" },
  boundary: {
    value: "'reflect', 'periodic', 'nearest', 'none' or a number",
    forms: "'reflect', 'periodic', 'nearest', 'none' or a number, one per axis or { [axis]: value }",
  },
} as const;

function perAxis<T>(where: string, field: keyof typeof EXPECTED, spec: PerAxis<T>, ndim: number, fallback: T, isValue: (v: unknown) => v is T): T[] {
  const expected = EXPECTED[field];
  if (isValue(spec)) return new Array<T>(ndim).fill(spec);
  if (Array.isArray(spec)) {
    if (spec.length !== ndim) {
      throw new RangeError(`${where}: option '${field}' needs one value per axis (${ndim}), received ${spec.length}: ${JSON.stringify(spec)}`);
    }
    return (spec as readonly unknown[]).map((v, ax) => {
      if (!isValue(v)) throw new TypeError(`${where}: option '${field}' axis ${ax} expected ${expected.value}, received ${showValue(v)}`);
      return v;
    });
  }
  const given: unknown = spec; // JavaScript callers may pass anything
  if (given !== null && typeof given === 'object') {
    const out = new Array<T>(ndim).fill(fallback);
    for (const [k, v] of Object.entries(given)) {
      const ax = Number(k) < 0 ? Number(k) + ndim : Number(k);
      if (!Number.isInteger(ax) || ax < 0 || ax >= ndim) {
        throw new RangeError(`${where}: option '${field}' names axis ${k}, but the array has ${ndim} axes`);
      }
      if (!isValue(v)) throw new TypeError(`${where}: option '${field}' axis ${k} expected ${expected.value}, received ${showValue(v)}`);
      out[ax] = v;
    }
    return out;
  }
  throw new TypeError(`${where}: option '${field}' expected ${expected.forms}, received ${showValue(spec)}`);
}

const isDepth = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isBoundary = (v: unknown): v is Boundary => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && MODES.has(v));

/**
 * One depth per axis. `inert[ax]` marks axes where a halo has no effect (one chunk, boundary
 * 'none'): their depth is 0 and never too large.
 */
export function normalizeDepth(where: string, spec: DepthSpec, shape: readonly number[], op: Function, opParams: unknown, inert: readonly boolean[] = []): number[] {
  const depth = depthPerAxis(where, spec, shape, op, opParams).map((d, ax) => (inert[ax] ? 0 : d));
  checkDepthFits(where, depth, shape, spec === 'auto' ? ` (the footprint of '${op.name || 'anonymous'}')` : '');
  return depth;
}

function depthPerAxis(where: string, spec: DepthSpec, shape: readonly number[], op: Function, opParams: unknown): number[] {
  const ndim = shape.length;
  const name = op.name || 'anonymous';
  if (spec === 'auto') {
    const fp = footprintOf(op, opParams, shape);
    if (!fp) {
      throw new TypeError(`${where}: option 'depth' is 'auto', but op '${name}' declares no footprint; pass a number or one per axis`);
    }
    if (isGlobalReach(fp)) {
      throw new TypeError(
        `${where}: option 'depth' is 'auto', but op '${name}' needs the whole image (${fp.global}), so it cannot be ` +
          'chunked with a finite halo; run it on the whole array, or pass an explicit depth to apply it block by block',
      );
    }
    if (fp.length !== ndim || !fp.every(isDepth)) {
      throw new RangeError(`${where}: op '${name}' declares a footprint of [${fp.join(', ')}], expected ${ndim} non-negative integers`);
    }
    return fp;
  }
  if (typeof spec === 'number' && !isDepth(spec)) {
    throw new RangeError(`${where}: option 'depth' must be a non-negative integer, received ${spec}`);
  }
  return perAxis(where, 'depth', spec, ndim, 0, isDepth);
}

/** Dask's check, for every boundary (with 'none' too): the halo cannot exceed the array. */
function checkDepthFits(where: string, depth: readonly number[], shape: readonly number[], from: string): void {
  depth.forEach((d, ax) => {
    if (d > shape[ax]!) {
      throw new RangeError(`${where}: depth ${d}${from} on axis ${ax} is larger than the array's size ${shape[ax]} there; use a depth of at most ${shape[ax]}`);
    }
  });
}

export function normalizeBoundary(where: string, spec: BoundarySpec, ndim: number): Boundary[] {
  if (typeof spec === 'string' && !MODES.has(spec)) {
    throw new TypeError(`${where}: option 'boundary' must be 'reflect', 'periodic', 'nearest', 'none' or a number, received ${showValue(spec)}`);
  }
  return perAxis(where, 'boundary', spec, ndim, 'none', isBoundary);
}
