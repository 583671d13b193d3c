/**
 * @dusk/image-ops: NDArray, scikit-image-style ops that run on worker threads, image I/O and
 * chunked arrays.
 */
export * from './ndarray/index.ts';
