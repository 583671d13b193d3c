/**
 * TIFF structure check, run on the file's bytes before `tiff`'s decoder sees them.
 *
 * `tiff@7` trusts the file: it follows next-IFD pointers forever (a pointer back to an earlier
 * IFD loops until the heap is gone), follows Exif/GPS sub-IFD pointers recursively, reads tag
 * values wherever they point, and sizes tile loops from tags that may be missing or of the wrong
 * type. So, as libtiff does (`TIFFReadDirectory`'s IFD-loop check, bounded directory counts), the
 * chain is walked here first:
 * - every IFD offset is remembered; a next pointer to an IFD already seen ends the chain there:
 *   the pointer is zeroed in a private copy of the bytes, so the pages before the loop still read
 *   (libtiff and tifffile do the same). A pointer outside the file means the file was cut short:
 *   an error, never a silently shorter stack;
 * - every IFD's entries and every tag value (type × count bytes) must lie inside the file;
 *   Exif/GPS sub-IFDs are checked the same way, sharing the set of seen offsets;
 * - the layout tags of a page to be decoded must have the types and counts the specification
 *   gives (ImageWidth as SHORT or LONG, not RATIONAL; TileLength with a value, …), positive
 *   sizes, and as many strip/tile offsets and byte counts as the image needs.
 * Everything is bounded by the file's size, so the walk is linear in it.
 */
import { ioFail } from './errors.ts';

const SHORT = 3, LONG = 4;
/** Bytes per value of TIFF field types 1–12 (0 = unknown type, skipped by readers). */
const TYPE_BYTES = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8];
const TYPE_NAMES = ['?', 'BYTE', 'ASCII', 'SHORT', 'LONG', 'RATIONAL', 'SBYTE', 'UNDEFINED', 'SSHORT', 'SLONG', 'SRATIONAL', 'FLOAT', 'DOUBLE'];
/** Tags that may hold several values: per-sample tags and the strip/tile tables. */
const VECTOR_TAGS = new Set([258, 273, 279, 324, 325, 339]);
const SUB_IFD_TAGS = new Set([34665, 34853]); // Exif, GPS: followed by `tiff`
const TAG_NAMES: Record<number, string> = {
  256: 'ImageWidth', 257: 'ImageLength', 258: 'BitsPerSample', 259: 'Compression', 262: 'PhotometricInterpretation',
  273: 'StripOffsets', 277: 'SamplesPerPixel', 278: 'RowsPerStrip', 279: 'StripByteCounts', 284: 'PlanarConfiguration',
  317: 'Predictor', 322: 'TileWidth', 323: 'TileLength', 324: 'TileOffsets', 325: 'TileByteCounts', 339: 'SampleFormat',
};

export interface TiffEntry { type: number; count: number; /** byte position of the values */ at: number }

export interface TiffStructure {
  /** The bytes to decode: the input, or a copy with a looping or stray next pointer zeroed. */
  bytes: Uint8Array;
  littleEndian: boolean;
  /** The main chain's IFDs, in order: tag → entry. */
  ifds: Map<number, TiffEntry>[];
}

/** Walk and check the IFD chain of TIFF `bytes` (see the header). */
export function inspectTiff(op: string, path: string, bytes: Uint8Array): TiffStructure {
  if (bytes.length < 8) ioFail(op, path, `truncated TIFF header (${bytes.length} bytes)`);
  const le = bytes[0] === 0x49;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = v.getUint16(2, le);
  if (magic === 43) ioFail(op, path, 'BigTIFF is not supported');
  if (magic !== 42 || (bytes[0] !== bytes[1]) || (bytes[0] !== 0x49 && bytes[0] !== 0x4d)) ioFail(op, path, 'not a TIFF file (bad header)');
  const seen = new Set<number>();

  const readIfd = (at: number, what: string): Map<number, TiffEntry> => {
    seen.add(at);
    if (at + 2 > bytes.length) ioFail(op, path, `truncated TIFF: ${what} at byte ${at} lies outside the file (${bytes.length} bytes)`);
    const n = v.getUint16(at, le);
    if (at + 2 + 12 * n + 4 > bytes.length) ioFail(op, path, `truncated TIFF: ${what} at byte ${at} with ${n} entries runs past the end of the file`);
    const entries = new Map<number, TiffEntry>();
    for (let e = 0; e < n; e++) {
      const p = at + 2 + 12 * e;
      const tag = v.getUint16(p, le), type = v.getUint16(p + 2, le), count = v.getUint32(p + 4, le);
      const size = (TYPE_BYTES[type] ?? 0) * count;
      const valueAt = size > 4 ? v.getUint32(p + 8, le) : p + 8;
      if (size > 0 && valueAt + size > bytes.length) {
        ioFail(op, path, `truncated TIFF: tag ${TAG_NAMES[tag] ?? tag} of ${what} has ${count} values at bytes ${valueAt}–${valueAt + size}, but the file has ${bytes.length}`);
      }
      entries.set(tag, { type, count, at: valueAt });
      if (SUB_IFD_TAGS.has(tag) && (TYPE_BYTES[type] ?? 0) > 0) {
        if (type !== LONG || count !== 1) ioFail(op, path, `invalid TIFF: sub-IFD tag ${tag} of ${what} must be one LONG, found ${count} ${TYPE_NAMES[type]}`);
        const sub = v.getUint32(valueAt, le);
        if (seen.has(sub)) ioFail(op, path, `invalid TIFF: sub-IFD tag ${tag} of ${what} points back to the IFD at byte ${sub}`);
        readIfd(sub, `the sub-IFD of ${what}`);
      }
    }
    return entries;
  };

  let out = bytes;
  const ifds: Map<number, TiffEntry>[] = [];
  let pointerAt = 4;
  for (;;) {
    const at = v.getUint32(pointerAt, le);
    if (at === 0) break;
    if (at + 2 > bytes.length) ioFail(op, path, `truncated TIFF: IFD ${ifds.length} at byte ${at} lies outside the file (${bytes.length} bytes)`);
    if (seen.has(at)) {
      if (out === bytes) out = bytes.slice();
      new DataView(out.buffer, out.byteOffset, out.byteLength).setUint32(pointerAt, 0, le);
      break;
    }
    ifds.push(readIfd(at, `IFD ${ifds.length}`));
    pointerAt = at + 2 + 12 * v.getUint16(at, le);
  }
  return { bytes: out, littleEndian: le, ifds };
}

