/**
 * TIFF decoder, shaped like `skimage.io.imread` with the tifffile plugin.
 *
 * Result: (H, W) or (H, W, C) for one page, (P, H, W[, C]) for several. As tifffile's first series,
 * the pages read are those shaped like the first page (thumbnails and odd pages are left out);
 * `page` reads just one. Samples come back as stored: 1-bit → bool, 8/16-bit → uint8/uint16,
 * signed 8/16 → int16, signed 32 → int32, float → float32/float64; palette images give their
 * indices and MinIsWhite its raw values (tifffile does not apply either). Planar (separate)
 * samples are returned pixel-interleaved (H, W, C) — what scikit-image's axis swap achieves.
 *
 * How: headers are parsed by the `tiff` package. Strip images that are uncompressed, deflated or
 * PackBits-compressed (everything dusk writes; also 1-bit images and 8/16-bit horizontal
 * predictors) are decoded here, straight from the file's bytes; LZW and tiles go through `tiff`'s
 * decoder. Every strip and tile must lie inside the file, else the file is reported truncated.
 * Layouts `tiff` would decode wrongly (tiled multi-sample, planar with a predictor) are refused.
 *
 * Hostile files: before `tiff` sees the bytes, tiffIfd.ts walks the IFD chain (loops cut, every
 * value inside the file) and checks the layout tags of the pages to decode; their total size is
 * checked against the pixel limit, and uncompressed pages must have their bytes in the file,
 * before anything is allocated. Deflated strips are inflated with an output cap (the strip's
 * size + 64 KiB); LZW strips and deflate/LZW tiles, which `tiff` decodes, are measured against
 * their size first (tiffExpansion.ts).
 */
import { inflateSync } from 'node:zlib';
import { decode as decodeTiff, type TiffIfd } from 'tiff';
import { allocate, type DType, type TypedArray } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { guard, ioFail } from './errors.ts';
import { HOST_LITTLE_ENDIAN, swapBytes } from './files.ts';
import { unpackSamples } from './image.ts';
import { checkPixels, getMaxImagePixels } from './limits.ts';
import { bitsPerSample, checkSegmentExpansion } from './tiffExpansion.ts';
import { checkPageTags, inspectTiff, type TiffStructure } from './tiffIfd.ts';

interface PageInfo { ifd: TiffIfd; index: number; w: number; h: number; spp: number; bits: number; fmt: number; dtype: DType }

function sampleDType(path: string, bits: number, fmt: number): DType {
  if (bits === 1) return 'bool';
  if (fmt === 3 && bits === 32) return 'float32';
  if (fmt === 3 && bits === 64) return 'float64';
  if (fmt === 1 && bits === 8) return 'uint8';
  if (fmt === 1 && bits === 16) return 'uint16';
  if (fmt === 2 && (bits === 8 || bits === 16)) return 'int16';
  if (fmt === 2 && bits === 32) return 'int32';
  // SampleFormat (tag 339): 1 unsigned, 2 signed, 3 IEEE float, 4 undefined, 5 complex int, 6 complex float.
  const kind = ({ 1: 'unsigned integer', 2: 'signed integer', 3: 'float', 4: 'untyped', 5: 'complex integer', 6: 'complex float' } as Record<number, string>)[fmt] ?? `SampleFormat ${fmt}`;
  return ioFail('imread', path, `unsupported TIFF sample type: ${bits}-bit ${kind}`);
}

/** Check page `p`'s layout tags (tiffIfd.ts) and that `tiff` read the same geometry from them. */
function checkPageGeometry(path: string, s: TiffStructure, p: PageInfo): void {
  const geometry = checkPageTags('imread', path, s, p.index);
  if (geometry.width !== p.w || geometry.height !== p.h || geometry.samples !== p.spp) {
    ioFail('imread', path, `corrupt TIFF: page ${p.index} tags disagree with the decoder`);
  }
}

/** An uncompressed page's strips must hold its bytes — known before allocating. */
function checkUncompressedSize(path: string, p: PageInfo): void {
  if (p.ifd.compression !== 1) return;
  const counts = p.ifd.tiled ? p.ifd.tileByteCounts : p.ifd.stripByteCounts;
  let have = 0;
  for (let i = 0; i < counts.length; i++) have += counts[i]!;
  const need = Math.ceil((p.w * p.spp * p.bits) / 8) * p.h;
  if (have < need) ioFail('imread', path, `truncated TIFF image data (page ${p.index}): its strips hold ${have} bytes, the image needs ${need}`);
}

function pageInfo(path: string, ifd: TiffIfd, index: number): PageInfo {
  const bits = bitsPerSample(ifd), fmt = ifd.sampleFormat;
  return { ifd, index, w: ifd.width, h: ifd.height, spp: ifd.samplesPerPixel, bits, fmt, dtype: sampleDType(path, bits, fmt) };
}

