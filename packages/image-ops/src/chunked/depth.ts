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
 */
import { footprintOf } from '../core/footprint.ts';

export type Boundary = 'reflect' | 'periodic' | 'nearest' | 'none' | number;
export type PerAxis<T> = T | readonly T[] | { readonly [axis: number]: T };
export type DepthSpec = PerAxis<number> | 'auto';
export type BoundarySpec = PerAxis<Boundary>;

const MODES = new Set(['reflect', 'periodic', 'nearest', 'none']);

function perAxis<T>(where: string, field: string, spec: PerAxis<T>, ndim: number, fallback: T, isValue: (v: unknown) => v is T): T[] {
  if (isValue(spec)) return new Array<T>(ndim).fill(spec);
  if (Array.isArray(spec)) {
    if (spec.length !== ndim) {
      throw new RangeError(`${where}: option '${field}' needs one value per axis (${ndim}), received ${spec.length}: ${JSON.stringify(spec)}`);
    }
    return (spec as readonly unknown[]).map((v, ax) => {
      if (!isValue(v)) throw new TypeError(`${where}: option '${field}' axis ${ax} is invalid, received ${JSON.stringify(v)}`);
      return v;
    });
  }
  if (spec !== null && typeof spec === 'object') {
    const out = new Array<T>(ndim).fill(fallback);
    for (const [k, v] of Object.entries(spec)) {
      const ax = Number(k) < 0 ? Number(k) + ndim : Number(k);
      if (!Number.isInteger(ax) || ax < 0 || ax >= ndim) {
        throw new RangeError(`${where}: option '${field}' names axis ${k}, but the array has ${ndim} axes`);
      }
      if (!isValue(v)) throw new TypeError(`${where}: option '${field}' axis ${k} is invalid, received ${JSON.stringify(v)}`);
      out[ax] = v;
    }
    return out;
  }
  throw new TypeError(`${where}: option '${field}' is invalid, received ${JSON.stringify(spec)}`);
}

const isDepth = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isBoundary = (v: unknown): v is Boundary => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && MODES.has(v));

export function normalizeDepth(where: string, spec: DepthSpec, ndim: number, op: Function, opParams: unknown): number[] {
  if (spec === 'auto') {
    const fp = footprintOf(op, opParams, ndim);
    if (!fp) {
      throw new TypeError(
        `${where}: option 'depth' is 'auto', but op '${op.name || 'anonymous'}' declares no footprint; pass a number or one per axis`,
      );
    }
    return fp;
  }
  if (typeof spec === 'number' && !isDepth(spec)) {
    throw new RangeError(`${where}: option 'depth' must be a non-negative integer, received ${spec}`);
  }
  return perAxis(where, 'depth', spec, ndim, 0, isDepth);
}

export function normalizeBoundary(where: string, spec: BoundarySpec, ndim: number): Boundary[] {
  if (typeof spec === 'string' && !MODES.has(spec)) {
    throw new TypeError(`${where}: option 'boundary' must be 'reflect', 'periodic', 'nearest', 'none' or a number, received ${JSON.stringify(spec)}`);
  }
  return perAxis(where, 'boundary', spec, ndim, 'none', isBoundary);
}
