/**
 * NumPy `.npy` format (versions 1.0–3.0): parse and serialize NDArrays in memory.
 *
 * Layout: magic `\x93NUMPY`, major/minor version, header length (u16 for v1, u32 for v2/3), an
 * ASCII Python dict literal `{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }` padded
 * to a multiple of 64 bytes, then the raw data. Big-endian and Fortran-ordered data are converted
 * to our native little-endian C order. int64/uint32 data (NumPy's default integer on Linux) is read
 * into int32 when every value fits, float16 is not supported.
 */
import { allocate, type DType } from '../ndarray/dtype.ts';
import { NDArray, shapeSize } from '../ndarray/ndarray.ts';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const DESCR_OF: Record<DType, string> = {
  bool: '|b1', uint8: '|u1', uint16: '<u2', int16: '<i2', int32: '<i4', float32: '<f4', float64: '<f8',
};

interface Source { kind: 'b' | 'u' | 'i' | 'f'; bytes: number; little: boolean }

function parseDescr(descr: string, where: string): Source {
  const m = /^([<>|=])([biuf])(\d+)$/.exec(descr);
  if (!m) throw new Error(`${where}: unsupported dtype descr ${JSON.stringify(descr)}`);
  return { kind: m[2] as Source['kind'], bytes: Number(m[3]), little: m[1] !== '>' };
}

function targetDType(src: Source, where: string): DType {
  const { kind, bytes } = src;
  if (kind === 'b' && bytes === 1) return 'bool';
  if (kind === 'u' && bytes === 1) return 'uint8';
  if (kind === 'u' && bytes === 2) return 'uint16';
  if (kind === 'i' && bytes === 1) return 'int16';
  if (kind === 'i' && bytes === 2) return 'int16';
  if ((kind === 'i' && (bytes === 4 || bytes === 8)) || (kind === 'u' && (bytes === 4 || bytes === 8))) return 'int32';
  if (kind === 'f' && bytes === 4) return 'float32';
  if (kind === 'f' && bytes === 8) return 'float64';
  throw new Error(`${where}: unsupported element type ${kind}${bytes * 8}`);
}

function readElement(view: DataView, pos: number, src: Source): number {
  const le = src.little;
  switch (`${src.kind}${src.bytes}`) {
    case 'b1': case 'u1': return view.getUint8(pos);
    case 'i1': return view.getInt8(pos);
    case 'u2': return view.getUint16(pos, le);
    case 'i2': return view.getInt16(pos, le);
    case 'u4': return view.getUint32(pos, le);
    case 'i4': return view.getInt32(pos, le);
    case 'u8': return Number(view.getBigUint64(pos, le));
    case 'i8': return Number(view.getBigInt64(pos, le));
    case 'f4': return view.getFloat32(pos, le);
    default: return view.getFloat64(pos, le);
  }
}

/** One `'key': value` entry of the header dict (a string, True/False, or a flat tuple), then `,` or the end. */
const ENTRY = /\s*'(\w+)'\s*:\s*('[^']*'|True|False|\([^()]*\))\s*(?:,|$)/y;

/**
 * The header dict, read as NumPy reads it: exactly the keys 'descr', 'fortran_order' and 'shape',
 * each once, and nothing else (NumPy evaluates the dict as a literal and refuses other keys).
 */
function parseHeader(text: string, where: string): { descr: string; fortran: boolean; shape: number[] } {
  const bad = (why: string) => new Error(`${where}: malformed .npy header (${why}): ${JSON.stringify(text.trim().slice(0, 200))}`);
  const body = text.trim();
  if (!body.startsWith('{') || !body.endsWith('}')) throw bad('not a dict');
  const inner = body.slice(1, -1);
  const fields = new Map<string, string>();
  for (let pos = 0; inner.slice(pos).trim() !== '';) {
    ENTRY.lastIndex = pos;
    const m = ENTRY.exec(inner);
    if (m === null) throw bad("expected entries like 'descr': '<f8'");
    if (fields.has(m[1]!)) throw bad(`key '${m[1]}' given twice`);
    fields.set(m[1]!, m[2]!);
    pos = ENTRY.lastIndex;
  }
  const keys = [...fields.keys()].sort().join(', ');
  if (keys !== 'descr, fortran_order, shape') throw bad(`keys ${keys || '(none)'}, expected descr, fortran_order, shape`);
  const descr = fields.get('descr')!, fortran = fields.get('fortran_order')!, shape = fields.get('shape')!;
  if (!descr.startsWith("'")) throw bad(`'descr' ${descr} is not a string`);
  if (fortran !== 'True' && fortran !== 'False') throw bad(`'fortran_order' ${fortran} is not True or False`);
  if (!shape.startsWith('(')) throw bad(`'shape' ${shape} is not a tuple`);
  const dims = shape.slice(1, -1).split(',').map((d) => d.trim()).filter((d) => d.length > 0).map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) throw bad(`'shape' ${shape} is not a tuple of non-negative integers`);
  return { descr: descr.slice(1, -1), fortran: fortran === 'True', shape: dims };
}

