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
 * An op whose own boundary modes can stand in for `mapOverlap`'s padding declares which mode gives
 * which boundary's values (`declareEdgeModes`): gaussian's `mode: 'reflect'` extends a block at the
 * array's edge exactly as boundary 'reflect' pads it (scipy's 'reflect' is NumPy's 'symmetric',
 * `d c b a | a b c d`, which is what Dask's 'reflect' pads; scipy's 'mirror' is NumPy's 'reflect',
 * `d c b | a b c d`, which no Dask boundary gives), 'nearest' as 'nearest', 'wrap' as 'periodic',
 * 'constant' with `cval` c as the number c. The declared option must only change values beyond
 * the input's edges, never inside it. Chunked maps then let the op extend the outer edges itself
 * instead of assembling a padded halo there (`chunked/edges.ts`).
 *
 * State: WeakMaps from op function to its footprint function, to its params resolver and to its
 * edge modes.
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

/** The `mapOverlap` boundaries an op's own mode can give (a number boundary is 'constant'). */
export type PaddingBoundary = 'reflect' | 'nearest' | 'periodic' | 'constant';

/** Which option holds an op's boundary mode (and constant), and which mode gives which boundary. */
export interface EdgeModeDecl {
  /** The option naming the op's boundary mode, e.g. 'mode'. */
  readonly modeKey: string;
  /** The option holding the constant of the constant mode, e.g. 'cval'. */
  readonly cvalKey?: string;
  /** Per boundary, the op's mode that extends its input as that boundary pads it. */
  readonly boundaries: Readonly<Partial<Record<PaddingBoundary, string>>>;
}

/** An op's edge modes for given params: its own mode and constant, and how to set another. */
export interface OpEdges extends EdgeModeDecl {
  /** The mode and constant the params give (defaults filled in). */
  readonly own: { readonly mode: string; readonly cval: number };
  /** `params` with the mode (and constant) set. */
  withMode(mode: string, cval: number): Record<string, unknown>;
}

interface EdgeEntry extends EdgeModeDecl { parse(params: unknown): Record<string, unknown> }
const edgeModes = new WeakMap<Function, EdgeEntry>();

/**
 * Record which of `op`'s modes gives which boundary; `parse` fills the params' defaults (the op's
 * schema). Returns `op`.
 */
export function declareEdgeModes<F extends Function>(op: F, decl: EdgeModeDecl, parse: (params: unknown) => Record<string, unknown>): F {
  edgeModes.set(op, { ...decl, parse });
  return op;
}

/** `op`'s declared edge modes for `params`, if it declared them. */
export function edgeModesOf(op: Function, params: unknown): OpEdges | undefined {
  const e = edgeModes.get(op);
  if (!e) return undefined;
  const parsed = e.parse(params);
  const raw = (params ?? {}) as Record<string, unknown>;
  return {
    modeKey: e.modeKey, cvalKey: e.cvalKey, boundaries: e.boundaries,
    own: { mode: String(parsed[e.modeKey]), cval: e.cvalKey ? Number(parsed[e.cvalKey]) : 0 },
    withMode: (mode, cval) => ({ ...raw, [e.modeKey]: mode, ...(e.cvalKey ? { [e.cvalKey]: cval } : {}) }),
  };
}
