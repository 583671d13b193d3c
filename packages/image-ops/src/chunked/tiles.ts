/**
 * Tiles: the boxes a `mapOverlap` runs its op on, when those need not be the array's blocks
 * (issue 16: blocks too small to pay for themselves are merged).
 *
 * Every task costs a fixed amount (dispatch, its result's allocation, storing it), every block
 * reads a halo on each interior face, and every row along the last axis costs a fixed amount
 * more (`ROW_VOXELS`), so many small blocks do much more work than the whole array: a 2×3×3 grid
 * of a 32×256×256 volume with a 16-pixel halo filters 2.3× the voxels of one whole-volume call,
 * and a block cut along the last axis keeps every row of the volume, each shorter. When the op's
 * results do not depend on the blocking (its footprint is covered by the depth: `edges.ts`), the
 * op may run on other boxes, and each output block is cut from the box that holds it.
 *
 * The rule: the cost of a cut is the time the busiest of `workers` workers needs, each task
 * costing its padded voxels, plus `ROW_VOXELS` per row along the last axis, plus `TASK_VOXELS`
 * (largest tasks first onto the least loaded worker). An op that writes each tile's core into the
 * output itself (`cropsHalo`: an into variant, `into.ts`) runs its separable passes along the
 * axes in order, each computing only the rows a later pass reads (`separable.ts`): the pass along
 * axis k computes the tile's core on the axes up to k and its padded extent on the others, and
 * only reads the halo along k (rows loaded into its ring, not filtered: `HALO_READ` of a computed
 * row), so a tile costs the mean over its passes of that box (voxels plus `ROW_VOXELS` per row,
 * as above) — a halo along axis k costs fully in the passes before k, a little in pass k, nothing
 * after. Measured (gaussian into, the slower tile of a 2-cut along axis 0 ÷ along axis 1,
 * σ 1/2/4): 32×256×256 1.03/1.01/1.03, 40×300×250 1.01/0.89/0.89, 64×160×190 0.98/0.99/0.93;
 * this rule says 1.00/1.01/1.02, 1.00/1.01/1.01, 0.99/0.98/0.96 (counting every pass over the
 * padded tile, as for other ops, said 1.07–1.78). Candidates are the array's own grid and
 * even cuts into `workers`, 2, 3 or 4 × `workers` tiles (every way to factor that count over the
 * axes that may be split; each axis' cut points either even or moved to the nearest block
 * boundary), none with a padded tile over `MAX_TILE_BYTES` (then the counts start at the least
 * that respects it). The cheapest cut wins, a cut that is not aligned with the blocks counting
 * `MIN_GAIN` dearer (an output block inside one tile is a view of it); the array's own grid is
 * kept unless the winner is at least `MIN_GAIN` cheaper. So large blocks of whole rows stay as
 * they are, and a volume of small blocks runs as one tile per worker (never more tasks than
 * 4 × `workers` unless the size cap asks for it), cut across an outer axis whose halo costs least.
 * `workers` is the threads scheduler's default pool (the cores) when the map is built, before
 * the compute says how many workers it gets; a compute on another count cuts again (`tiled.ts`).
 *
 * A cut depends only on the spec, and a script computes the same shapes again and again (planning
 * one took 70–90 µs, half of building a small mapOverlap): cuts are remembered by spec.
 * State: the cuts planned, by spec (at most `MEMO_SIZE`, the oldest dropped first), and how many
 * were planned rather than remembered (`tilePlans`).
 */
import { availableParallelism } from 'node:os';
import { shapeSize } from '../ndarray/ndarray.ts';

/** The fixed cost of a task, in voxels filtered: dispatch, its result's allocation, the store. */
export const TASK_VOXELS = 32_768;
/** A tile's padded input is at most this many bytes (unless the array's own blocks are larger). */
export const MAX_TILE_BYTES = 64 * 2 ** 20;
/** A cut must be this much cheaper than the array's own grid to replace it. */
export const MIN_GAIN = 0.05;
const MAX_FACTOR = 4;
/**
 * The fixed cost of a row along the last axis, in voxels: gaussian on 64×160×111 (a last-axis cut
 * of 64×160×190) took 86 % of the whole volume's CPU time for 58 % of its voxels (σ 1: 12.3 of
 * 14.3 ms; σ 4: 21.6 of 27.3 ms), and a cut along axis 1 with 60 % of the voxels took 56 %: about
 * 2.5–7 ns per voxel plus 0.9–1.3 µs per row, i.e. 190–370 voxels.
 */
