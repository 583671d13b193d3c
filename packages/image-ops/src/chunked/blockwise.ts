/**
 * Blockwise maps (`mapBlocks`, `mapOverlap`, one or several inputs): the output's grid and dtype
 * are known before the run, and every block is checked against them — never guessed.
 *
 * - Output axes: the input's, minus `dropAxis` (input axes, each made one chunk first), plus
 *   `newAxis` (positions in the output, one block of length 1 unless `chunks` says otherwise).
 * - Output chunks: given (`chunks`, per output axis a block length or a list of them, as Dask's
 *   `map_blocks(chunks=)`), else declared by the op, else the input's along the axes it keeps.
 * - Declared: an op may declare its result's shape and dtype per input block
 *   (`core/blockOutput.ts`); then neither `chunks` nor a probe call is needed.
 * - dtype: given, else declared, else inferred once, when the graph is built, by calling the op on small zero
 *   blocks (at most 8 along each axis, the inputs' dtypes) — Dask's meta. That call also tells
 *   when the op changes the block shape without `chunks` having said so: a build-time error.
 *   With `dtype` given the op is not called before the run (it may be costly or have effects).
 * - Every block's result passes `checkResult` (a cheap step fused into the block's task): a shape
 *   or dtype other than expected fails the compute with a TaskError naming the block index and
 *   both shapes. Under `mapOverlap` the op sees the padded block; the expected result is the
 *   output block plus the halo on the output axes that come from input axes, and `trim` cuts
 *   exactly that halo off.
 * - Under `mapOverlap`, halos are read only where the op needs them and the op extends the
 *   array's outer edges itself where its mode gives the boundary (`edges.ts`); small blocks run
 *   merged into larger tiles when results do not depend on the blocking (`tiles.ts`); an op with
 *   an into variant (gaussian) writes each tile's or block's core straight into `compute()`'s
 *   output, with no trimmed copy (`into.ts`).
 * - Several inputs: the op is called as `op(blockA, blockB, ..., params)`; arrays are brought to
 *   one chunk grid first (`unify.ts`), numbers are passed as they are to every block.
 */
import { delayed, type Delayed } from 'dusk-graph';
import { funcName } from 'dusk-graph/internal';
import { blockOutputOf, type BlockMeta } from '../core/blockOutput.ts';
import { resolveParams } from '../core/footprint.ts';
import { zeros } from '../ndarray/create.ts';
import type { DType } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { normalizeAxis } from '../util/checks.ts';
import { isChunked } from './brand.ts';
import type { ChunkedArray } from './chunked.ts';
import { normalizeBoundary, normalizeDepth, type Boundary } from './depth.ts';
import { ChunkGrid } from './grid.ts';
import { intoOf, intoStore } from './into.ts';
import { kernels } from './kernels.ts';
import type { BlockChunks, ParsedBlocks, ParsedOverlap } from './options.ts';
import { blockBoundary, planOverlap, type OverlapPlan } from './edges.ts';
import { paddedRegion } from './pad.ts';
import { paddedTask } from './region.ts';
import { tiledOverlap } from './tiled.ts';
import { unifyChunks } from './unify.ts';

export type BlockInput = ChunkedArray | number;

/** Per output axis: the input axis it comes from, or -1 for a new axis. */
export function outputLayout(where: string, ndimIn: number, dropAxis: readonly number[], newAxis: readonly number[]): number[] {
  const drop = new Set(dropAxis.map((a) => normalizeAxis(where, 'dropAxis', a, ndimIn)));
  const ndimOut = ndimIn - drop.size + newAxis.length;
  const fresh = new Set(newAxis.map((a) => normalizeAxis(where, 'newAxis', a, ndimOut)));
  if (fresh.size !== newAxis.length) throw new RangeError(`${where}: option 'newAxis' repeats an axis: [${newAxis.join(', ')}]`);
  const kept = [...Array(ndimIn).keys()].filter((a) => !drop.has(a));
  let k = 0;
  return Array.from({ length: ndimOut }, (_, ax) => (fresh.has(ax) ? -1 : kept[k++]!));
}

