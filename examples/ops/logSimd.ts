/**
 * fdlibm's natural logarithm (`__ieee754_log`, the code of V8's `Math.log`, src/base/ieee754.cc)
 * on two f64 lanes, for inputs in (0, 1) (normal, positive, below one: the polar method's r²),
 * operation for operation, so each lane gets `Math.log`'s bits:
 *
 *     x = 2^k·(1 + f), √2/2 < 1 + f < √2;  s = f/(2 + f);  z = s², w = z²
 *     R = z·(Lg1 + w·(Lg3 + w·(Lg5 + w·Lg7))) + w·(Lg2 + w·(Lg4 + w·Lg6))
 *     log = k·ln2_hi − ((hfsq − (s·(hfsq + R) + k·ln2_lo)) − f)   if 0x6147a ≤ hx ≤ 0x6b851,  hfsq = ½f²
 *         = k·ln2_hi − ((s·(f − R) − k·ln2_lo) − f)               otherwise
 *
 * Both formulas are computed and one selected per lane (fdlibm's separate `k == 0` forms give the
 * same values for these inputs: only the sign of a zero could differ, and log x ≠ 0 here). Its
 * third formula, for |f| < 2^-20, is not written out: lanes that need it set bits in the local
 * `tiny` (OR-ed in), and the caller recomputes them with `Math.log`. The input is the local
 * `bits` (the two r² as f64x2); the result is left on the stack. Every other named local is
 * scratch (v128).
 */
import { op } from 'dusk-image-ops/wasm';

const {
  get, set, i32, f64, f64x2Splat, f64x2Add, f64x2Sub, f64x2Mul, f64x2Div, f64x2ConvertLowI32x4S, i8x16Shuffle,
  v128Const, v128And, v128Or, v128Xor, v128Bitselect, i64x2Shl, i64x2ShrU, i64x2Add, i64x2Sub, i64x2LtS, i64x2GtS,
} = op;

const LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
const LG = [0, 6.666666666666735130e-01, 3.999999999940941908e-01, 2.857142874366239149e-01, 2.222219843214978396e-01,
  1.818357216161805012e-01, 1.531383769920937332e-01, 1.479819860511658591e-01];
const i64x2 = (v: bigint) => v128Const(v, v);
/** Lanes 0 and 2 (the low halves of two i64 lanes) to the bottom: for f64x2.convert_low_i32x4_s. */
const LOW32 = [0, 1, 2, 3, 8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11];
const F = (v: number) => [f64(v), f64x2Splat];

/** The local indices `fdlibmLog` reads (`bits`), accumulates into (`tiny`) and uses as scratch. */
export interface LogLocals {
  bits: number; tiny: number;
  hxm: number; iv: number; k: number; f: number; sv: number; dk: number; z: number; w: number; rr: number; mask: number; hfsq: number; a: number;
}

/** The code computing log of the two lanes of local `bits` onto the stack (see the file header). */
export function fdlibmLog({ bits, tiny, hxm, iv, k, f, sv, dk, z, w, rr, mask, hfsq, a }: LogLocals): number[][] {
  return [
    get(bits), i32(32), i64x2ShrU, i64x2(0xfffffn), v128And, set(hxm),
    get(hxm), i64x2(0x95f64n), i64x2Add, i64x2(0x100000n), v128And, set(iv),
    get(bits), i32(52), i64x2ShrU, i64x2(1023n), i64x2Sub, get(iv), i32(20), i64x2ShrU, i64x2Add, set(k),
    get(bits), i64x2(0x000fffffffffffffn), v128And, get(iv), i64x2(0x3ff00000n), v128Xor, i32(32), i64x2Shl, v128Or,
    ...F(1), f64x2Sub, set(f),
    get(tiny), get(hxm), i64x2(2n), i64x2Add, i64x2(0xfffffn), v128And, i64x2(3n), i64x2LtS, v128Or, set(tiny),
    get(f), ...F(2), get(f), f64x2Add, f64x2Div, set(sv),
    get(k), get(k), i8x16Shuffle(LOW32), f64x2ConvertLowI32x4S, set(dk),
    get(sv), get(sv), f64x2Mul, set(z),
    get(z), get(z), f64x2Mul, set(w),
    // R = z·(Lg1 + w·(Lg3 + w·(Lg5 + w·Lg7))) + w·(Lg2 + w·(Lg4 + w·Lg6))
    get(z), ...F(LG[1]!), get(w), ...F(LG[3]!), get(w), ...F(LG[5]!), get(w), ...F(LG[7]!), f64x2Mul, f64x2Add, f64x2Mul, f64x2Add, f64x2Mul, f64x2Add, f64x2Mul,
    get(w), ...F(LG[2]!), get(w), ...F(LG[4]!), get(w), ...F(LG[6]!), f64x2Mul, f64x2Add, f64x2Mul, f64x2Add, f64x2Mul,
    f64x2Add, set(rr),
    get(hxm), i64x2(0x6147an), i64x2Sub, i64x2(0x6b851n), get(hxm), i64x2Sub, v128Or, i64x2(0n), i64x2GtS, set(mask),
    ...F(0.5), get(f), f64x2Mul, get(f), f64x2Mul, set(hfsq),
    // a = dk·ln2_hi − ((hfsq − (s·(hfsq + R) + dk·ln2_lo)) − f)
    get(dk), ...F(LN2_HI), f64x2Mul,
    get(hfsq), get(sv), get(hfsq), get(rr), f64x2Add, f64x2Mul, get(dk), ...F(LN2_LO), f64x2Mul, f64x2Add, f64x2Sub, get(f), f64x2Sub,
    f64x2Sub, set(a),
    // b = dk·ln2_hi − ((s·(f − R) − dk·ln2_lo) − f); log = mask ? a : b
    get(a),
    get(dk), ...F(LN2_HI), f64x2Mul,
    get(sv), get(f), get(rr), f64x2Sub, f64x2Mul, get(dk), ...F(LN2_LO), f64x2Mul, f64x2Sub, get(f), f64x2Sub,
    f64x2Sub,
    get(mask), v128Bitselect,
  ];
}
