/**
 * `defineOp`: the one call that makes a function an image op. An op file ends with
 *
 *   defineOp(import.meta.url, { name: 'gaussian', fn: gaussian, schema, footprint, blockOutput, resolve });
 *
 * and its family's index re-exports it (one line per op). The call does, in one go:
 * - worker registration (`defineOps` of dusk-graph, keyed by the op file's URL and `name`), so
 *   `delayed(filters.gaussian)` runs on worker threads;
 * - the options schema (`declareOptions`): the only place the op's defaults live. The op parses
 *   its options with it; the footprint, block output and resolver receive options parsed with it
 *   (defaults filled in), so none of them restates a default. The TSDoc `@default` tags of the
 *   options interface are checked against it by a test (test/image-ops/op-registry.test.ts);
 * - the footprint (`declareFootprint`), the optional block output (`declareBlockOutput`),
 *   params resolver (`declareParamsResolver`) and edge modes (`declareEdgeModes`);
 * - an entry in the op list (`definedOps()`), from which the parity runner derives the op's
 *   adapter: scikit-image's name is the folder (the family) and the snake_cased name
 *   (`filters/edges.ts`, `sobelH` → `filters.sobel_h`); the fixture case's first input is the
 *   image, further inputs become the options named in `parityInputs` (`['mask']`).
 *
 * State: the list of defined ops (module-level, filled when op files are imported).
 */
import type { z } from 'zod';
import { defineOps, type AnyFn } from 'dusk-graph';
import { parseOptions } from 'dusk-graph/internal';
import { declareBlockOutput, type BlockMeta } from './blockOutput.ts';
import { declareEdgeModes, declareFootprint, declareParamsResolver, type EdgeModeDecl, type GlobalReach } from './footprint.ts';
import { declareOptions } from './opOptions.ts';

/**
 * Parsed options as the callbacks below receive them: read-only all the way down. Parses of the
 * same option values share one deeply frozen result (dusk-graph's options cache), so a callback
 * that wrote to it would throw; copy what you need to change.
 */
export type ParsedOptions<T> = T extends (...args: never[]) => unknown ? T
  : T extends object ? { readonly [K in keyof T]: ParsedOptions<T[K]> } : T;

export interface OpDefinition<F extends AnyFn, S extends z.ZodType> {
  /** The op's name: its worker name and, snake_cased after its folder, its scikit-image name. */
  name: string;
  fn: F;
  /** Strict zod schema of the options object (`NO_OPTIONS` when it takes none). */
  schema: S;
  /** Reach per axis for the parsed options on an input of the whole-array shape. */
  footprint: (options: ParsedOptions<z.output<S>>, shape: readonly number[]) => number[] | GlobalReach;
  /** Shape and dtype of the result for the parsed options and inputs' metas (see blockOutput.ts). */
  blockOutput?: (options: ParsedOptions<z.output<S>>, inputs: readonly BlockMeta[]) => BlockMeta;
  /** Raw options made explicit for an input of the whole-array shape (see footprint.ts). */
  resolve?: (options: Parameters<F>[1], shape: readonly number[]) => Parameters<F>[1];
  /** Which of its modes give which `mapOverlap` boundary at the array's edges (see footprint.ts). */
  edgeModes?: EdgeModeDecl;
  /** Options that a parity fixture's second, third... inputs fill (e.g. `['mask']`). */
  parityInputs?: readonly string[];
}

/** An op as listed by `definedOps()`. */
export interface DefinedOp {
  readonly name: string;
  /** The op's folder: `filters`, `color`... */
  readonly family: string;
  /** scikit-image's name of the op: `filters.sobel_h`. */
  readonly skimageName: string;
  readonly fn: AnyFn;
  readonly moduleUrl: string;
  readonly parityInputs: readonly string[];
}

const defined: DefinedOp[] = [];

/** `sobelH` → `sobel_h`, `denoiseTvChambolle` → `denoise_tv_chambolle`. */
export const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The folder of a module URL: `file:///.../filters/gaussian.ts` → `filters`. */
function familyOf(moduleUrl: string): string {
  const parts = new URL(moduleUrl).pathname.split('/');
  return parts[parts.length - 2] ?? '';
}

/** Register `def.fn` as an op (see the file header); returns `def.fn`. */
export function defineOp<F extends AnyFn, S extends z.ZodType>(moduleUrl: string, def: OpDefinition<F, S>): F {
  const { name, fn, schema } = def;
  defineOps(moduleUrl, { [name]: fn });
  declareOptions(fn, schema);
  const parse = (options: unknown) => parseOptions(name, schema, options) as ParsedOptions<z.output<S>>;
  declareFootprint(fn, (options: unknown, shape: readonly number[]) => def.footprint(parse(options), shape));
  const { blockOutput, resolve } = def;
  if (blockOutput) declareBlockOutput(fn, (options: unknown, inputs: readonly BlockMeta[]) => blockOutput(parse(options), inputs));
  if (resolve) declareParamsResolver(fn, resolve);
  if (def.edgeModes) declareEdgeModes(fn, def.edgeModes, (options) => parse(options) as Record<string, unknown>);
  const family = familyOf(moduleUrl);
  defined.push({ name, family, skimageName: `${family}.${snakeCase(name)}`, fn, moduleUrl, parityInputs: def.parityInputs ?? [] });
  return fn;
}

/** Every op defined so far (those of the imported families), in definition order. */
export function definedOps(): readonly DefinedOp[] {
  return defined;
}
