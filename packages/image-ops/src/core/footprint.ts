/**
 * Footprints: how far an op reaches, so chunked processing knows the halo it needs.
 *
 * `gaussian(x, { sigma: 3 })` reads pixels up to `floor(truncate·sigma + 0.5) = 12` away along each
 * axis, so a chunk needs a 12-pixel halo for its result to match the whole-image result
 * (DESIGN.md §10). An op declares a function from (params, ndim) to the reach per axis; ops that
 * look at every pixel of their input (Otsu, label, equalizeHist) declare nothing and cannot be
 * mapped over overlapping chunks with `depth: 'auto'`.
 *
 * State: a WeakMap from op function to its footprint function.
 */

/** Reach per axis, in pixels, for the given op params and input dimensionality. */
export type FootprintFn<P = never> = (params: P, ndim: number) => number[];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const footprints = new WeakMap<Function, FootprintFn<any>>();

/** Record that `op`'s reach is `footprint(params, ndim)`; returns `op`. */
export function declareFootprint<F extends Function, P>(op: F, footprint: FootprintFn<P>): F {
  footprints.set(op, footprint);
  return op;
}

/** The reach of `op` per axis for `params` on an `ndim`-dimensional input, if it declared one. */
export function footprintOf(op: Function, params: unknown, ndim: number): number[] | undefined {
  const f = footprints.get(op);
  return f ? f(params as never, ndim) : undefined;
}

/** Footprint of an op that reaches `radius` pixels along every axis. */
export const uniformFootprint = (radius: number): FootprintFn<unknown> => (_p, ndim) => new Array(ndim).fill(radius);
