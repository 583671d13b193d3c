/**
 * Footprints: how far an op reaches, so chunked processing knows the halo it needs.
 *
 * `gaussian(x, { sigma: 3 })` reads pixels up to `floor(truncate·sigma + 0.5) = 12` away along each
 * axis, so a chunk needs a 12-pixel halo for its result to match the whole-image result
 * (DESIGN.md §11). Every image op declares one of (through its `defineOp`, core/defineOp.ts):
 * - a footprint function from (params, shape of the WHOLE array) to the reach per axis — 0 on
 *   every axis for pointwise ops (`pointwiseFootprint`);
 * - `globalFootprint(why)`: the result depends on the whole image (Otsu, label, equalizeHist), so
 *   no finite halo makes chunks match and `depth: 'auto'` is refused with `why`. A footprint
 *   function may also return `globalReach(why)` for some params only (rescaleIntensity with
 *   `inRange: 'image'`).
 *
 * Some ops pick parameters from their input's shape (gaussian takes a 3-D image whose last axis
 * has length 3 as RGB unless `channelAxis` is given). Per block that guess can differ from the
 * whole array's, so such an op also declares a resolver (`declareParamsResolver`) that turns its
 * params into explicit ones for the whole array's shape; chunked arrays resolve params once and
 * give every block the same explicit params.
 *
 * State: WeakMaps from op function to its footprint function and to its params resolver.
 */

/** The op needs the whole image; `why` says what makes it global. */
export interface GlobalReach { readonly global: string }

/** Reach per axis, in pixels (or global), for the given op params and whole-array shape. */
export type FootprintFn<P = never> = (params: P, shape: readonly number[]) => number[] | GlobalReach;

/** Explicit params for an input of the given whole-array shape. */
export type ParamsResolver<P = never> = (params: P, shape: readonly number[]) => P;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each op types its own params
const footprints = new WeakMap<Function, FootprintFn<any>>();
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each op types its own params
const resolvers = new WeakMap<Function, ParamsResolver<any>>();

/** Record that `op`'s reach is `footprint(params, shape)`; returns `op`. */
export function declareFootprint<F extends Function, P>(op: F, footprint: FootprintFn<P>): F {
  footprints.set(op, footprint);
  return op;
}

/** Record how `op` turns shape-dependent defaults into explicit params; returns `op`. */
export function declareParamsResolver<F extends Function, P>(op: F, resolve: ParamsResolver<P>): F {
  resolvers.set(op, resolve);
  return op;
}

/** `params` made explicit for an input of the whole-array `shape` (unchanged without a resolver). */
export function resolveParams<P>(op: Function, params: P, shape: readonly number[]): P {
  const r = resolvers.get(op);
  return r ? (r(params as never, shape) as P) : params;
}

/**
 * The reach of `op` per axis for `params` on an input of the whole-array `shape` (params resolved
 * for that shape first), if it declared a footprint.
 */
export function footprintOf(op: Function, params: unknown, shape: readonly number[]): number[] | GlobalReach | undefined {
  const f = footprints.get(op);
  return f ? f(resolveParams(op, params, shape) as never, shape) : undefined;
}

export const isGlobalReach = (r: unknown): r is GlobalReach =>
  typeof r === 'object' && r !== null && typeof (r as GlobalReach).global === 'string';

/** A global reach explained by `why` (e.g. "its threshold is computed from every pixel"). */
export const globalReach = (why: string): GlobalReach => ({ global: why });

/** Footprint of an op that reaches `radius` pixels along every axis. */
export const uniformFootprint = (radius: number): FootprintFn<unknown> => (_p, shape) => shape.map(() => radius);

/** Footprint of a pointwise op: each output pixel depends only on the same input pixel. */
export const pointwiseFootprint: FootprintFn<unknown> = uniformFootprint(0);

/** Footprint of an op whose result depends on the whole image, for the reason `why`. */
export const globalFootprint = (why: string): FootprintFn<unknown> => () => globalReach(why);
