/**
 * The bulk of `RandomState.normalInto` (random.ts) as WebAssembly SIMD: the Mersenne Twister's
 * block refill and tempering, the polar method's candidate pairs, their acceptance and the
 * deviates. Assembled at load time with dusk-image-ops' WebAssembly writer
 * (`dusk-image-ops/wasm`, the one its filter kernels are built with; no binary is committed);
 * without WebAssembly SIMD `loadMtKernels()` returns undefined and random.ts keeps its
 * JavaScript loops.
 *
 * - `refill()`: MT19937's `next_state` on the 624 words at `mt`. Word k reads k, k + 1 and
 *   k + 397 (mod 624); k + 397 is read before it is rewritten for k < 227 and after for k ≥ 227,
 *   so four neighbouring words never depend on each other: 56 + 99 vectors of four, and words
 *   224–226 and 623 one at a time.
 * - `candidates(from)`: for each group of four words from word `from` (a multiple of 4) to the
 *   end of the block, tempers them (a, b, c, d) and writes the candidate pair
 *   `x1 = 2·((a>>>5)·2^26 + (b>>>6))/2^53 − 1`, `x2` likewise from (c, d), into `cand` and
 *   `x1² + x2²` into `r2`.
 * - `accept(from)`: keeps the candidates with 0 < r² < 1 and writes their deviates
 *   `loc + scale·(f·x2)`, `loc + scale·(f·x1)`, `f = sqrt(−2·log(r²)/r²)`, clipped to [lo, hi]
 *   as `np.clip` does (`v < lo ? lo : v > hi ? hi : v`, without branches), two candidates per
 *   step, with fdlibm's logarithm (the code of V8's `Math.log`, `logSimd.ts`) lane by lane. A
 *   block where some r² needs fdlibm's third formula (|f| < 2^-20, a few blocks per million
 *   deviates) is flagged, and random.ts redoes it with `Math.log`.
 * Every operation is the scalar code's, in the same order (f64 lanes are IEEE doubles, no fused
 * multiply-add; `2·(v/2^53) − 1` is `v·2^-52 − 1` exactly; fdlibm's `k == 0` branches give the
 * same values as its general ones for these inputs), so the results are bit-identical to the
 * JavaScript path (`normalIntoJs`). 2048² deviates: ~10 ms in refill + candidates, ~17 ms in
 * accept, against ~80 ms for the JavaScript loops.
 *
 * Memory (one 64 KiB page per thread): the state at byte 0 (624 int32), the candidates at
 * `CAND_AT` (156 pairs of f64), their r² at `R2_AT`, the accepted ones from `ACC_X_AT` on, their
 * deviates at `OUT_AT`, the counts and [loc, scale, lo, hi] at `COUNT_AT`/`PARAM_AT`. Nothing here is
 * reentrant: `normalInto` copies a generator's state in, runs, and copies it back.
 */
import { F64, I32, instantiate, op, V128, type ValType, type WasmFunction } from 'dusk-image-ops/wasm';
import { fdlibmLog } from './logSimd.ts';

const N = 624;
const M = 397;
const UPPER = 0x80000000 | 0;
const LOWER = 0x7fffffff;
const MATRIX_A = 0x9908b0df | 0;
/** Candidates per block: four words each. */
export const CANDIDATES = N / 4;
const CAND_AT = 2560;
const R2_AT = CAND_AT + CANDIDATES * 16;
// `accept`: the accepted candidates' pairs, r² and indices, then their two deviates each.
const ACC_X_AT = R2_AT + CANDIDATES * 8;
const ACC_R2_AT = ACC_X_AT + CANDIDATES * 16;
const IDX_AT = ACC_R2_AT + (CANDIDATES + 2) * 8;
const OUT_AT = IDX_AT + CANDIDATES * 4 + 16;
/** i32 count of accepted candidates, i32 "a logarithm needs fdlibm's small-f path"; then f64 loc, scale, lo, hi. */
const COUNT_AT = OUT_AT + CANDIDATES * 16;
const PARAM_AT = COUNT_AT + 8;

const {
  get, set, i32, f64, add, sub, and, or, xor, shl, shrS, shrU, geS, block, loop, end, br, brIf,
  i32Load, i32Store, v128Load, v128Store, v128Store64Lane0, i32x4Splat, f64x2Splat, v128And, v128Or, v128Xor,
  i32x4Shl, i32x4ShrS, i32x4ShrU, i8x16Shuffle, f64x2ConvertLowI32x4U, f64x2Add, f64x2Sub, f64x2Mul,
  f64x2Div, f64x2Sqrt, v128Const, v128AnyTrue, f64Load, f64Store, f64Lt, f64Ne, f64x2Pmin, f64x2Pmax,
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

const LANE0 = [0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7];
const LANE1 = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];

/**
 * `accept(from)`: keep the candidates `from / 4` .. 155 with 0 < r² < 1 (their pairs, r² and
 * indices, in order, without branches), then for each kept candidate write its two deviates,
 * `loc + scale·(f·x2)` and `loc + scale·(f·x1)` with `f = sqrt(-2·log(r²)/r²)`, two candidates
 * per step, clipped to [lo, hi]. The logarithm is `fdlibmLog` (logSimd.ts); the rare inputs that
 * need its third formula set the flag at COUNT_AT + 4 and the caller redoes that block with Math.log.
 */
