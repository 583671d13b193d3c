/**
 * How far the compressed strips and tiles that `tiff@7` decodes may expand — checked before it
 * runs.
 *
 * `tiff` inflates and un-LZWs each segment into a buffer that grows with whatever the stream
 * produces, and only then copies the segment's share into the image: a 1 MB deflate strip can
 * produce ~1 GB, a 1 MB LZW strip ~3.6 GB, whatever the header says. So each LZW or deflate
 * segment it will see is first measured here against the size its page layout gives it (a strip:
 * RowsPerStrip rows; a tile: TileWidth × TileLength), plus 64 KiB of slack:
 * - deflate: inflated by Node's zlib with that output cap (the result is dropped);
 * - LZW: its codes are walked, tracking only the length of every table entry (no output is
 *   built), following `tiff`'s own rules (MSB-first codes of 9–12 bits, early change at 511,
 *   1023, 2047; Clear 256, EndOfInformation 257; a stream ends where its bytes do).
 * A segment over its cap is an `ImageIOError` naming it: a decompression bomb.
 */
import { inflateSync } from 'node:zlib';
import type { TiffIfd } from 'tiff';
import { ioFail } from './errors.ts';

const SLACK = 65536;

/**
 * A page's BitsPerSample: 1 when the tag is absent (the TIFF default). `tiff`'s getter returns
 * undefined then, though its type says `number`.
 */
export function bitsPerSample(ifd: TiffIfd): number {
  return (ifd.bitsPerSample as number | undefined) ?? 1;
}
const WIDTH_UP = [0, 0, 0, 0, 0, 0, 0, 0, 0, 511, 1023, 2047, 4095];

/** The number of bytes the LZW stream `src` decodes to, stopping early once it passes `cap`. */
export function lzwDecodedLength(src: Uint8Array, cap: number): number {
  const lens = new Uint32Array(4096);
  lens.fill(1, 0, 256);
  let tableLength = 258, width = 9, old = 0, total = 0; // `tiff` starts with old code 0
  let bitPos = 0;
  const bits = src.length * 8;
  while (bitPos + width <= bits && total <= cap) {
    let code = 0;
    for (let k = 0; k < width; k++, bitPos++) code = (code << 1) | ((src[bitPos >> 3]! >> (7 - (bitPos & 7))) & 1);
    if (code === 257) break;
    if (code === 256) {
      tableLength = 258;
      width = 9;
      old = -1;
      continue;
    }
    if (old === -1) {
      total += lens[code]!;
    } else {
      const added = lens[old]! + 1;
      total += code < tableLength ? lens[code]! : added;
      if (tableLength >= 4096) break; // `tiff` throws here
      lens[tableLength++] = added;
      if (tableLength === WIDTH_UP[width]) width++;
      if (width > 12) break; // `tiff` cannot go on either
    }
    old = code;
  }
  return total;
}

/** Check every LZW or deflate strip/tile of a page `tiff` will decode (see the header). */
export function checkSegmentExpansion(bytes: Uint8Array, path: string, ifd: TiffIfd, where: string): void {
  const compression = ifd.compression;
  const lzw = compression === 5, deflate = compression === 8 || compression === 32946;
  if (!lzw && !deflate) return;
  const spp = ifd.planarConfiguration === 2 ? 1 : ifd.samplesPerPixel;
  const bits = bitsPerSample(ifd);
  const tiled = ifd.tiled;
  const cap = tiled
    ? Math.ceil((Number(ifd.tileWidth) * spp * bits) / 8) * Number(ifd.tileHeight)
    : Math.ceil((ifd.width * spp * bits) / 8) * Math.min(ifd.height, ifd.rowsPerStrip);
  const offsets = tiled ? ifd.tileOffsets : ifd.stripOffsets;
  const counts = tiled ? ifd.tileByteCounts : ifd.stripByteCounts;
  const kind = tiled ? 'tile' : 'strip';
  for (let s = 0; s < offsets.length; s++) {
    const segment = bytes.subarray(offsets[s]!, offsets[s]! + (counts[s] ?? 0));
    let over = false;
    if (lzw) {
      over = lzwDecodedLength(segment, cap + SLACK) > cap + SLACK;
    } else {
      try {
        inflateSync(segment, { maxOutputLength: cap + SLACK });
      } catch (e) {
        over = (e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE'; // other faults: `tiff` reports them
      }
    }
    if (over) ioFail('imread', path, `${kind} ${s}${where} decompresses to more than the ${cap} bytes it holds (+${SLACK}) — a decompression bomb?`);
  }
}
