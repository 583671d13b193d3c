/**
 * Writing a chunked array to one file, block by block: the file is created as a temporary,
 * preallocated to its final size; each block task opens it and writes its region at its place
 * (positional writes) as soon as the block is computed, so only the
 * blocks in flight are in memory; when every block is written the file is renamed into place.
 * If any task fails, the temporary file is removed and the target is left as it was.
 */
import { compute, delayed, type ComputeOptions, type Delayed } from 'dusk-graph';
import { checkComputeOptions, showValue } from 'dusk-graph/internal';
import { openAtomic } from '../io/atomic.ts';
import { npyHeader } from '../io/npy.ts';
import { bytesPerElement, type DType } from '../ndarray/dtype.ts';
import { shapeSize, type NDArray } from '../ndarray/ndarray.ts';
import type { ChunkGrid } from './grid.ts';
import { kernels } from './kernels.ts';

export interface WriteFileOptions extends ComputeOptions {
  /** Byte order of raw output. @default true */
  littleEndian?: boolean;
}

export async function writeChunkedFile(
  array: { grid: ChunkGrid; dtype: DType },
  tasks: readonly Delayed<NDArray>[],
  path: string,
  format: 'raw' | 'npy',
  options: WriteFileOptions = {},
): Promise<void> {
  const { littleEndian = true, ...computeOptions } = options;
  const op = format === 'npy' ? 'toNpy' : 'toRaw';
  if (typeof littleEndian !== 'boolean') throw new TypeError(`${op}: option 'littleEndian' expected a boolean (received ${showValue(littleEndian)})`);
  checkComputeOptions(op, computeOptions);
  if (format === 'npy' && !littleEndian) throw new TypeError(`toNpy: option 'littleEndian' must be true for .npy output (received false)`);
  const shape = [...array.grid.shape];
  const header = format === 'npy' ? npyHeader(array.dtype, shape) : new Uint8Array(0);
  const file = openAtomic(path, { size: header.length + shapeSize(shape) * bytesPerElement(array.dtype), op });
  try {
    if (header.length) file.write(header, 0);
    const blocks = array.grid.blocks();
    const writes = tasks.map((t, k) =>
      delayed(kernels.writeBlock)(t, file.tempPath, path, shape, [...blocks[k]!.start], header.length, littleEndian, array.dtype));
    await compute(writes, computeOptions);
    file.commit();
  } catch (err) {
    file.abort();
    throw err;
  }
}
