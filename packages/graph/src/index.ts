/**
 * @dusk/graph: delayed(), task graphs, the optimizer, ordering and DOT export.
 */
export { defineOps, opRef, opMeta, lookupOp, resolveOp, type OpRef, type OpMeta } from './ops/defineOps.ts';
export { registerWireType, encodeWire, decodeWire, type WireType } from './wire/codec.ts';
export { parseOptions, formatIssues } from './util/options.ts';
