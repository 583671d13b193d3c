/**
 * Positional block I/O for files that hold one C-ordered array (raw volumes, `.npy` data): write
 * or read the sub-box of the array that a chunk covers, straight at its place in the file.
 *
 * A chunk of shape `block` starting at index `start` of an array of shape `shape` occupies runs of
 * consecutive bytes: the innermost axes the chunk spans completely merge into one run, so a chunk
 * of whole rows is one write and a column strip is one write per row. Each run is a positional
 * `pwrite` — chunks may be written in any order, from any worker thread, into a file opened with
 * `openAtomic(path, { size })`. Reads merge nearby runs into spans of one `pread` each.
 *
 * Byte order: the host's (little-endian) unless `littleEndian: false`, which swaps per run.
 */
import { allocate, bytesPerElement, type DType } from '../ndarray/dtype.ts';
import { NDArray, shapeSize } from '../ndarray/ndarray.ts';
import { writeAt } from './atomic.ts';
import { HOST_LITTLE_ENDIAN, readExact, swapBytes } from './files.ts';

/** Where a block lives inside a file holding one C-ordered array. */
export interface RegionLayout {
  /** Shape of the whole array stored in the file. */
  shape: readonly number[];
  /** Index of the block's first element along each axis. */
  start: readonly number[];
  /** Byte position of the array's first element (the header length). @default 0 */
  byteOffset?: number;
  /** Byte order of the elements in the file. @default true */
  littleEndian?: boolean;
  /** File name for error messages. @default '<fd>' */
  path?: string;
}

type RunFn = (filePos: number, blockIndex: number, length: number) => void;

function forEachRun(op: string, block: readonly number[], layout: RegionLayout, bpe: number, fn: RunFn): void {
  const { shape, start } = layout;
  const nd = shape.length;
  if (block.length !== nd || start.length !== nd) {
    throw new RangeError(`${op}: block has ${block.length} axes, start ${start.length}, file array ${nd}`);
  }
  for (let ax = 0; ax < nd; ax++) {
    const s = start[ax]!, b = block[ax]!;
    if (!Number.isInteger(s) || s < 0 || s + b > shape[ax]!) {
      throw new RangeError(
        `${op}: block [${block.join(', ')}] at [${start.join(', ')}] exceeds the array [${shape.join(', ')}] on axis ${ax}`,
      );
    }
  }
  if (shapeSize(block) === 0) return;
  if (nd === 0) {
    fn(layout.byteOffset ?? 0, 0, 1);
    return;
  }
  // Axes inner to `split` are spanned completely: one run covers block[split..].
  let split = nd - 1;
  while (split > 0 && block[split] === shape[split]) split--;
  const runLen = shapeSize(block.slice(split));
  const strides = shape.map((_, ax) => shapeSize(shape.slice(ax + 1)));
  const outer = block.slice(0, split);
  const nRuns = shapeSize(outer);
  const idx = new Array<number>(split).fill(0);
  const base = layout.byteOffset ?? 0;
  for (let r = 0; r < nRuns; r++) {
    let elem = 0;
    for (let ax = 0; ax < nd; ax++) elem += (start[ax]! + (ax < split ? idx[ax]! : 0)) * strides[ax]!;
    fn(base + elem * bpe, r * runLen, runLen);
    for (let ax = split - 1; ax >= 0; ax--) {
      if (++idx[ax]! < outer[ax]!) break;
      idx[ax] = 0;
    }
  }
}

/** Write `block` (any layout; written in C order) into its place in the file open as `fd`. */
export function writeRegion(fd: number, block: NDArray, layout: RegionLayout): void {
  const bpe = bytesPerElement(block.dtype);
  const values = block.values();
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const swap = (layout.littleEndian ?? true) !== HOST_LITTLE_ENDIAN;
  forEachRun('writeRegion', block.shape, layout, bpe, (pos, i, n) => {
    let run = bytes.subarray(i * bpe, (i + n) * bpe);
    if (swap) {
      run = run.slice();
      swapBytes(run, bpe);
    }
    writeAt(fd, run, pos);
  });
}

/**
 * Runs at most this far apart in the file are read as one span, with one `pread`, and copied out
 * (a 552-wide chunk of 1104-wide rows would otherwise be one system call per row: 28 000 calls
 * for one chunk of the seed volume). Spans are capped so the read buffer stays small.
 */
const GAP_BYTES = 64 * 1024;
const SPAN_BYTES = 8 * 1024 * 1024;
/** This thread's span buffer, grown on demand up to `SPAN_BYTES`. */
let spanBuffer = new Uint8Array(0);

/** Read the block of shape `block` at `layout.start` from the file open as `fd` (shared memory). */
export function readRegion<D extends DType>(fd: number, dtype: D, block: readonly number[], layout: RegionLayout): NDArray<D> {
  const bpe = bytesPerElement(dtype);
  const out = allocate(dtype, shapeSize(block), { zeroed: false }); // every byte is read into below
  const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  const path = layout.path ?? `<fd ${fd}>`;
  const runs: number[] = []; // (file position, byte offset in the block, byte length) triples
  forEachRun('readRegion', block, layout, bpe, (pos, i, n) => { runs.push(pos, i * bpe, n * bpe); });
  for (let r = 0; r < runs.length;) {
    const from = runs[r]!;
    let to = from + runs[r + 2]!, e = r + 3;
    while (e < runs.length) {
      const p = runs[e]!, end = p + runs[e + 2]!;
      if (p < to || p - to > GAP_BYTES || end - from > SPAN_BYTES) break;
      to = end;
      e += 3;
    }
    if (e === r + 3) {
      readExact('readRegion', path, fd, bytes.subarray(runs[r + 1]!, runs[r + 1]! + runs[r + 2]!), from);
    } else {
      if (spanBuffer.length < to - from) spanBuffer = new Uint8Array(Math.max(to - from, Math.min(2 * spanBuffer.length, SPAN_BYTES)));
      const span = spanBuffer.subarray(0, to - from);
      readExact('readRegion', path, fd, span, from);
      for (let k = r; k < e; k += 3) bytes.set(span.subarray(runs[k]! - from, runs[k]! - from + runs[k + 2]!), runs[k + 1]!);
    }
    r = e;
  }
  if ((layout.littleEndian ?? true) !== HOST_LITTLE_ENDIAN) swapBytes(bytes, bpe);
  if (dtype === 'bool') for (let i = 0; i < out.length; i++) out[i] = out[i] ? 1 : 0;
  return new NDArray(out, block, { dtype });
}