export const ROW_VOXELS = 256;
/**
 * What a halo voxel that a pass only reads costs, as a share of one it computes (`cropsHalo`):
 * gaussian into on slabs of 16 planes of 64×256×256, a 4/8/16-plane halo along axis 0 cost
 * 0.17/0.28/0.15 of filtering those planes in one pass (along axis 1, filtered in pass 0: 0.96–1.01).
 */
export const HALO_READ = 0.2;

export interface TileSpec {
  shape: readonly number[];
  /** The array's block lengths per axis. */
  chunks: readonly (readonly number[])[];
  /** Halo per axis. */
  depth: readonly number[];
  /** Per axis: the halo is padded at the array's edges too (else the block is clipped there). */
  padsEdges: readonly boolean[];
  /** Per axis: tiles may cut it (else it stays whole unless the array's grid cuts it). */
  splittable: readonly boolean[];
  /**
   * The op writes each tile's core into the output itself, its passes along the axes in order
   * skipping the halo rows no later pass reads (see the file header). @default false
   */
  cropsHalo?: boolean;
  itemBytes: number;
  /** @default os.availableParallelism(), the threads scheduler's default pool */
  workers?: number;
}

/** Block lengths per axis; an array's grid is one cut. */
type Cut = number[][];

/** One axis cut into lengths: the padded length of each piece (and the largest), and whether it keeps to the blocks. */
interface AxisOption { lens: number[]; padded: number[]; maxPadded: number; aligned: boolean }

function axisOption(spec: TileSpec, ax: number, lens: number[]): AxisOption {
  const d = spec.depth[ax]!, n = spec.shape[ax]!, pads = spec.padsEdges[ax]!;
  const bounds = new Set<number>();
  let s = 0;
  for (const c of spec.chunks[ax]!) bounds.add((s += c));
  s = 0;
  let aligned = true;
  const padded = lens.map((len) => {
    const a = s, e = s + len;
    s = e;
    if (!bounds.has(e)) aligned = false;
    return len + (pads ? d : Math.min(d, a)) + (pads ? d : Math.min(d, n - e));
  });
  return { lens, padded, maxPadded: Math.max(...padded), aligned };
}

/** Every product of one entry per list (the boxes of a cut given per axis), in C order. */
function products(lists: readonly (readonly number[])[]): number[] {
  let out = [1];
  for (const l of lists) {
    const next = new Array<number>(out.length * l.length);
    let k = 0;
    for (const v of out) for (const p of l) next[k++] = v * p;
    out = next;
  }
  return out;
}

/** Padded voxels of every box of a cut given per axis. */
const paddedSizes = (options: readonly AxisOption[]): number[] => products(options.map((o) => o.padded));

/**
 * The work of every box of a cut (C order): its padded voxels plus `ROW_VOXELS` per row along the
 * last axis; with `cropsHalo`, the mean of that over the passes, pass k counting the core on the
 * axes up to k and `HALO_READ` of the halo it reads along k (see the file header).
 */
function works(options: readonly AxisOption[], cropsHalo: boolean): number[] {
  const nd = options.length, passes = cropsHalo ? Math.max(1, nd) : 1;
  const out: number[] = [];
  const idx = new Array<number>(nd).fill(0);
  for (;;) {
    let w = 0;
    for (let k = 0; k < passes; k++) {
      // The box pass k computes, and the one it reads (its halo along k too).
      let computed = 1, read = 1;
      for (let ax = 0; ax < nd; ax++) {
        const o = options[ax]!, padded = o.padded[idx[ax]!]!;
        const len = cropsHalo && ax <= k ? o.lens[idx[ax]!]! : padded;
        const row = ax === nd - 1 ? ROW_VOXELS : 0;
        computed *= len + row;
        read *= (ax === k ? padded : len) + row;
      }
      w += computed + HALO_READ * (read - computed);
    }
    out.push(w / passes);
    let ax = nd - 1;
    for (; ax >= 0; ax--) {
      if (++idx[ax]! < options[ax]!.lens.length) break;
      idx[ax] = 0;
    }
    if (ax < 0) return out;
  }
}

/** Makespan of the cut on `workers` workers, largest tasks first onto the least loaded. */
function cost(sizes: number[], workers: number): number {
  const load = new Array<number>(workers).fill(0);
  for (const s of sizes.sort((a, b) => b - a)) {
    let w = 0;
    for (let k = 1; k < workers; k++) if (load[k]! < load[w]!) w = k;
    load[w]! += s + TASK_VOXELS;
  }
  return Math.max(...load);
}

