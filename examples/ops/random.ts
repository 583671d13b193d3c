/**
 * NumPy's legacy `np.random.RandomState(seed).normal(loc, scale, size)`, bit for bit.
 *
 * The batch tutorial (seed 004) makes its images with `RandomState(index).normal(...)`; porting
 * the generator exactly means dusk and the Python benchmark process the *same* pixels, so their
 * variances can be compared number for number, not just in distribution.
 *
 * - MT19937 seeded from a 32-bit integer (`init_genrand`, what `RandomState(int)` does);
 * - doubles with 53 random bits: `(a >> 5) * 2^26 + (b >> 6)) / 2^53`;
 * - Gaussians by the Marsaglia polar method, two per round, the second kept for the next call
 *   (NumPy's `legacy_gauss`).
 * Math.log is V8's fdlibm port: it agrees with glibc's log to the last bit on almost all inputs,
 * so a rare value may differ by one ulp — far below anything the examples compare.
 *
 * State: the 624-word Mersenne Twister state, its position, and the cached second Gaussian.
 */

const N = 624;
const M = 397;

export class RandomState {
  private readonly mt = new Uint32Array(N);
  private mti = N;
  private hasGauss = false;
  private gauss = 0;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`RandomState: seed must be an integer in [0, 2**32 - 1], received ${seed}`);
    }
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  private refill(): void {
    const mt = this.mt;
    let k = 0;
    for (; k < N - M; k++) {
      const y = (mt[k]! & 0x80000000) | (mt[k + 1]! & 0x7fffffff);
      mt[k] = mt[k + M]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    for (; k < N - 1; k++) {
      const y = (mt[k]! & 0x80000000) | (mt[k + 1]! & 0x7fffffff);
      mt[k] = mt[k + M - N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    const y = (mt[N - 1]! & 0x80000000) | (mt[0]! & 0x7fffffff);
    mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    this.mti = 0;
  }

  /** The next 32-bit output (tempered). */
  nextUint32(): number {
    if (this.mti >= N) this.refill();
    let y = this.mt[this.mti++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
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

  /** Fill `out` with `loc + scale * N(0, 1)` deviates, as `normal(loc, scale, size)`. */
  normalInto(out: Float64Array, loc: number, scale: number): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = loc + scale * this.standardNormal();
    return out;
  }
}
