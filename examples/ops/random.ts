/**
 * NumPy's legacy `np.random.RandomState(seed).normal(loc, scale, size)`: the same stream (the
 * uniform words exactly, the normal deviates to within one ulp).
 *
 * The batch tutorial (seed 004) makes its images with `RandomState(index).normal(...)`; porting
 * the generator means dusk and the Python benchmark process the *same* pixels, so their
 * variances can be compared number for number, not just in distribution.
 *
 * - MT19937 seeded from a 32-bit integer (`init_genrand`, what `RandomState(int)` does);
 * - doubles with 53 random bits: `(a >> 5) * 2^26 + (b >> 6)) / 2^53`;
 * - Gaussians by the Marsaglia polar method, two per round, the second kept for the next call
 *   (NumPy's `legacy_gauss`).
 * The uniform stream is exact. Math.log is V8's fdlibm port, which rounds differently from glibc's
 * log on a few percent of inputs, so about 3% of standard deviates (0.6% after `loc + scale·z`)
 * differ from NumPy's in the last bit (1 ulp): image variances agree to ~1e-15 relative.
 *
 * Speed: `normalInto` hands the refill, the tempering, the candidate pairs and the deviates to
 * WebAssembly SIMD (`mtSimd.ts`, bit-identical, fdlibm's log as V8's `Math.log` computes it);
 * a 2048² image takes ~30 ms instead of ~80 ms with the JavaScript loops (`normalIntoJs`, the
 * fallback), against NumPy's ~60 ms.
 *
 * State: the 624-word Mersenne Twister state, its tempered outputs for the JavaScript bulk path,
 * the position in the block, and the cached second Gaussian. The SIMD path works on a copy of
 * the state in its thread's kernel memory and writes it back before returning.
 */
import { loadMtKernels, type MtKernels } from './mtSimd.ts';

const N = 624;
const M = 397;
/** The SIMD block kernels of this thread, or undefined (no WebAssembly SIMD: JavaScript only). */
const KERNELS = loadMtKernels();

