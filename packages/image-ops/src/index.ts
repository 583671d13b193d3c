/**
 * dusk-image-ops: NDArray, scikit-image-style ops that run on worker threads, image I/O and
 * chunked arrays.
 */
// The public types use Node's (node:util, Disposable): consumers type-check them with @types/node.
/// <reference types="node" preserve="true" />
export * from './ndarray/index.ts';
export * as filters from './filters/index.ts';
export * as color from './color/index.ts';
export * as util from './util/index.ts';
export * as exposure from './exposure/index.ts';
export * as restoration from './restoration/index.ts';
export * as io from './io/index.ts';
export * as feature from './feature/index.ts';
export * as measure from './measure/index.ts';
export * from './chunked/index.ts';
