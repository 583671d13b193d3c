export { ChunkedArray, chunked, type BlockOp, type ChunkTask } from './chunked.ts';
export type { MapBlocksOptions, MapOverlapOptions, ChunkedOptions, BlockChunks, OpParams } from './options.ts';
export { mapBlocks, mapOverlap } from './map.ts';
export { type RechunkSpec } from './rechunk.ts';
export { fromRaw, fromNpy, fromTiff, type FromRawOptions } from './from.ts';
export { ChunkGrid, normalizeChunks, AUTO_CHUNK_BYTES, type ChunkSpec, type Block } from './grid.ts';
export type { Boundary, BoundarySpec, DepthSpec } from './depth.ts';
export type { WriteFileOptions } from './write.ts';