export class RandomState {
  private readonly mt = new Int32Array(N);
  /** Tempered outputs of the current block (valid from `mti` on inside `normalInto`). */
  private readonly words = new Int32Array(N);
  private mti = N;
  private hasGauss = false;
  private gauss = 0;
  /** Where `randomFrom` left off in `words`. */
  private cursor = 0;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`RandomState: seed must be an integer in [0, 2**32 - 1], received ${seed}`);
    }
    const mt = this.mt;
    mt[0] = seed | 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) | 0;
    }
  }

  // The state and outputs are kept in Int32Arrays and every step is written with int32
  // operations ((y >> 1) & 0x7fffffff is y >>> 1), so V8 never leaves its integer fast path.
  private refill(): void {
    const mt = this.mt;
    let k = 0;
    for (; k < N - M; k++) {
      const y = (mt[k]! & 0x80000000) | (mt[k + 1]! & 0x7fffffff);
      mt[k] = mt[k + M]! ^ ((y >> 1) & 0x7fffffff) ^ (-(y & 1) & 0x9908b0df);
    }
    for (; k < N - 1; k++) {
      const y = (mt[k]! & 0x80000000) | (mt[k + 1]! & 0x7fffffff);
      mt[k] = mt[k + M - N]! ^ ((y >> 1) & 0x7fffffff) ^ (-(y & 1) & 0x9908b0df);
    }
    const y = (mt[N - 1]! & 0x80000000) | (mt[0]! & 0x7fffffff);
    mt[N - 1] = mt[M - 1]! ^ ((y >> 1) & 0x7fffffff) ^ (-(y & 1) & 0x9908b0df);
    this.mti = 0;
  }

  /** MT19937's tempering of one state word (int32 in, int32 out). */
  private static temper(y: number): number {
    y ^= (y >> 11) & 0x1fffff;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    return y ^ ((y >> 18) & 0x3fff);
  }

  /** The next 32-bit output (tempered). */
  nextUint32(): number {
    if (this.mti >= N) this.refill();
    return RandomState.temper(this.mt[this.mti++]!) >>> 0;
  }

  /** A double in [0, 1) with 53 random bits (`random_sample`). */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A standard normal deviate (`legacy_gauss`). */
  standardNormal(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      return this.gauss;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * this.random() - 1;
      x2 = 2 * this.random() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /**
   * Fill `out` with `loc + scale * N(0, 1)` deviates, as `normal(loc, scale, size)`, clipped to
   * [lo, hi] when given (`np.clip(normal(...), lo, hi)`, in the same pass): the same sequence as
   * calling `standardNormal()` repeatedly. Whole blocks are refilled, tempered,
   * turned into candidate pairs and accepted or rejected, and their deviates computed, by the
   * WebAssembly SIMD kernels (`mtSimd.ts`); this loop copies them out and keeps the state (the
   * position after the last candidate used, the cached second deviate). Without WebAssembly SIMD, or when the
   * stream is not at a 4-word boundary (after an odd number of `nextUint32`/`random` calls), the
   * JavaScript loops of `normalIntoJs` run instead (same results).
   */
  normalInto(out: Float64Array, loc: number, scale: number, lo = -Infinity, hi = Infinity): Float64Array {
    checkBounds(lo, hi);
    const n = out.length;
    if (KERNELS === undefined || this.mti % 4 !== 0 || n === 0) return this.normalIntoJs(out, loc, scale, lo, hi);
    let i = 0;
    if (this.hasGauss) out[i++] = clip(loc + scale * this.standardNormal(), lo, hi);
    if (i === n) return out;
    const k = KERNELS;
    k.mt.set(this.mt);
    k.params[0] = loc;
    k.params[1] = scale;
    k.params[2] = lo;
    k.params[3] = hi;
    let w = this.mti;
    for (;;) {
      if (w >= N) { k.refill(); w = 0; }
      k.candidates(w);
      k.accept(w);
      const m = k.count[0]!;
      if (k.count[1] !== 0) deviatesJs(k, m, loc, scale, lo, hi); // a logarithm needs fdlibm's small-f formula
      const need = n - i;
      if (2 * m < need) {
        out.set(k.out.subarray(0, 2 * m), i);
        i += 2 * m;
        w = N;
        continue;
      }
      // The last block: its first `need` deviates; with `need` odd, the last pair's second is kept.
      out.set(k.out.subarray(0, need), i);
      const last = (need - 1) >> 1;
      if (need % 2 === 1) {
        const r2 = k.accR2[last]!;
        this.gauss = Math.sqrt((-2 * Math.log(r2)) / r2) * k.accX[2 * last]!;
        this.hasGauss = true;
      }
      w = 4 * (k.idx[last]! + 1);
      break;
    }
    this.mt.set(k.mt);
    this.mti = w;
    return out;
  }

  /**
   * `normalInto` in JavaScript alone: whole blocks of 624 tempered words are produced at once
   * and consumed from locals; the clip is a second pass.
   */
  normalIntoJs(out: Float64Array, loc: number, scale: number, lo = -Infinity, hi = Infinity): Float64Array {
    checkBounds(lo, hi);
    this.normalIntoJsUnclipped(out, loc, scale);
    if (lo > -Infinity || hi < Infinity) for (let i = 0; i < out.length; i++) out[i] = clip(out[i]!, lo, hi);
    return out;
  }

  private normalIntoJsUnclipped(out: Float64Array, loc: number, scale: number): Float64Array {
    let i = 0;
    const n = out.length;
    if (n > 0 && this.hasGauss) out[i++] = loc + scale * this.standardNormal();
    const words = this.words;
    let w = this.mti >= N ? N : this.mti;
    if (w < N) this.tempered(w); // finish the current block from the state words
    for (; i < n; i += 2) {
      let x1: number, x2: number, r2: number;
      do {
        // four 32-bit words make two doubles with 53 random bits each
        if (w + 4 > N) {
          // crossing a block boundary: take the words one by one
          x1 = 2 * this.randomFrom(words, w) - 1; w = this.cursor;
          x2 = 2 * this.randomFrom(words, w) - 1; w = this.cursor;
        } else {
          x1 = 2 * (((words[w]! >>> 5) * 67108864 + (words[w + 1]! >>> 6)) / 9007199254740992) - 1;
          x2 = 2 * (((words[w + 2]! >>> 5) * 67108864 + (words[w + 3]! >>> 6)) / 9007199254740992) - 1;
          w += 4;
        }
        r2 = x1 * x1 + x2 * x2;
      } while (r2 >= 1 || r2 === 0);
      const f = Math.sqrt((-2 * Math.log(r2)) / r2);
      out[i] = loc + scale * (f * x2);
      if (i + 1 < n) out[i + 1] = loc + scale * (f * x1);
      else { this.gauss = f * x1; this.hasGauss = true; }
    }
    this.mti = w;
    return out;
  }

  /** Tempered copies of the state words from `from` to the end of the block. */
  private tempered(from: number): void {
    const mt = this.mt, words = this.words;
    for (let k = from; k < N; k++) words[k] = RandomState.temper(mt[k]!);
  }

  /** One double from the tempered words at `w`, refilling the block when it runs out. */
  private randomFrom(words: Int32Array, w: number): number {
    if (w >= N) { this.refill(); this.tempered(0); w = 0; }
    const a = words[w++]! >>> 5;
    if (w >= N) { this.refill(); this.tempered(0); w = 0; }
    const b = words[w++]! >>> 6;
    this.cursor = w;
    return (a * 67108864 + b) / 9007199254740992;
  }
}

/** The clip bounds must be ordered numbers (np.clip would return `hi` everywhere for lo > hi). */
function checkBounds(lo: number, hi: number): void {
  if (typeof lo !== 'number' || typeof hi !== 'number' || !(lo <= hi)) {
    throw new RangeError(`RandomState.normalInto: clip bounds must be numbers with lo <= hi, received lo ${String(lo)}, hi ${String(hi)}`);
  }
}

/** `np.clip(v, lo, hi)` for one value: `v < lo ? lo : v > hi ? hi : v`. */
function clip(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** The deviates of the `m` accepted candidates of `k`, written as `accept` does, with Math.log. */
function deviatesJs(k: MtKernels, m: number, loc: number, scale: number, lo: number, hi: number): void {
  for (let j = 0; j < m; j++) {
    const r2 = k.accR2[j]!;
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    k.out[2 * j] = clip(loc + scale * (f * k.accX[2 * j + 1]!), lo, hi);
    k.out[2 * j + 1] = clip(loc + scale * (f * k.accX[2 * j]!), lo, hi);
  }
}