/**
 * Decode TIFF bytes read from `path`; `page` selects one page (0-based). `hasChannels` tells
 * whether the last axis holds samples (an RGB page) rather than image columns (a gray stack).
 */
export function decodeTiffPages(
  input: Uint8Array, path: string, page?: number, limit = getMaxImagePixels(),
): { image: NDArray; hasChannels: boolean } {
  const structure = inspectTiff('imread', path, input);
  const bytes = structure.bytes;
  const ifds = guard('imread', path, 'corrupt or truncated TIFF', () => decodeTiff(bytes, { ignoreImageData: true }));
  if (ifds.length === 0) ioFail('imread', path, 'TIFF file has no pages');
  if (ifds.length !== structure.ifds.length) ioFail('imread', path, `corrupt TIFF: ${ifds.length} pages decoded, ${structure.ifds.length} found`);
  let pages: PageInfo[];
  if (page !== undefined) {
    if (page >= ifds.length) ioFail('imread', path, `page ${page} requested, but the TIFF has ${ifds.length} page(s)`);
    pages = [pageInfo(path, ifds[page]!, page)];
  } else {
    const first = pageInfo(path, ifds[0]!, 0);
    pages = [first];
    for (let i = 1; i < ifds.length; i++) {
      const ifd = ifds[i]!;
      const same = ifd.width === first.w && ifd.height === first.h && ifd.samplesPerPixel === first.spp &&
        bitsPerSample(ifd) === first.bits && ifd.sampleFormat === first.fmt;
      if (same) pages.push(pageInfo(path, ifd, i));
    }
  }
  const { w, h, spp, dtype } = pages[0]!;
  for (const p of pages) checkPageGeometry(path, structure, p);
  checkPixels('imread', path, pages.length > 1 ? `TIFF stack of ${pages.length} pages of ${w}×${h} pixels` : `TIFF image of ${w}×${h} pixels`,
    w * h * pages.length, limit);
  for (const p of pages) checkUncompressedSize(path, p);
  const pageSize = w * h * spp;
  const out = allocate(dtype, pageSize * pages.length);
  const little = bytes[0] === 0x49;
  for (const [k, p] of pages.entries()) {
    const target = out.subarray(k * pageSize, (k + 1) * pageSize) as TypedArray;
    const where = pages.length > 1 ? ` (page ${p.index})` : '';
    decodePage(bytes, path, p, target, little, where);
  }
  const shape = spp === 1 ? [h, w] : [h, w, spp];
  const image = new NDArray(out, pages.length > 1 ? [pages.length, ...shape] : shape, { dtype });
  return { image, hasChannels: spp > 1 };
}

function decodePage(bytes: Uint8Array, path: string, p: PageInfo, target: TypedArray, little: boolean, where: string): void {
  const { ifd, w, h, spp, bits } = p;
  const planar = spp > 1 && ifd.planarConfiguration === 2;
  const compression = ifd.compression;
  checkSegments(bytes, path, ifd, where);
  const predictor = ifd.predictor;
  const direct = !ifd.tiled && (predictor === 1 || (predictor === 2 && (bits === 8 || bits === 16))) &&
    (bits % 8 === 0 || bits === 1) && [1, 8, 32946, 32773].includes(compression) && !(planar && bits === 1);
  let samples: TypedArray;
  if (direct) {
    samples = readStrips(bytes, path, p, little, compression, where);
  } else {
    if (ifd.tiled && spp > 1) ioFail('imread', path, `tiled TIFF with ${spp} samples per pixel is not supported${where}`);
    if (planar && ifd.predictor !== 1) ioFail('imread', path, `planar TIFF with a predictor is not supported${where}`);
    checkSegmentExpansion(bytes, path, ifd, where);
    const decoded = decodeWithLibrary(bytes, path, p.index, where);
    samples = decoded.data as TypedArray;
    if (ifd.type === 0 && bits <= 16) { // `tiff` inverts MinIsWhite; tifffile returns raw values
      const max = 2 ** bits - 1;
      for (let i = 0; i < samples.length; i++) samples[i] = max - samples[i]!;
    }
    if (samples.length < target.length) ioFail('imread', path, `truncated TIFF image data${where}`);
  }
  const signed8 = p.fmt === 2 && bits === 8, signed16 = p.fmt === 2 && bits === 16;
  const src = signed16 && samples instanceof Uint16Array ? new Int16Array(samples.buffer, samples.byteOffset, samples.length) : samples;
  if (!planar && !signed8 && src.constructor === target.constructor) {
    target.set(src.subarray(0, target.length));
    return;
  }
  const plane = w * h;
  for (let i = 0; i < target.length; i++) {
    const j = planar ? (i % spp) * plane + Math.floor(i / spp) : i;
    let v = src[j]!;
    if (signed8 && v > 127) v -= 256;
    target[i] = v;
  }
}

