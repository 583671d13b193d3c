/**
 * Where a `mapOverlap` block needs a padded halo, and where the op extends the array's edges
 * itself (issue 16: pad only where needed).
 *
 * Dask pads the whole array by `boundary` and hands every block its padded halo. When the op
 * declares a footprint (its reach per axis, `core/footprint.ts`) and the depth covers it on every
 * axis that has neighbours, a block's trimmed result does not depend on the block's edges or on
 * the blocking; then:
 * - the depth read is the op's reach (a larger depth only adds pixels the trim cuts off again);
 *   axes where the op does not reach (σ 0 on a channel axis) get no halo at all;
 * - at the array's outer edges, an op that declares edge modes (gaussian: `mode`, see
 *   `declareEdgeModes`) extends the block itself, with the mode that gives the boundary's values
 *   (scipy 'reflect' for 'reflect', 'nearest', 'wrap' for 'periodic', 'constant' with the number
 *   as `cval`), instead of reading a padded halo there. The op is called with that mode on every
 *   block: at interior faces the halo covers the reach, so the mode never reaches the result.
 *   One mode serves a whole map: with boundary 'none' on an axis the op reaches along, that
 *   axis' edges need the op's own mode, so it is kept and only boundaries giving the same values
 *   are left to the op; otherwise the mode of most reaching axes' boundaries is chosen, and the
 *   other axes are padded as before.
 * - The op's extension equals the padding only where the block holds what it reflects: 'nearest'
 *   and constants always; 'reflect' when the block (clipped to the array) is at least the reach
 *   long, or is the whole axis; 'periodic' only when the block is the whole axis. Elsewhere the
 *   block is padded (`blockBoundary`).
 * - A constant is left to the op only for float inputs that hold it exactly (gaussian scales
 *   integer images, and a float32 array rounds the constant Dask pads with).
 * Results equal Dask's padded ones exactly (tests: test/image-ops/chunked-overlap.test.ts).
 */
import { edgeModesOf, footprintOf, isGlobalReach, type PaddingBoundary } from '../core/footprint.ts';
import type { DType } from '../ndarray/dtype.ts';
import type { Boundary } from './depth.ts';

/** When the op's own mode gives the boundary at an outer edge: always, with enough block, whole axis only. */
export type SelfPad = 'always' | 'reach' | 'whole';

export interface OverlapPlan {
  /** Depth read per axis. */
  depth: number[];
  /** The op's params, with its mode set to the one that gives the boundary. */
  params: Record<string, unknown>;
  /** Per axis, whether (and when) the op extends the array's edges itself; undefined: padded. */
  selfPad: (SelfPad | undefined)[];
  /** The op's reach when results do not depend on the blocking (so blocks may be merged), else undefined. */
  reach: number[] | undefined;
}

const RULE: Record<PaddingBoundary, SelfPad> = { nearest: 'always', constant: 'always', reflect: 'reach', periodic: 'whole' };

interface Mode { mode: string; cval: number }
const sameMode = (a: Mode, b: Mode) => a.mode === b.mode && (a.mode !== 'constant' || Object.is(a.cval, b.cval));

/** A constant the op may fill itself: a float input that stores it exactly. */
function exactConstant(c: number, dtype: DType): boolean {
  return dtype === 'float64' || (dtype === 'float32' && Math.fround(c) === c);
}

/**
 * The depth, params and edge handling of one map (see the file header). `inert` marks axes that
 * are one block with boundary 'none' (no halo ever); `singleInput`: the op takes one array.
 */
export function planOverlap(
  op: Function, params: Record<string, unknown>, shape: readonly number[], dtype: DType,
  depth: readonly number[], boundary: readonly Boundary[], inert: readonly boolean[], singleInput: boolean,
): OverlapPlan {
  const plain: OverlapPlan = { depth: [...depth], params, selfPad: shape.map(() => undefined), reach: undefined };
  if (!singleInput) return plain;
  const fp = footprintOf(op, params, shape);
  if (!fp || isGlobalReach(fp) || fp.length !== shape.length) return plain;
  if (!fp.every((r, ax) => inert[ax] || depth[ax]! >= r)) return plain; // the user's depth is short: seams as in Dask
  const reach = fp.map((r, ax) => (inert[ax] ? 0 : r));
  const edges = edgeModesOf(op, params);
  // With boundary 'none' the op's own mode extends the array's outer edges from the block it is
  // given; a wrapping mode reads the block's far side there, so the result is the block's (as in
  // Dask) and depends on the blocking: such blocks are never merged into tiles.
  const own = edges?.own.mode ?? params.mode;
  const blockwise = (own === 'wrap' || own === 'grid-wrap') && fp.some((r, ax) => r > 0 && !inert[ax] && boundary[ax] === 'none');
  const merged = blockwise ? undefined : fp;
  const withReach: OverlapPlan = { ...plain, depth: reach, reach: merged };
  if (!edges) return withReach;
  const modeOf = (b: Boundary): Mode | undefined => {
    if (b === 'none') return undefined;
    if (typeof b === 'number') {
      const m = edges.boundaries.constant;
      return m !== undefined && exactConstant(b, dtype) ? { mode: m, cval: b } : undefined;
    }
    const m = edges.boundaries[b];
    return m === undefined ? undefined : { mode: m, cval: edges.own.cval };
  };
  const reaching = shape.map((_, ax) => ax).filter((ax) => fp[ax]! > 0);
  let chosen: Mode | undefined;
  if (reaching.some((ax) => boundary[ax] === 'none')) chosen = edges.own;
  else {
    let best = 0;
    for (const ax of reaching) {
      const m = modeOf(boundary[ax]!);
      const votes = m ? reaching.filter((a) => { const o = modeOf(boundary[a]!); return o !== undefined && sameMode(o, m); }).length : 0;
      if (votes > best) { best = votes; chosen = m; }
    }
  }
  if (!chosen) return withReach;
  const mode = chosen;
  const selfPad = shape.map((_, ax) => {
    const b = boundary[ax]!, m = modeOf(b);
    if (fp[ax]! === 0 || !m || !sameMode(m, mode)) return undefined;
    return RULE[typeof b === 'number' ? 'constant' : (b as PaddingBoundary)];
  });
  const params2 = sameMode(mode, edges.own) ? params : edges.withMode(mode.mode, mode.cval);
  return { depth: reach, params: params2, selfPad, reach: merged };
}

/**
 * The boundary one block [start, stop) is padded with: 'none' on axes where the op extends the
 * array's edges itself and the block allows it (see the file header), else the map's boundary.
 */
export function blockBoundary(plan: OverlapPlan, shape: readonly number[], start: readonly number[], stop: readonly number[], boundary: readonly Boundary[]): Boundary[] {
  return boundary.map((b, ax) => {
    const rule = plan.selfPad[ax];
    if (rule === undefined || b === 'none') return b;
    const n = shape[ax]!, d = plan.depth[ax]!;
    const a = Math.max(0, start[ax]! - d), e = Math.min(n, stop[ax]! + d);
    const whole = a === 0 && e === n;
    if (rule === 'always' || whole) return 'none';
    if (rule === 'whole') return b;
    return e - a >= plan.reach![ax]! ? 'none' : b;
  });
}
