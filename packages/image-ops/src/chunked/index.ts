export { ChunkedArray, chunked, type BlockOp, type MapBlocksOptions, type MapOverlapOptions, type ChunkTask, type ChunkedOptions } from './chunked.ts';
export { fromRaw, fromNpy, fromTiff, type FromRawOptions, type FromNpyOptions, type FromTiffOptions } from './from.ts';
export { ChunkGrid, normalizeChunks, AUTO_CHUNK_BYTES, type ChunkSpec, type Block } from './grid.ts';
export type { Boundary, BoundarySpec, DepthSpec } from './depth.ts';
export type { WriteFileOptions } from './write.ts';