/** Output chunk lengths per output axis, from `chunks` or else the visible grid's axes. */
function outputChunks(where: string, grid: ChunkGrid, layout: readonly number[], chunks: BlockChunks | undefined): number[][] {
  if (chunks && chunks.length !== layout.length) {
    throw new RangeError(`${where}: option 'chunks' needs one entry per output axis (${layout.length}), received ${chunks.length}: ${JSON.stringify(chunks)}`);
  }
  return layout.map((s, k) => {
    const nb = s >= 0 ? grid.chunks[s]!.length : 1;
    const spec = chunks?.[k];
    if (spec === undefined) return s >= 0 ? [...grid.chunks[s]!] : [1];
    if (typeof spec === 'number') return new Array<number>(nb).fill(spec);
    if (spec.length !== nb) {
      throw new RangeError(`${where}: option 'chunks' lists ${spec.length} block lengths for output axis ${k}, but there are ${nb} blocks along it`);
    }
    return [...spec];
  });
}

const show = (s: readonly number[]) => `[${s.join(', ')}]`;

/**
 * Output chunks from the op's declared result per block (`core/blockOutput.ts`), minus the halo
 * `trim` cuts; the declared shapes must form a grid (a block's length along an axis may depend
 * only on its index along that axis).
 */
function declaredChunks(where: string, name: string, metas: readonly BlockMeta[], grid: ChunkGrid, layout: readonly number[], halo: (k: number, s: number) => number): number[][] {
  if (metas[0]!.shape.length !== layout.length) {
    throw new RangeError(`${where}: op '${name}' declares ${metas[0]!.shape.length}-d results, but the output has ${layout.length} axes; pass dropAxis/newAxis`);
  }
  const along = (s: number, i: number) => grid.flat(grid.numBlocks.map((_, a) => (a === s ? i : 0)));
  const chunks = layout.map((s, ax) => (s >= 0
    ? grid.chunks[s]!.map((_, i) => metas[along(s, i)]!.shape[ax]! - halo(along(s, i), s))
    : [metas[0]!.shape[ax]!]));
  grid.blocks().forEach((b, k) => {
    const want = layout.map((s, ax) => (s >= 0 ? chunks[ax]![b.index[s]!]! + halo(k, s) : chunks[ax]![0]!));
    if (metas[k]!.shape.some((n, ax) => n !== want[ax])) {
      throw new RangeError(`${where}: op '${name}' declares shape ${show(metas[k]!.shape)} for block (${b.index.join(', ')}), which does not fit the grid of the other blocks (${show(want)}); pass { chunks }`);
    }
  });
  return chunks;
}

/**
 * Call the op once on small zero blocks: its dtype, and a build-time error when it changes the
 * shape on axes whose output lengths were not given.
 */
function probe(where: string, op: Function, inputs: readonly BlockInput[], params: unknown, visible: readonly number[], layout: readonly number[], chunks: BlockChunks | undefined): DType {
  const meta = visible.map((n) => Math.min(n, 8));
  const args = inputs.map((x) => (typeof x === 'number' ? x : zeros(meta, { dtype: x.dtype, shared: false })));
  const name = op.name || 'op';
  let result: unknown, why = '';
  try {
    result = op(...args, params);
  } catch (e) {
    why = `it threw ${(e as Error).message}`;
  }
  if (result instanceof Promise) {
    result.catch(() => {});
    why = 'it returns a Promise';
  } else if (!why && !(result instanceof NDArray)) why = 'it did not return an NDArray';
  if (why) {
    throw new TypeError(`${where}: cannot infer the output dtype by running '${name}' on a small block (${why}); pass { dtype }`);
  }
  const r = result as NDArray;
  const expect = layout.map((s, k) => (chunks?.[k] !== undefined ? undefined : s >= 0 ? meta[s]! : 1));
  if (r.ndim !== layout.length || expect.some((n, k) => n !== undefined && n !== r.shape[k])) {
    throw new RangeError(
      `${where}: op '${name}' turned a block of shape ${show(meta)} (a small block of zeros dusk calls it on to learn its output) into ${show(r.shape)}, ` +
        `expected ${show(expect.map((n, k) => n ?? r.shape[k] ?? '?') as number[])} (the block's axes${layout.some((s) => s < 0) ? ', newAxis added' : ''}` +
        `${layout.length < meta.length ? ', dropAxis removed' : ''}); when the op changes the block's shape, say how with { chunks, dropAxis, newAxis }`,
    );
  }
  return r.dtype;
}

