/**
 * A minimal WebAssembly binary writer, enough to assemble the correlation kernels of
 * `simdKernels.ts` at load time from the TypeScript source (no toolchain, no committed binary).
 * Published as `dusk-image-ops/wasm` for ops of one's own that want the same (the tutorial's
 * NumPy generator, `examples/ops/mtSimd.ts`).
 *
 * Supported: one imported memory (`env.memory`), functions whose parameters are i32, without
 * results, whose locals are i32/f64/v128, exported by name. Instructions are written as byte arrays
 * with the helpers in `op` (a small subset of the core and SIMD opcodes, numbered as in the
 * WebAssembly 2.0 specification); LEB128 immediates are encoded here.
 */

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F64 | typeof V128;

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (32-bit). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

/** An f64 immediate: its IEEE bytes, little-endian. */
function f64Bytes(v: number): number[] {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v, true);
  return Array.from(b);
}

/** A 64-bit lane of a v128 immediate: two's complement, little-endian. */
function i64Bytes(v: bigint): number[] {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
  return Array.from(b);
}

const simd = (code: number, ...imm: number[]): number[] => [0xfd, ...uleb(code), ...imm];
/** Memory immediate: alignment (log2 bytes) and offset. */
const memarg = (align: number, offset: number): number[] => [align, ...uleb(offset)];

/** Instruction encoders (stack machine: operands are pushed by earlier instructions). */
export const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  f64: (v: number) => [0x44, ...f64Bytes(v)],
  add: [0x6a], sub: [0x6b], mul: [0x6c], and: [0x71], or: [0x72], xor: [0x73], shl: [0x74], shrS: [0x75], shrU: [0x76],
  gtS: [0x4a], geS: [0x4e], ltS: [0x48], leS: [0x4c],
  block: [0x02, 0x40], loop: [0x03, 0x40], end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  i32Load: (offset = 0) => [0x28, ...memarg(2, offset)],
  i32Store: (offset = 0) => [0x36, ...memarg(2, offset)],
  f64Load: (offset = 0) => [0x2b, ...memarg(3, offset)],
  f64Store: (offset = 0) => [0x39, ...memarg(3, offset)],
  f64Add: [0xa0], f64Sub: [0xa1], f64Mul: [0xa2],
  /** f32 → f64 (`f64.promote_f32`) after an `f32.load`. */
  f32Load: (offset = 0) => [0x2a, ...memarg(2, offset)],
  f32Store: (offset = 0) => [0x38, ...memarg(2, offset)],
  f64Promote: [0xbb], f32Demote: [0xb6],
  v128Load: (offset = 0) => simd(0x00, ...memarg(4, offset)),
  v128Store: (offset = 0) => simd(0x0b, ...memarg(4, offset)),
  /** Load one f64 and splat it to both lanes. */
  v128Load64Splat: (offset = 0) => simd(0x0a, ...memarg(3, offset)),
  /** Load 2 × f32 into the low lanes (`v128.load64_zero`), for `f64x2.promote_low_f32x4`. */
  v128Load64Zero: (offset = 0) => simd(0x5d, ...memarg(3, offset)),
  /** Store the low 64 bits (lane 0 of an i64x2 view). */
  v128Store64Lane0: (offset = 0) => simd(0x5b, ...memarg(3, offset), 0),
  f64x2Add: simd(0xf0), f64x2Sub: simd(0xf1), f64x2Mul: simd(0xf2),
  /** Splat an i32 / f64 operand to every lane. */
  i32x4Splat: simd(0x11), f64x2Splat: simd(0x14),
  v128And: simd(0x4e), v128Or: simd(0x50), v128Xor: simd(0x51),
  /** Lane-wise shifts by a scalar i32 count. */
  i32x4Shl: simd(0xab), i32x4ShrS: simd(0xac), i32x4ShrU: simd(0xad),
  /** Pick 16 bytes from two vectors: lane bytes 0-15 are the first operand's, 16-31 the second's. */
  i8x16Shuffle: (lanes: readonly number[]) => simd(0x0d, ...lanes),
  /** The two low i32 lanes, as unsigned / signed integers, to f64. */
  f64x2ConvertLowI32x4U: simd(0xff), f64x2ConvertLowI32x4S: simd(0xfe),
  f64x2Div: simd(0xf3), f64x2Sqrt: simd(0xef),
  f32x4Add: simd(0xe4), f32x4Sub: simd(0xe5), f32x4Mul: simd(0xe6), f32x4Div: simd(0xe7),
  /** Lane-wise comparisons: all ones where true, zeros where false (NaN: false, except `ne`). */
  f32x4Eq: simd(0x41), f32x4Ne: simd(0x42), f32x4Lt: simd(0x43), f32x4Gt: simd(0x44), f32x4Le: simd(0x45), f32x4Ge: simd(0x46),
  /** Two vectors' lanes narrowed to half width, signed saturating (masks stay masks). */
  i16x8NarrowI32x4S: simd(0x85), i8x16NarrowI16x8S: simd(0x65),
  /** Load one f32 and splat it to all four lanes. */
  v128Load32Splat: (offset = 0) => simd(0x09, ...memarg(2, offset)),
  /** `pmin(a, b) = b < a ? b : a`, `pmax(a, b) = a < b ? b : a` (C's ternaries, lane-wise). */
  f64x2Pmin: simd(0xf6), f64x2Pmax: simd(0xf7),
  /** f64x2 → the two low i32x4 lanes, saturating (NaN → 0); i32x4 → i16x8 and i16x8 → i8x16, unsigned saturating. */
  i32x4TruncSatF64x2SZero: simd(0xfc), i16x8NarrowI32x4U: simd(0x86), i8x16NarrowI16x8U: simd(0x66),
  /** A 128-bit constant: two 64-bit lanes (as BigInts, two's complement). */
  v128Const: (lo: bigint, hi: bigint) => simd(0x0c, ...i64Bytes(lo), ...i64Bytes(hi)),
  i64x2Shl: simd(0xcb), i64x2ShrU: simd(0xcd), i64x2Add: simd(0xce), i64x2Sub: simd(0xd1),
  i64x2LtS: simd(0xd8), i64x2GtS: simd(0xd9),
  /** 1 when any bit of the operand is set. */
  v128AnyTrue: simd(0x53),
  /** Bits of the first operand where the mask (third) is 1, of the second where it is 0. */
  v128Bitselect: simd(0x52),
  f64Lt: [0x63], f64Ne: [0x62],
  if: [0x04, 0x40],
  f64x2PromoteLow: simd(0x5f), f32x4DemoteZero: simd(0x5e),
};

