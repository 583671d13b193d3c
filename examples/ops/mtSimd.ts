/**
 * The bulk part of `RandomState.normalInto` (random.ts) as WebAssembly SIMD: the Mersenne
 * Twister's block refill, the tempering, and the polar method's candidate pairs, four 32-bit
 * lanes at a time. Assembled at load time with dusk-image-ops' WebAssembly writer
 * (`dusk-image-ops/wasm`, the one its filter kernels are built with; no binary is committed); without WebAssembly SIMD `loadMtKernels()` returns undefined and random.ts keeps
 * its JavaScript loops.
 *
 * - `refill()`: MT19937's `next_state` on the 624 words at `mt`. Word k reads k, k + 1 and
 *   k + 397 (mod 624); k + 397 is read before it is rewritten for k < 227 and after for k ≥ 227,
 *   so four neighbouring words never depend on each other: 56 + 99 vectors of four, and words
 *   224–226 and 623 one at a time.
 * - `candidates(from)`: for each group of four words from word `from` (a multiple of 4) to the
 *   end of the block, tempers them (a, b, c, d) and writes the candidate pair
 *   `x1 = 2·((a>>>5)·2^26 + (b>>>6))/2^53 − 1`, `x2` likewise from (c, d), into `cand` and
 *   `x1² + x2²` into `r2`. Every operation is the scalar code's, in the same order (f64 lanes
 *   are IEEE doubles, no fused multiply-add; `2·(v/2^53) − 1` is `v·2^-52 − 1` exactly), so the
 *   results are bit-identical to the JavaScript path. Accepting or rejecting a candidate and the
 *   logarithm stay in JavaScript (`Math.log`, the rounding the tests pin).
 *
 * Memory (one 64 KiB page per thread): the state at byte 0 (624 int32), the candidates at
 * `CAND_AT` (156 pairs of f64), their r² at `R2_AT` (156 f64). Nothing here is reentrant:
 * `normalInto` copies a generator's state in, runs, and copies it back.
 */
import { I32, instantiate, op, V128, type WasmFunction } from 'dusk-image-ops/wasm';

const N = 624;
const M = 397;
const UPPER = 0x80000000 | 0;
const LOWER = 0x7fffffff;
const MATRIX_A = 0x9908b0df | 0;
/** Candidates per block: four words each. */
export const CANDIDATES = N / 4;
const CAND_AT = 2560;
const R2_AT = CAND_AT + CANDIDATES * 16;

const {
  get, set, i32, f64, add, sub, and, or, xor, shl, shrS, shrU, geS, block, loop, end, br, brIf,
  i32Load, i32Store, v128Load, v128Store, v128Store64Lane0, i32x4Splat, f64x2Splat, v128And, v128Or, v128Xor,
  i32x4Shl, i32x4ShrS, i32x4ShrU, i8x16Shuffle, f64x2ConvertLowI32x4U, f64x2Add, f64x2Sub, f64x2Mul,
} = op;

/** Bytes 0-7 and 8-15 swapped (the two f64 lanes), from one operand. */
const SWAP64 = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
/** Lanes (u0, u2, v1, v3) of two i32x4 operands u, v. */
const HI_LO = [0, 1, 2, 3, 8, 9, 10, 11, 20, 21, 22, 23, 28, 29, 30, 31];

/** `for (p = from; p < to; p += step) body` over the i32 local `p` (`from` is code, `to` and `step` constants). */
const forRange = (p: number, from: number[], to: number, step: number, body: number[][]): number[][] => [
  from, set(p),
  block, loop,
  get(p), i32(to), geS, brIf(1),
  ...body,
  get(p), i32(step), add, set(p),
  br(0),
  end, end,
];