interface BuildSpec {
  where: string;
  op: Function;
  inputs: BlockInput[];
  own: ParsedBlocks & Partial<Pick<ParsedOverlap, 'depth' | 'boundary' | 'trim'>>;
  params: Record<string, unknown>;
  overlap: boolean;
}

/** The arrays of `inputs` on one grid, with dropped axes made one chunk. */
function prepare(where: string, inputs: BlockInput[], dropAxis: readonly number[]): { arrays: BlockInput[]; first: ChunkedArray } {
  const first = inputs.find(isChunked);
  if (!first) throw new TypeError(`${where}: needs at least one ChunkedArray among its inputs`);
  const bad = inputs.findIndex((x) => !isChunked(x) && typeof x !== 'number');
  if (bad >= 0) throw new TypeError(`${where}: input ${bad} must be a ChunkedArray or a number, received ${typeof inputs[bad]}`);
  const drop = dropAxis.map((a) => normalizeAxis(where, 'dropAxis', a, first.ndim));
  const whole = (c: ChunkedArray) => (drop.some((ax) => c.chunks[ax]!.length > 1) ? c.rechunk(c.shape.map((_, ax) => (drop.includes(ax) ? -1 : [...c.chunks[ax]!]))) : c);
  const unified = unifyChunks(where, inputs.map((x) => (isChunked(x) ? whole(x) : x)));
  return { arrays: unified, first: unified.find(isChunked)! };
}