export interface WasmFunction {
  name: string;
  params: number;
  /** Local types after the (i32) parameters. */
  locals: ValType[];
  body: number[][];
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

/** The bytes of a module importing `env.memory` (≥ `pages` 64 KiB pages) and exporting `funcs`. */
export function assemble(funcs: WasmFunction[], pages: number): Uint8Array {
  const types = funcs.map((f) => [0x60, ...uleb(f.params), ...new Array<number>(f.params).fill(I32), 0]);
  const memImport = [...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(pages)];
  const code = funcs.map((f) => {
    const locals = f.locals.map((t) => [1, t]);
    const body = [...vec(locals), ...f.body.flat(), 0x0b];
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec([memImport])),
    ...section(3, vec(funcs.map((_, i) => uleb(i)))),
    ...section(7, vec(funcs.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(code)),
  ]);
}

/** The part of the WebAssembly JS API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (desc: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/**
 * Assemble `funcs` and instantiate them over a fresh memory of `pages` 64 KiB pages: the memory's
 * buffer and the exported functions, or undefined when this runtime has no WebAssembly or
 * rejects the module (no SIMD), so that callers fall back to JavaScript.
 */
export function instantiate(funcs: WasmFunction[], pages: number): { buffer: ArrayBuffer; exports: Record<string, unknown> } | undefined {
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return undefined;
  try {
    const mod = new wasm.Module(assemble(funcs, pages));
    const memory = new wasm.Memory({ initial: pages, maximum: pages });
    return { buffer: memory.buffer, exports: new wasm.Instance(mod, { env: { memory } }).exports };
  } catch {
    return undefined;
  }
}