/** Read the values of `entry` as numbers (integer types only; callers check the type). */
function values(s: TiffStructure, entry: TiffEntry): number[] {
  const v = new DataView(s.bytes.buffer, s.bytes.byteOffset, s.bytes.byteLength);
  const out: number[] = [];
  for (let i = 0; i < entry.count; i++) {
    out.push(entry.type === SHORT ? v.getUint16(entry.at + 2 * i, s.littleEndian)
      : entry.type === LONG ? v.getUint32(entry.at + 4 * i, s.littleEndian) : v.getUint8(entry.at + i));
  }
  return out;
}

/** The geometry of one page, as its layout tags declare it. */
export interface PageGeometry { width: number; height: number; samples: number; tiled: boolean; segments: number }

/**
 * Check the layout tags of page `index` (0-based) for decoding: types, counts, positive sizes,
 * and enough strip or tile entries. Returns its geometry.
 */
export function checkPageTags(op: string, path: string, s: TiffStructure, index: number): PageGeometry {
  const ifd = s.ifds[index]!;
  const where = `page ${index}`;
  /** The values of `tag`, of one of `types`; `required` tags must be present; scalar tags (all but
   * the per-sample ones and the offset tables) must hold exactly one value. */
  const get = (tag: number, types: readonly number[], required: boolean): number[] | undefined => {
    const e = ifd.get(tag);
    const name = TAG_NAMES[tag] ?? String(tag);
    if (!e) {
      if (required) ioFail(op, path, `invalid TIFF: ${where} has no ${name} tag`);
      return undefined;
    }
    if (!types.includes(e.type)) {
      ioFail(op, path, `invalid TIFF: ${name} of ${where} has type ${TYPE_NAMES[e.type] ?? e.type}, expected ${types.map((t) => TYPE_NAMES[t]).join(' or ')}`);
    }
    if (e.count === 0) ioFail(op, path, `invalid TIFF: ${name} of ${where} has no values (count 0)`);
    if (e.count !== 1 && !VECTOR_TAGS.has(tag)) ioFail(op, path, `invalid TIFF: ${name} of ${where} has ${e.count} values, expected 1`);
    return values(s, e);
  };
  const positive = (tag: number, vals: number[] | undefined): number | undefined => {
    if (vals === undefined) return undefined;
    if (vals[0]! < 1) ioFail(op, path, `invalid TIFF: ${TAG_NAMES[tag]} of ${where} is ${vals[0]}, expected at least 1`);
    return vals[0]!;
  };
  const width = positive(256, get(256, [SHORT, LONG], true))!;
  const height = positive(257, get(257, [SHORT, LONG], true))!;
  const samples = positive(277, get(277, [SHORT], false)) ?? 1;
  for (const b of get(258, [SHORT], false) ?? []) {
    if (b < 1 || b > 64) ioFail(op, path, `invalid TIFF: BitsPerSample of ${where} is ${b}, expected 1–64`);
  }
  for (const tag of [259, 262, 284, 317, 339]) get(tag, [SHORT], false);
  const planar = samples > 1 && (get(284, [SHORT], false)?.[0] ?? 1) === 2 ? samples : 1;
  const tiled = [322, 323, 324, 325].some((t) => ifd.has(t));
  let segments: number;
  let offsetsTag: number, countsTag: number;
  if (tiled) {
    const tw = positive(322, get(322, [SHORT, LONG], true))!;
    const th = positive(323, get(323, [SHORT, LONG], true))!;
    segments = Math.ceil(width / tw) * Math.ceil(height / th) * planar;
    [offsetsTag, countsTag] = [324, 325];
  } else {
    const rps = positive(278, get(278, [SHORT, LONG], false)) ?? height;
    segments = Math.ceil(height / Math.min(rps, height)) * planar;
    [offsetsTag, countsTag] = [273, 279];
  }
  const offsets = ifd.get(offsetsTag), counts = ifd.get(countsTag);
  get(offsetsTag, [SHORT, LONG], true);
  get(countsTag, [SHORT, LONG], true);
  if (offsets!.count !== counts!.count || offsets!.count < segments) {
    ioFail(op, path, `invalid TIFF: ${where} needs ${segments} ${tiled ? 'tiles' : 'strips'}, but has ${offsets!.count} offsets and ${counts!.count} byte counts`);
  }
  return { width, height, samples, tiled, segments };
}