function accept(): WasmFunction {
  const [from, c, m, r2, j] = [0, 1, 2, 3, 4];
  const [bits, hxm, iv, k, f, sv, dk, z, w, rr, mask, hfsq, a, fv, tiny, x] = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  const F = (v: number) => [f64(v), f64x2Splat];
  return {
    name: 'accept', params: 1, locals: [I32, I32, F64, I32, ...Array.from({ length: 16 }, (): ValType => V128)],
    body: [
      i32(0), set(m),
      ...forRange(c, [...get(from), ...i32(2), ...shrU], CANDIDATES, 1, [
        get(c), i32(3), shl, f64Load(R2_AT), set(r2),
        get(m), i32(4), shl, get(c), i32(4), shl, v128Load(CAND_AT), v128Store(ACC_X_AT),
        get(m), i32(3), shl, get(r2), f64Store(ACC_R2_AT),
        get(m), i32(2), shl, get(c), i32Store(IDX_AT),
        get(m), get(r2), f64(1), f64Lt, get(r2), f64(0), f64Ne, and, add, set(m),
      ]),
      i32(COUNT_AT), get(m), i32Store(0),
      get(m), i32(3), shl, f64(0.75), f64Store(ACC_R2_AT), // a harmless r² beside an odd last one (0.5 would take the small-f path)
      v128Const(0n, 0n), set(tiny),
      i32(0), set(j),
      block, loop,
      get(j), get(m), geS, brIf(1),
      get(j), i32(3), shl, v128Load(ACC_R2_AT), set(bits), // two r²
      ...fdlibmLog({ bits, hxm, iv, k, f, sv, dk, z, w, rr, mask, hfsq, a, tiny }), // their logarithms
      // f = sqrt((-2·log) / r²)
      ...F(-2), f64x2Mul, get(bits), f64x2Div, f64x2Sqrt, set(fv),
      ...[0, 1].flatMap((lane) => [
        get(j), i32(4), shl, i32(16 * lane), add, v128Load(ACC_X_AT), get(fv), get(fv), i8x16Shuffle(lane === 0 ? LANE0 : LANE1), f64x2Mul, set(x),
        get(j), i32(4), shl, i32(16 * lane), add,
        i32(PARAM_AT), op.v128Load64Splat(0),
        i32(PARAM_AT), op.v128Load64Splat(8), get(x), get(x), i8x16Shuffle(SWAP64), f64x2Mul,
        f64x2Add, i32(PARAM_AT), op.v128Load64Splat(16), f64x2Pmax, i32(PARAM_AT), op.v128Load64Splat(24), f64x2Pmin,
        v128Store(OUT_AT),
      ]),
      get(j), i32(2), add, set(j),
      br(0),
      end, end,
      i32(COUNT_AT), get(tiny), v128AnyTrue, i32Store(4),
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
  /** Accepted candidate j's x1 at [2j], x2 at [2j + 1]; its r² at `accR2[j]`, its index at `idx[j]`. */
  accX: Float64Array;
  accR2: Float64Array;
  idx: Int32Array;
  /** Accepted candidate j's two deviates at [2j], [2j + 1]. */
  out: Float64Array;
  /** [accepted count, 1 when a logarithm took fdlibm's small-f path (redo the block in JavaScript)]. */
  count: Int32Array;
  /** [loc, scale, lo, hi] for `accept`: deviates are clipped to [lo, hi] (±Infinity: not clipped). */
  params: Float64Array;
  refill(): void;
  /** Fill candidates `from / 4` .. 155 from state words `from` .. 623 (`from` a multiple of 4). */
  candidates(from: number): void;
  /** Keep the candidates from `from / 4` on that lie in the unit disc and write their deviates. */
  accept(from: number): void;
}

/** Instantiate the kernels over a fresh one-page memory, or undefined without WebAssembly SIMD. */
export function loadMtKernels(): MtKernels | undefined {
  const inst = instantiate([refill(), candidates(), accept()], 1);
  if (inst === undefined) return undefined; // no WebAssembly SIMD here: random.ts runs its JavaScript loops
  const ex = inst.exports as unknown as Pick<MtKernels, 'refill' | 'candidates' | 'accept'>;
  const b = inst.buffer;
  return {
    mt: new Int32Array(b, 0, N),
    cand: new Float64Array(b, CAND_AT, 2 * CANDIDATES),
    r2: new Float64Array(b, R2_AT, CANDIDATES),
    accX: new Float64Array(b, ACC_X_AT, 2 * CANDIDATES),
    accR2: new Float64Array(b, ACC_R2_AT, CANDIDATES),
    idx: new Int32Array(b, IDX_AT, CANDIDATES),
    out: new Float64Array(b, OUT_AT, 2 * CANDIDATES),
    count: new Int32Array(b, COUNT_AT, 2),
    params: new Float64Array(b, PARAM_AT, 4),
    refill: ex.refill, candidates: ex.candidates, accept: ex.accept,
  };
}
