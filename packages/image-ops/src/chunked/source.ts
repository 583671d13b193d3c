/**
 * Sources: where chunk tasks read their data from, as plain descriptors that cross to workers.
 *
 * - `array`: an in-memory NDArray (on a SharedArrayBuffer, so every task sees it without a copy);
 *   boxes are views.
 * - `blocks`: the results of upstream chunk tasks (the task's dependencies) with their boxes;
 *   a box is assembled from the blocks it meets. This is how a halo is read straight from the
 *   neighbouring chunks' results, with no intermediate slicing tasks. It is also the origin of a
 *   `mapOverlap` run on tiles other than its blocks (`tiles.ts`): each output block reads only
 *   the tiles it meets (`blocksMeeting`).
 * - `raw`: a C-ordered array in a file (raw volumes, the data part of `.npy`); boxes are read with
 *   positional reads, so a task loads only its own region — volumes need not fit in memory.
 *   `unsigned32` marks `.npy` `<u4` data read as int32: a box holding a value ≥ 2³¹ is an error
 *   (`ImageIOError`), as in `readNpy`, never a wrapped negative number.
 * - `tiff`: a multi-page TIFF stack, decoded page by page inside the task (`tiffSource.ts`).
 */
import { closeSync } from 'node:fs';
import { ioFail } from '../io/errors.ts';
import { openForRead } from '../io/files.ts';
import { int32Overflow } from '../io/npy.ts';
import { readRegion } from '../io/region.ts';
import { allocate, type DType } from '../ndarray/dtype.ts';
import { assign } from '../ndarray/assign.ts';
import { NDArray, shapeSize } from '../ndarray/ndarray.ts';
import type { BoxReader } from './pad.ts';
import { readTiffPages, type TiffSource } from './tiffSource.ts';

export interface ArraySource { kind: 'array'; array: NDArray }
export interface BlocksSource { kind: 'blocks'; shape: number[]; dtype: DType; blocks: NDArray[]; starts: number[][]; stops: number[][] }
export interface RawSource {
  kind: 'raw'; path: string; shape: number[]; dtype: DType; byteOffset: number; littleEndian: boolean; unsigned32?: boolean;
}
export type Source = ArraySource | BlocksSource | RawSource | TiffSource;

export function sourceShape(s: Source): readonly number[] {
  return s.kind === 'array' ? s.array.shape : s.shape;
}

export function sourceDType(s: Source): DType {
  return s.kind === 'array' ? s.array.dtype : s.dtype;
}

/** `s` with only the blocks that meet `wanted` along every axis (a box's coordinates). */
export function blocksMeeting(s: BlocksSource, wanted: (ax: number, lo: number, hi: number) => boolean): BlocksSource {
  const keep = s.blocks.map((_, k) => s.starts[k]!.every((a, ax) => wanted(ax, a, s.stops[k]![ax]!)));
  const pick = <T>(list: T[]) => list.filter((_, k) => keep[k]);
  return { ...s, blocks: pick(s.blocks), starts: pick(s.starts), stops: pick(s.stops) };
}

function blocksReader(s: BlocksSource): BoxReader {
  return (start, stop) => {
    const shape = start.map((a, ax) => stop[ax]! - a);
    // A box inside one block is a view of it.
    for (let k = 0; k < s.blocks.length; k++) {
      const b = s.blocks[k]!, o = s.starts[k]!;
      if (start.every((a, ax) => a >= o[ax]! && stop[ax]! <= o[ax]! + b.shape[ax]!)) {
        return b.view(start.map((a, ax) => [a - o[ax]!, stop[ax]! - o[ax]!] as const));
      }
    }
    const out = new NDArray(allocate(s.dtype, shapeSize(shape)), shape, { dtype: s.dtype });
    let covered = 0;
    for (let k = 0; k < s.blocks.length; k++) {
      const b = s.blocks[k]!, o = s.starts[k]!;
      const lo = start.map((a, ax) => Math.max(a, o[ax]!));
      const hi = stop.map((e, ax) => Math.min(e, o[ax]! + b.shape[ax]!));
      if (lo.some((l, ax) => l >= hi[ax]!)) continue;
      assign(out.view(lo.map((l, ax) => [l - start[ax]!, hi[ax]! - start[ax]!] as const)), b.view(lo.map((l, ax) => [l - o[ax]!, hi[ax]! - o[ax]!] as const)));
      covered += shapeSize(lo.map((l, ax) => hi[ax]! - l));
    }
    if (covered !== out.size) {
      throw new RangeError(`readBox: blocks cover ${covered} of the ${out.size} elements of box [${start.join(', ')}]–[${stop.join(', ')}]`);
    }
    return out;
  };
}

/** Open `source` for box reads; call `close()` when done. */
export function openSource(source: Source): { read: BoxReader; close(): void } {
  switch (source.kind) {
    case 'array': {
      const a = source.array;
      return { read: (start, stop) => a.view(start.map((s, ax) => [s, stop[ax]!] as const)), close() {} };
    }
    case 'blocks':
      return { read: blocksReader(source), close() {} };
    case 'raw': {
      const { fd } = openForRead('readRegion', source.path);
      const read: BoxReader = (start, stop) => {
        const box = readRegion(fd, source.dtype, start.map((s, ax) => stop[ax]! - s), {
          shape: source.shape, start, byteOffset: source.byteOffset, littleEndian: source.littleEndian, path: source.path,
        });
        if (source.unsigned32) {
          const d = box.data;
          for (let i = 0; i < d.length; i++) if (d[i]! < 0) ioFail('readRegion', source.path, int32Overflow(d[i]! + 2 ** 32, 'uint32'));
        }
        return box;
      };
      return { read, close: () => closeSync(fd) };
    }
    case 'tiff': {
      const read: BoxReader = (start, stop) => {
        const shape = start.map((a, ax) => stop[ax]! - a);
        const out = new NDArray(allocate(source.dtype, shapeSize(shape)), shape, { dtype: source.dtype });
        readTiffPages(source, start[0]!, stop[0]!).forEach((page, k) => {
          const inPage = start.slice(1).map((a, ax) => [a, stop[ax + 1]!] as const);
          assign(out.view([k]), page.view(inPage));
        });
        return out;
      };
      return { read, close() {} };
    }
  }
}
