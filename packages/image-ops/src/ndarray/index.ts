export * from './dtype.ts';
export { NDArray, cStrides, shapeSize, type Slice, type NDArrayInit } from './ndarray.ts';
export * from './create.ts';
export { pairwiseSum } from './reduce.ts';
export { assign } from './assign.ts';
export { clearRecycled, recycleStats } from './recycle.ts';
