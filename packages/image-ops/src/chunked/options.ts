/**
 * The options of `chunked`, `mapBlocks` and `mapOverlap`, checked before any task is built.
 *
 * `mapBlocks`/`mapOverlap` take one options object holding their own keys (below) and the op's
 * params (everything else), as Dask's `map_blocks(func, **kwargs)`. The split is checked both
 * ways:
 * - in TypeScript, the options type is the own keys intersected with the op's own options type
 *   (its second parameter), with no index signature, so a misspelled key is a compile error;
 *   an op whose second parameter is untyped (`any`) or absent may take any keys;
 * - at run time (build time of the graph), own keys are parsed by strict zod schemas, and the
 *   rest by the op's declared schema (`core/opOptions.ts`), so an unknown key is an error naming
 *   it. The user's own ops declare no schema and take any keys.
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { checkOpOptions } from '../core/opOptions.ts';
import { DTYPES, type DType } from '../ndarray/dtype.ts';
import type { BoundarySpec, DepthSpec } from './depth.ts';
import type { ChunkSpec } from './grid.ts';

/**
 * Output chunks of `mapBlocks` (Dask's `chunks=`), one entry per output axis: a number is the
 * length of every block along that axis, a list gives each block's length.
 */
export type BlockChunks = readonly (number | readonly number[])[];

export interface MapBlocksOptions {
  /** Output block lengths per output axis, when the op changes the block's shape. @default the input's */
  chunks?: BlockChunks;
  /** Output dtype. @default inferred once by running the op on a small zero block */
  dtype?: DType;
  /** Input axes the op removes (each must be one chunk). @default [] */
  dropAxis?: number | readonly number[];
  /** Positions of axes the op adds to its result (length 1 unless `chunks` says otherwise). @default [] */
  newAxis?: number | readonly number[];
  /** Task name prefix. @default the op's name */
  name?: string;
}

export interface MapOverlapOptions extends MapBlocksOptions {
  /** Halo per axis: a number, per-axis list, `{ [axis]: n }`, or 'auto' (the op's footprint). */
  depth: DepthSpec;
  /** Fill beyond the array's edges. @default 'none' (the op's own edge handling applies, as in Dask ≥ 2023) */
  boundary?: BoundarySpec;
  /** Cut the halo off each result block (on the output's axes that come from the input). @default true */
  trim?: boolean;
}

export interface ChunkedOptions {
  /** Block lengths: per axis, per-axis lists, or 'auto'. @default 'auto' */
  chunks?: ChunkSpec;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each op types its own block and params
type AnyOp = (block: any, params?: any, ...rest: any[]) => unknown;

/**
 * The op's own options type (its second parameter), or any keys when it has none or it is
 * untyped. Intersected with the own options, a misspelled key is a TypeScript error.
 */
export type OpParams<F> = [F] extends [never] ? Record<string, unknown> : F extends (block: never, params: infer P, ...rest: never[]) => unknown
  ? unknown extends P ? Record<string, unknown> : NonNullable<P>
  : F extends AnyOp ? Record<string, unknown> : never;

const axes = z.union([z.number().int(), z.array(z.number().int())]);
const blockChunks = z.array(z.union([z.number().int().nonnegative(), z.array(z.number().int().nonnegative())]));

const blocksShape = {
  chunks: blockChunks.optional(),
  dtype: z.enum(DTYPES as [DType, ...DType[]]).optional(),
  dropAxis: axes.default([]),
  newAxis: axes.default([]),
  name: z.string().min(1).optional(),
};
const chunkSpec = z.union([z.literal('auto'), z.number(), z.array(z.union([z.number(), z.array(z.number())]))], {
  error: "expected 'auto', a block length, or a list with per axis a block length or a list of block lengths",
});
const perAxisValue = z.union([z.number(), z.string(), z.array(z.unknown()), z.record(z.string(), z.unknown())]);
const overlapShape = { ...blocksShape, depth: perAxisValue, boundary: perAxisValue.default('none'), trim: z.boolean().default(true) };

const blocksSchema = z.strictObject(blocksShape);
const overlapSchema = z.strictObject(overlapShape);
const chunkedSchema = z.strictObject({ chunks: chunkSpec.default('auto') });

export type ParsedBlocks = Omit<z.output<typeof blocksSchema>, 'dropAxis' | 'newAxis'> & { dropAxis: number[]; newAxis: number[] };
export type ParsedOverlap = ParsedBlocks & { depth: DepthSpec; boundary: BoundarySpec; trim: boolean };

const asList = (v: number | readonly number[]): number[] => (typeof v === 'number' ? [v] : [...v]);

/** Split `options` into own keys and the op's params, checking both (see the file header). */
function split(where: string, op: Function, options: unknown, own: Record<string, z.ZodType>) {
  if (typeof op !== 'function') {
    const given: unknown = op; // JavaScript callers can pass anything
    const received = typeof given === 'string' ? JSON.stringify(given) : typeof given === 'object' && given !== null ? 'an object' : String(given);
    throw new TypeError(`${where}: argument 'op' must be a function (an op such as filters.gaussian, or your own), received ${received}`);
  }
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw new TypeError(`${where}: options must be an object, received ${Array.isArray(options) ? 'an array' : JSON.stringify(options)}`);
  }
  const mine: Record<string, unknown> = {};
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options ?? {})) (Object.hasOwn(own, k) ? mine : params)[k] = v;
  checkOpOptions(where, op, params, Object.keys(own));
  return { mine, params };
}

export function parseMapBlocksOptions(where: string, op: Function, options: unknown): { own: ParsedBlocks; params: Record<string, unknown> } {
  const { mine, params } = split(where, op, options, blocksShape);
  const o = parseOptions(where, blocksSchema, mine);
  return { own: { ...o, dropAxis: asList(o.dropAxis), newAxis: asList(o.newAxis) }, params };
}

export function parseMapOverlapOptions(where: string, op: Function, options: unknown): { own: ParsedOverlap; params: Record<string, unknown> } {
  const { mine, params } = split(where, op, options, overlapShape);
  if (!('depth' in mine)) throw new TypeError(`${where}: option 'depth' is required (a number, one per axis, { [axis]: n } or 'auto')`);
  const o = parseOptions(where, overlapSchema, mine);
  return {
    own: { ...o, dropAxis: asList(o.dropAxis), newAxis: asList(o.newAxis), depth: o.depth as DepthSpec, boundary: o.boundary as BoundarySpec },
    params,
  };
}

export function parseChunkedOptions(where: string, options: unknown): { chunks: ChunkSpec } {
  return parseOptions(where, chunkedSchema, options) as { chunks: ChunkSpec };
}