/** Concatenate (and decompress) the strips of a page into its raw samples, in host byte order. */
function readStrips(bytes: Uint8Array, path: string, p: PageInfo, little: boolean, compression: number, where: string): TypedArray {
  const { ifd, w, h, spp, bits } = p;
  const item = bits / 8;
  const rowBytes = Math.ceil((w * spp * bits) / 8);
  const total = rowBytes * h;
  const rps = Math.min(h, ifd.rowsPerStrip);
  const rawDType: DType = bits <= 8 ? 'uint8' : bits === 16 ? (p.fmt === 2 ? 'int16' : 'uint16')
    : bits === 32 ? (p.fmt === 3 ? 'float32' : 'int32') : 'float64';
  const raw = allocate(rawDType, total / Math.max(1, item), { shared: false });
  const dst = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  const offsets = ifd.stripOffsets, counts = ifd.stripByteCounts;
  if (offsets.length === 0 || counts.length !== offsets.length) ioFail('imread', path, `invalid TIFF strip tables${where}`);
  let pos = 0;
  for (let s = 0; s < offsets.length && pos < total; s++) {
    const at = offsets[s]!, n = counts[s]!;
    let chunk = bytes.subarray(at, at + n);
    if (compression === 8 || compression === 32946) {
      const cap = rps * rowBytes + 65536;
      chunk = guard('imread', path, `corrupt deflate data in TIFF strip ${s}${where}`, () => {
        try {
          return inflateSync(chunk, { maxOutputLength: cap });
        } catch (e) {
          if ((e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') ioFail('imread', path, `deflate data of TIFF strip ${s}${where} inflates to more than ${cap} bytes (a decompression bomb?)`);
          throw e;
        }
      });
    } else if (compression === 32773) {
      chunk = unpackBits(chunk, rps * rowBytes);
    }
    const take = Math.min(chunk.length, total - pos);
    dst.set(chunk.subarray(0, take), pos);
    pos += take;
  }
  if (pos < total) ioFail('imread', path, `truncated TIFF image data${where}: ${pos} of ${total} bytes present`);
  if (item > 1 && little !== HOST_LITTLE_ENDIAN) swapBytes(dst, item);
  if (ifd.predictor === 2) {
    const planar = spp > 1 && ifd.planarConfiguration === 2;
    undoHorizontalDifferencing(raw, planar ? 1 : spp, planar ? w : w * spp);
  }
  return bits === 1 ? unpackSamples(dst, h, w * spp, 1) : raw;
}

/** Decode one page with `tiff`, telling unsupported features apart from damaged data. */
function decodeWithLibrary(bytes: Uint8Array, path: string, index: number, where: string): TiffIfd {
  try {
    return decodeTiff(bytes, { pages: [index] })[0]!;
  } catch (e) {
    const unsupported = e instanceof Error && /unsupported|not supported|invalid predictor/i.test(e.message);
    return guard('imread', path, unsupported ? `unsupported TIFF layout${where}` : `corrupt or truncated TIFF${where}`, () => {
      throw e;
    });
  }
}

/** Predictor 2: each sample was stored as the difference to the same channel of its left neighbour. */
function undoHorizontalDifferencing(v: TypedArray, channels: number, rowLength: number): void {
  for (let start = 0; start < v.length; start += rowLength) {
    const end = Math.min(v.length, start + rowLength);
    for (let i = start + channels; i < end; i++) v[i] = v[i]! + v[i - channels]!;
  }
}

/** Every strip or tile the page names must lie inside the file. */
function checkSegments(bytes: Uint8Array, path: string, ifd: TiffIfd, where: string): void {
  const tiled = ifd.tiled;
  const offsets = tiled ? ifd.tileOffsets : ifd.stripOffsets;
  const counts = tiled ? ifd.tileByteCounts : ifd.stripByteCounts;
  const kind = tiled ? 'tile' : 'strip';
  for (let s = 0; s < offsets.length; s++) {
    const at = offsets[s]!, n = counts[s] ?? 0;
    if (at + n > bytes.length) {
      ioFail('imread', path, `truncated TIFF${where}: ${kind} ${s} spans bytes ${at}–${at + n}, but the file has ${bytes.length}`);
    }
  }
}

/** PackBits (Macintosh RLE) decoding of one strip, up to `limit` output bytes. */
function unpackBits(src: Uint8Array, limit: number): Uint8Array {
  const out = new Uint8Array(limit);
  let i = 0, o = 0;
  while (i < src.length && o < limit) {
    const n = (src[i++]! << 24) >> 24;
    if (n >= 0) {
      const end = Math.min(i + n + 1, src.length);
      while (i < end && o < limit) out[o++] = src[i++]!;
    } else if (n !== -128) {
      const v = src[i++] ?? 0;
      for (let k = 0; k < 1 - n && o < limit; k++) out[o++] = v;
    }
  }
  return out.subarray(0, o);
}