function refill(): WasmFunction {
  const [p, y, upper, lower, matrix, ys] = [0, 1, 2, 3, 4, 5];
  // mt[k] = mt[c] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A), y = (mt[k] & UPPER) | (mt[k+1] & LOWER)
  const vectorStep = (cAddr: number[][]): number[][] => [
    get(p),
    get(p), v128Load(0), get(upper), v128And, get(p), v128Load(4), get(lower), v128And, v128Or, set(y),
    ...cAddr, v128Load(0),
    get(y), i32(1), i32x4ShrU, v128Xor,
    get(y), i32(31), i32x4Shl, i32(31), i32x4ShrS, get(matrix), v128And, v128Xor,
    v128Store(0),
  ];
  const scalarStep = (k: number, next: number, c: number): number[][] => [
    i32(k * 4),
    i32(k * 4), i32Load(0), i32(UPPER), and, i32(next * 4), i32Load(0), i32(LOWER), and, or, set(ys),
    i32(c * 4), i32Load(0),
    get(ys), i32(1), shrU, xor,
    get(ys), i32(31), shl, i32(31), shrS, i32(MATRIX_A), and, xor,
    i32Store(0),
  ];
  const vectorEnd = Math.floor((N - M) / 4) * 4; // 224
  const tail1 = Array.from({ length: N - M - vectorEnd }, (_, t) => scalarStep(vectorEnd + t, vectorEnd + t + 1, vectorEnd + t + M)).flat();
  return {
    name: 'refill', params: 0, locals: [I32, V128, V128, V128, V128, I32],
    body: [
      i32(UPPER), i32x4Splat, set(upper),
      i32(LOWER), i32x4Splat, set(lower),
      i32(MATRIX_A), i32x4Splat, set(matrix),
      ...forRange(p, i32(0), vectorEnd * 4, 16, vectorStep([get(p), i32(M * 4), add])),
      ...tail1,
      ...forRange(p, i32((N - M) * 4), (N - 1) * 4, 16, vectorStep([get(p), i32((N - M) * 4), sub])),
      ...scalarStep(N - 1, 0, M - 1),
    ],
  };
}

function candidates(): WasmFunction {
  const [from, p, out, r2p, t, hi, x] = [0, 1, 2, 3, 4, 5, 6];
  return {
    name: 'candidates', params: 1, locals: [I32, I32, I32, V128, V128, V128],
    body: [
      get(from), i32(2), shl, i32(CAND_AT), add, set(out), // 16 bytes per 4 words
      get(from), i32(1), shl, i32(R2_AT), add, set(r2p),
      ...forRange(p, [...get(from), ...i32(2), ...shl], N * 4, 16, [
        // temper four words
        get(p), v128Load(0), set(t),
        get(t), get(t), i32(11), i32x4ShrU, v128Xor, set(t),
        get(t), get(t), i32(7), i32x4Shl, i32(0x9d2c5680 | 0), i32x4Splat, v128And, v128Xor, set(t),
        get(t), get(t), i32(15), i32x4Shl, i32(0xefc60000 | 0), i32x4Splat, v128And, v128Xor, set(t),
        get(t), get(t), i32(18), i32x4ShrU, v128Xor, set(t),
        // (a>>>5, c>>>5, b>>>6, d>>>6) → [x1, x2] = (hi·2^26 + lo)·2^-52 − 1
        get(t), i32(5), i32x4ShrU, get(t), i32(6), i32x4ShrU, i8x16Shuffle(HI_LO), set(hi),
        get(hi), f64x2ConvertLowI32x4U, f64(67108864), f64x2Splat, f64x2Mul,
        get(hi), get(hi), i8x16Shuffle(SWAP64), f64x2ConvertLowI32x4U, f64x2Add,
        f64(2 ** -52), f64x2Splat, f64x2Mul, f64(1), f64x2Splat, f64x2Sub, set(x),
        get(out), get(x), v128Store(0),
        // r2 = x1·x1 + x2·x2 in lane 0
        get(r2p),
        get(x), get(x), f64x2Mul, set(x),
        get(x), get(x), get(x), i8x16Shuffle(SWAP64), f64x2Add, v128Store64Lane0(0),
        get(out), i32(16), add, set(out),
        get(r2p), i32(8), add, set(r2p),
      ]),
    ],
  };
}

export interface MtKernels {
  /** The generator state the kernels work on (624 words). */
  mt: Int32Array;
  /** Candidate c's x1 at [2c], x2 at [2c + 1]. */
  cand: Float64Array;
  /** Candidate c's x1² + x2². */
  r2: Float64Array;
  refill(): void;
  /** Fill candidates `from / 4` .. 155 from state words `from` .. 623 (`from` a multiple of 4). */
  candidates(from: number): void;
}

/** Instantiate the kernels over a fresh one-page memory, or undefined without WebAssembly SIMD. */
export function loadMtKernels(): MtKernels | undefined {
  const inst = instantiate([refill(), candidates()], 1);
  if (inst === undefined) return undefined; // no WebAssembly SIMD here: random.ts runs its JavaScript loops
  const ex = inst.exports as unknown as Pick<MtKernels, 'refill' | 'candidates'>;
  return {
    mt: new Int32Array(inst.buffer, 0, N),
    cand: new Float64Array(inst.buffer, CAND_AT, 2 * CANDIDATES),
    r2: new Float64Array(inst.buffer, R2_AT, CANDIDATES),
    refill: ex.refill, candidates: ex.candidates,
  };
}