/** What a `.npy` header says: the element type as stored and as read, the shape and layout. */
export interface NpyHeader {
  /** The dtype descr as written, e.g. `<f4`. */
  descr: string;
  /** The dusk dtype the data is read into. */
  dtype: DType;
  shape: number[];
  fortranOrder: boolean;
  /** Byte position of the first element. */
  dataOffset: number;
  /** Bytes per stored element. */
  itemBytes: number;
  littleEndian: boolean;
}

/**
 * Parse the header of `.npy` bytes (the first 64 KiB are always enough for headers NumPy
 * writes); `name` (e.g. the file path) is used in error messages.
 */
export function parseNpyHeader(bytes: Uint8Array, name = 'parseNpy'): NpyHeader {
  const where = `readNpy(${name})`;
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error(`${where}: not a .npy file (bad magic)`);
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw new Error(`${where}: unsupported .npy format version ${major}.${bytes[7]} (dusk reads 1.0 to 3.0)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major !== 1 && bytes.length < 12) throw new Error(`${where}: truncated header`);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = (major === 1 ? 10 : 12) + headerLen;
  if (dataStart > bytes.length) throw new Error(`${where}: truncated header`);
  const header = parseHeader(new TextDecoder('latin1').decode(bytes.subarray(major === 1 ? 10 : 12, dataStart)), where);
  const src = parseDescr(header.descr, where);
  return {
    descr: header.descr, dtype: targetDType(src, where), shape: header.shape, fortranOrder: header.fortran,
    dataOffset: dataStart, itemBytes: src.bytes, littleEndian: src.little || src.bytes === 1,
  };
}

/** Parse `.npy` bytes; `name` (e.g. the file path) is used in error messages. */
export function parseNpy(bytes: Uint8Array, name = 'parseNpy'): NDArray {
  const where = `readNpy(${name})`;
  const h = parseNpyHeader(bytes, name);
  const src = parseDescr(h.descr, where);
  const dtype = h.dtype;
  const dataStart = h.dataOffset;
  const header = { shape: h.shape, fortran: h.fortranOrder };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = shapeSize(header.shape);
  if (dataStart + size * src.bytes > bytes.length) {
    throw new Error(`${where}: truncated data (expected ${size * src.bytes} bytes, found ${bytes.length - dataStart})`);
  }
  const out = allocate(dtype, size);
  const nd = header.shape.length;
  const sameLayout = (!header.fortran || nd <= 1) && (src.little || src.bytes === 1) &&
    out.BYTES_PER_ELEMENT === src.bytes && !(src.kind === 'i' && src.bytes === 1) && !(src.kind === 'u' && src.bytes === 4);
  if (sameLayout) {
    new Uint8Array(out.buffer, 0, size * src.bytes).set(bytes.subarray(dataStart, dataStart + size * src.bytes));
    return new NDArray(out, header.shape, { dtype });
  }
  // Fortran order: element i (C order) lives at the F-order position of its index.
  const fStrides = header.shape.map((_, ax) => shapeSize(header.shape.slice(0, ax)));
  const cStr = header.shape.map((_, ax) => shapeSize(header.shape.slice(ax + 1)));
  for (let i = 0; i < size; i++) {
    let k = i;
    if (header.fortran && nd > 1) {
      k = 0;
      let rem = i;
      for (let ax = 0; ax < nd; ax++) {
        const q = Math.floor(rem / cStr[ax]!);
        rem -= q * cStr[ax]!;
        k += q * fStrides[ax]!;
      }
    }
    const v = readElement(view, dataStart + k * src.bytes, src);
    if (dtype === 'int32' && (v > 2147483647 || v < -2147483648)) {
      throw new Error(`${where}: ${int32Overflow(v, `${src.kind === 'u' ? 'uint' : 'int'}${src.bytes * 8}`)}`);
    }
    out[i] = v;
  }
  return new NDArray(out, header.shape, { dtype });
}

/** Why `v`, stored as `stored` (e.g. `uint32`), cannot be read: dusk reads such data as int32. */
export function int32Overflow(v: number, stored: string): string {
  return `value ${v} does not fit int32 (${stored} data is read as int32 when every value fits)`;
}

/** The `.npy` (version 1.0) header for an array of `dtype` and `shape`; data follows it directly. */
export function npyHeader(dtype: DType, shape: readonly number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${DESCR_OF[dtype]}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length);
  out.set(MAGIC);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  return out;
}

/** Serialize an NDArray to `.npy` (version 1.0) bytes. */
export function serializeNpy(a: NDArray): Uint8Array {
  const header = npyHeader(a.dtype, a.shape);
  const values = a.values();
  const out = new Uint8Array(header.length + values.byteLength);
  out.set(header);
  out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), header.length);
  return out;
}