export function blockwise(spec: BuildSpec): ChunkedArray {
  const { where, op, own } = spec;
  const { arrays, first } = prepare(where, spec.inputs, own.dropAxis);
  let params = resolveParams(op, spec.params, first.shape);
  const layout = outputLayout(where, first.ndim, own.dropAxis, own.newAxis);
  let depth = first.shape.map(() => 0);
  let boundary: Boundary[] = first.shape.map(() => 'none');
  let plan: OverlapPlan | undefined;
  if (spec.overlap) {
    boundary = normalizeBoundary(where, own.boundary ?? 'none', first.ndim);
    const inert = boundary.map((b, ax) => b === 'none' && first.chunks[ax]!.length === 1);
    depth = normalizeDepth(where, own.depth!, first.shape, op, params, inert);
    // Pad only where needed: the op's reach as depth, its own mode at the array's edges (`edges.ts`).
    plan = planOverlap(op, params, first.shape, first.dtype, depth, boundary, inert, arrays.length === 1);
    ({ depth, params } = plan);
  }
  const trim = spec.overlap && (own.trim ?? true);
  const blocks = first.grid.blocks();
  const bounds = blocks.map((b) => (plan ? blockBoundary(plan, first.shape, b.start, b.stop, boundary) : boundary));
  const regions = blocks.map((b, k) => paddedRegion(first.shape, b.start, b.stop, depth, bounds[k]!));
  // The grid of the blocks the op sees (padded under mapOverlap): lengths along an axis depend
  // only on the block's index along it.
  const seen = new ChunkGrid(first.shape, first.chunks.map((c, ax) => c.map((n, i) => {
    const r = regions[first.grid.flat(first.grid.numBlocks.map((_, a) => (a === ax ? i : 0)))]!;
    return n + r.lo[ax]! + r.hi[ax]!;
  })));
  const halo = (k: number, s: number) => (trim ? regions[k]!.lo[s]! + regions[k]!.hi[s]! : 0);
  const declared = blockOutputOf(op);
  // Asked once per distinct padded block shape (each ask parses the op's options).
  const metaOf = new Map<string, BlockMeta>();
  const metas = declared && blocks.map((_, k) => {
    const shape = regions[k]!.stop.map((e, ax) => e - regions[k]!.start[ax]!);
    const key = shape.join(',');
    let m = metaOf.get(key);
    if (!m) metaOf.set(key, (m = declared(params, arrays.filter((x): x is ChunkedArray => typeof x !== 'number').map((a) => ({ shape, dtype: a.dtype })))));
    return m;
  });
  const outChunks = metas && !own.chunks
    ? declaredChunks(where, op.name || 'op', metas, first.grid, layout, halo)
    : outputChunks(where, trim || !spec.overlap ? first.grid : seen, layout, own.chunks);
  const dtype = own.dtype ?? metas?.[0]!.dtype ?? probe(where, op, arrays, params, seen.chunks.map((c) => c[0]!), layout, own.chunks);
  const name = own.name ?? funcName(op);
  const call = delayed(op as (...a: unknown[]) => NDArray, { name });
  // Blocks too small to pay for themselves: the op runs on larger tiles (`tiles.ts`, `tiled.ts`).
  const keepsGrid = trim && layout.length === first.ndim && outChunks.length === first.ndim && layout.every((s, k) => s === k) && outChunks.every((c, ax) => c.length === first.chunks[ax]!.length && c.every((n, i) => n === first.chunks[ax]![i]));
  // The op's into variant writes each tile's (or block's) core into the output (`into.ts`).
  const into = spec.overlap && keepsGrid && arrays.length === 1 && metas?.[0]!.dtype === dtype ? intoOf(op) : undefined;
  if (plan?.reach && keepsGrid && arrays.length === 1) {
    const tiled = tiledOverlap({ where, name, call, array: first, plan, boundary, params, dtype, into });
    if (tiled) return first.derive(new ChunkGrid(first.shape, first.chunks), dtype, tiled);
  }
  const taskLists = arrays.map((x) => (typeof x === 'number' ? undefined : x.blockTasks()));
  const reads = spec.overlap ? blocks.map((b, k) => arrays.map((x) => (typeof x === 'number' ? x : paddedTask(x, b.start, b.stop, depth, bounds[k]!)))) : undefined;
  const out: Delayed<NDArray>[] = blocks.map((b, k) => {
    const args = arrays.map((x, i) => (reads ? reads[k]![i] : typeof x === 'number' ? x : taskLists[i]![k]!));
    const result = call(...args, params) as Delayed<NDArray>;
    const outIdx = layout.map((s) => (s >= 0 ? b.index[s]! : 0));
    const cut = layout.map((s) => (trim && s >= 0 ? [regions[k]!.lo[s]!, regions[k]!.hi[s]!] : [0, 0]));
    const expect = outIdx.map((i, ax) => outChunks[ax]![i]! + cut[ax]![0]! + cut[ax]![1]!);
    const checked = delayed(kernels.checkResult)(result, expect, dtype, where, name, [...b.index]);
    return trim ? delayed(kernels.trimBlock)(checked, cut.map((h) => h[0]!), cut.map((h) => h[1]!)) : checked;
  });
  const shape = outChunks.map((c) => c.reduce((a, x) => a + x, 0));
  const store = into && reads && intoStore(into, name, params, blocks.map((b, k) => ({ read: reads[k]![0] as Delayed<NDArray>, start: b.start, lo: regions[k]!.lo, hi: regions[k]!.hi })));
  return first.derive(new ChunkGrid(shape, outChunks), dtype, store ? { blocks: out, store } : { blocks: out });
}
