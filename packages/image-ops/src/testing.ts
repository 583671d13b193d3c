/**
 * dusk-image-ops/testing: the internals the repository's tests check directly, behind a subpath
 * so that the package index stays the public API. Not for applications: names here may change
 * with any release.
 *
 * - the parity runner (golden fixtures of scikit-image) and its op adapters;
 * - the op registry: every op `defineOp` listed, its options schema, footprint, edge modes and
 *   block output; mapOverlap's plans (which edges the op extends itself, the tiles it runs on);
 * - the elementwise evaluator's kernels (`evalExpr`, `evalExprInto`), its run length and the switch
 *   between its WebAssembly SIMD and JavaScript loops;
 * - the scipy.ndimage-style primitives the filters are built on (`ndimage`), and the switch
 *   between their WebAssembly and JavaScript kernels;
 * - file-format pieces tested on their own (the LZW length walk of TIFF, zarr's directory store).
 */
export { runManifest, formatResult, type ParityCase, type CaseResult } from './parity/runner.ts';
export { camelCaseKeys, parityAdapter, type ParityAdapter, type ParityParams } from './parity/adapter.ts';
export { definedOps, snakeCase, type DefinedOp, type OpDefinition, type ParsedOptions } from './core/defineOp.ts';
export { optionsSchemaOf } from './core/opOptions.ts';
export { footprintOf, declareFootprint, declareEdgeModes, type FootprintFn, type GlobalReach } from './core/footprint.ts';
export { planOverlap, blockBoundary } from './chunked/edges.ts';
export { planTiles, tilePlans } from './chunked/tiles.ts';
export { intoOf } from './chunked/into.ts';
export { exprKernels, RUN, type Expr } from './chunked/exprEval.ts';
export { setExprSimd } from './chunked/exprSimd.ts';
export { declareBlockOutput, type BlockOutputFn, type BlockMeta } from './core/blockOutput.ts';
export * as ndimage from './core/ndimage/index.ts';
export { setSimd } from './core/ndimage/lineKernels.ts';
export { lzwDecodedLength } from './io/tiffExpansion.ts';
export { DirectoryStore } from './chunked/zarrStore.ts';