/** `n` split into `k` near-equal lengths; and the same cut moved to the nearest block boundaries. */
function axisCuts(n: number, k: number, blocks: readonly number[]): number[][] {
  const even = Array.from({ length: k }, (_, i) => Math.floor(((i + 1) * n) / k) - Math.floor((i * n) / k));
  const bounds = [0];
  for (const b of blocks) bounds.push(bounds[bounds.length - 1]! + b);
  const snapped = [0];
  for (let i = 1; i < k; i++) {
    const p = Math.floor((i * n) / k);
    const q = bounds.reduce((best, b) => (Math.abs(b - p) < Math.abs(best - p) ? b : best), 0);
    if (q > snapped[snapped.length - 1]! && q < n) snapped.push(q);
  }
  snapped.push(n);
  const aligned = snapped.slice(1).map((e, i) => e - snapped[i]!);
  return aligned.length === k && aligned.some((l, i) => l !== even[i]) ? [even, aligned] : [even];
}

/** Every way to write `count` as a product of per-axis counts (1 on axes that may not be split). */
function factorings(count: number, shape: readonly number[], splittable: readonly boolean[]): number[][] {
  const out: number[][] = [];
  const walk = (ax: number, left: number, acc: number[]) => {
    if (ax === shape.length) { if (left === 1) out.push(acc); return; }
    for (let k = 1; k <= left; k++) {
      if (left % k !== 0 || k > shape[ax]! || (k > 1 && !splittable[ax])) continue;
      walk(ax + 1, left / k, [...acc, k]);
    }
  };
  walk(0, count, []);
  return out;
}

/** Most cuts remembered. */
const MEMO_SIZE = 256;
const planned = new Map<string, number[][] | undefined>();
let plans = 0;

/** How many cuts were planned (not remembered) since the process started. */
export function tilePlans(): number {
  return plans;
}

/** The worker count a cut is planned for: `workers`, or the threads scheduler's default pool (the cores). */
export function tileWorkers(workers?: number): number {
  return Math.max(1, workers ?? availableParallelism());
}

/**
 * The tile lengths per axis to run the op on, or undefined to keep the array's own blocks (see
 * the file header for the rule). A fresh copy each call: the caller may change it.
 */
export function planTiles(spec: TileSpec): number[][] | undefined {
  const workers = tileWorkers(spec.workers);
  const key = JSON.stringify([spec.shape, spec.chunks, spec.depth, spec.padsEdges, spec.splittable, spec.cropsHalo === true, spec.itemBytes, workers]);
  let cut = planned.get(key);
  if (cut === undefined && !planned.has(key)) {
    cut = chooseTiles(spec, workers);
    plans++;
    if (planned.size >= MEMO_SIZE) planned.delete(planned.keys().next().value!);
    planned.set(key, cut);
  }
  return cut?.map((lens) => [...lens]);
}

function chooseTiles(spec: TileSpec, workers: number): number[][] | undefined {
  const ownOptions = spec.chunks.map((c, ax) => axisOption(spec, ax, [...c]));
  const ownSizes = paddedSizes(ownOptions);
  const crops = spec.cropsHalo === true;
  const ownCost = cost(works(ownOptions, crops), workers);
  const cap = Math.max(MAX_TILE_BYTES, Math.max(...ownSizes) * spec.itemBytes);
  const first = Math.max(1, Math.ceil((shapeSize(spec.shape) * spec.itemBytes) / cap / workers));
  const memo = new Map<string, AxisOption[]>();
  const optionsOf = (ax: number, k: number) => {
    const key = `${ax}:${k}`;
    let o = memo.get(key);
    if (!o) memo.set(key, (o = axisCuts(spec.shape[ax]!, k, spec.chunks[ax]!).map((lens) => axisOption(spec, ax, lens))));
    return o;
  };
  let best: { cut: Cut; cost: number; score: number } | undefined;
  for (let m = first; m < first + MAX_FACTOR; m++) {
    for (const counts of factorings(m * workers, spec.shape, spec.splittable)) {
      let combos: AxisOption[][] = [[]];
      counts.forEach((k, ax) => { combos = combos.flatMap((c) => optionsOf(ax, k).map((o) => [...c, o])); });
      for (const options of combos) {
        if (options.reduce((v, o) => v * o.maxPadded, 1) * spec.itemBytes > cap) continue;
        const c = cost(works(options, crops), workers);
        const score = c * (options.every((o) => o.aligned) ? 1 : 1 + MIN_GAIN);
        if (!best || score < best.score) best = { cut: options.map((o) => o.lens), cost: c, score };
      }
    }
  }
  if (!best || best.cost > ownCost * (1 - MIN_GAIN)) return undefined;
  return best.cut;
}
