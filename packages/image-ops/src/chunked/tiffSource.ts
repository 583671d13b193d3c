/**
 * Lazily loaded multi-page TIFF stacks: `fromTiff(path, { chunks })` reads a (pages, H, W[, C])
 * stack one page at a time inside the chunk tasks.
 *
 * How a task reads only its pages: the file's structure (header, every IFD and the tag values
 * they point to) is located once when the array is created — a few kilobytes, read into a
 * file-sized buffer left zero elsewhere. A task builds such a buffer too (its untouched pages are
 * never committed to memory), adds the strips or tiles of the pages it needs, and decodes each
 * page with the regular TIFF reader. Memory per task is its pages, not the file. Chunking along
 * the page axis is the natural layout; a chunk that splits a page decodes that page for its part.
 * Classic TIFF only (≤ 4 GiB; BigTIFF is refused by the reader as well).
 *
 * Hostile files: the structure is checked when the array is created, as `imread` checks it
 * (io/tiffIfd.ts: IFD loops cut, values inside the file, every page's layout tags), so a bad
 * file fails in `fromTiff` rather than in a task; each page is checked against the pixel limit
 * before it is decoded. Every failure, here or in a task, is an `ImageIOError`.
 */
import { closeSync, readSync } from 'node:fs';
import { decode as decodeTiff } from 'tiff';
import { guard, ioFail } from '../io/errors.ts';
import { openForRead } from '../io/files.ts';
import { decodeTiffPages } from '../io/tiff.ts';
import { checkPageTags, inspectTiff } from '../io/tiffIfd.ts';
import type { DType } from '../ndarray/dtype.ts';
import type { NDArray } from '../ndarray/ndarray.ts';

/** A byte range of the file: [offset, length]. */
export type Range = [number, number];

export interface TiffSource {
  kind: 'tiff';
  path: string;
  fileSize: number;
  shape: number[];
  dtype: DType;
  /** Header, IFDs and out-of-line tag values. */
  structure: Range[];
  /** Strips or tiles of each page. */
  pages: Range[][];
  /** The pixel limit each page is decoded with. */
  maxPixels: number;
}

const TYPE_BYTES = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4];

function readRanges(fd: number, buf: Uint8Array, ranges: readonly Range[]): void {
  for (const [off, len] of ranges) {
    const n = Math.max(0, Math.min(len, buf.length - off));
    if (n > 0) readSync(fd, buf, off, n, off);
  }
}

/** Locate the header, IFD chain and tag values by following the IFD offsets. */
function structureRanges(fd: number, size: number, path: string): Range[] {
  const head = new Uint8Array(8);
  readSync(fd, head, 0, 8, 0);
  const le = head[0] === 0x49 && head[1] === 0x49;
  if (size < 8 || (!le && !(head[0] === 0x4d && head[1] === 0x4d))) ioFail('fromTiff', path, 'is not a TIFF file');
  const view = new DataView(head.buffer);
  if (view.getUint16(2, le) !== 42) ioFail('fromTiff', path, 'is not a classic TIFF (BigTIFF is not supported)');
  const ranges: Range[] = [[0, 8]];
  const seen = new Set<number>();
  for (let ifd = view.getUint32(4, le); ifd !== 0 && ifd < size && !seen.has(ifd);) {
    seen.add(ifd);
    const cnt = new Uint8Array(2);
    readSync(fd, cnt, 0, 2, ifd);
    const n = new DataView(cnt.buffer).getUint16(0, le);
    const body = new Uint8Array(12 * n + 4);
    readSync(fd, body, 0, body.length, ifd + 2);
    const bv = new DataView(body.buffer);
    ranges.push([ifd, 2 + body.length]);
    for (let e = 0; e < n; e++) {
      const bytes = (TYPE_BYTES[bv.getUint16(12 * e + 2, le)] ?? 1) * bv.getUint32(12 * e + 4, le);
      if (bytes > 4) ranges.push([bv.getUint32(12 * e + 8, le), bytes]);
    }
    ifd = bv.getUint32(12 * n, le);
  }
  return ranges;
}

/** Describe the TIFF stack at `path` (reads only its structure) whose pages are at most `maxPixels`. */
export function openTiffSource(path: string, maxPixels: number): TiffSource {
  const { fd, size: fileSize } = openForRead('fromTiff', path);
  try {
    return guard('fromTiff', path, 'corrupt or truncated TIFF', () => {
      const structure = structureRanges(fd, fileSize, path);
      const buf = new Uint8Array(fileSize);
      readRanges(fd, buf, structure);
      const checked = inspectTiff('fromTiff', path, buf);
      checked.ifds.forEach((_, p) => checkPageTags('fromTiff', path, checked, p));
      const ifds = decodeTiff(checked.bytes, { ignoreImageData: true });
      if (ifds.length === 0) ioFail('fromTiff', path, 'TIFF file has no pages');
      const pages = ifds.map((ifd): Range[] => {
        const offs = ifd.tiled ? ifd.tileOffsets : ifd.stripOffsets, counts = ifd.tiled ? ifd.tileByteCounts : ifd.stripByteCounts;
        // The reader gives typed arrays: their map would make another Uint32Array, not pairs.
        return Array.from(offs, (o, k): Range => [o, counts[k]!]);
      });
      // Page 0's shape and dtype, from the reader itself (its strips are small enough to read once).
      readRanges(fd, buf, pages[0]!);
      const first = decodeTiffPages(buf, path, 0, maxPixels).image;
      const same = ifds.filter((d) => d.width === ifds[0]!.width && d.height === ifds[0]!.height && d.samplesPerPixel === ifds[0]!.samplesPerPixel).length;
      if (same !== ifds.length) ioFail('fromTiff', path, 'has pages of different shapes; read them one by one with io.imread(path, { page })');
      return { kind: 'tiff', path, fileSize, shape: [ifds.length, ...first.shape], dtype: first.dtype, structure, pages, maxPixels };
    });
  } finally {
    closeSync(fd);
  }
}

/** Pages [p0, p1) of the stack, each decoded from a buffer holding only what that page needs. */
export function readTiffPages(source: TiffSource, p0: number, p1: number): NDArray[] {
  const { fd } = openForRead('fromTiff', source.path);
  try {
    return guard('fromTiff', source.path, 'corrupt or truncated TIFF', () => {
      const out: NDArray[] = [];
      for (let p = p0; p < p1; p++) {
        const buf = new Uint8Array(source.fileSize);
        readRanges(fd, buf, source.structure);
        readRanges(fd, buf, source.pages[p]!);
        out.push(decodeTiffPages(buf, source.path, p, source.maxPixels).image);
      }
      return out;
    });
  } finally {
    closeSync(fd);
  }
}
