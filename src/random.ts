/** A small, fast, seedable PRNG (sfc32) with independent forked streams, so output never depends on processing order. */

const TWO_POW_32 = 4294967296;

/** Murmur3's finaliser: spreads every input bit over the 32-bit output. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** FNV-1a, so that streams can also be named ('products', 'customers'). */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A random stream. The key has 64 bits, not 32: with a million customer streams a 32-bit key would
 * give about a hundred pairs of identical customers.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  private constructor(
    private readonly k1: number,
    private readonly k2: number,
  ) {
    this.a = mix32(k1 ^ 0x9e3779b9);
    this.b = mix32(k2 ^ 0x243f6a88);
    this.c = mix32((k1 + k2) ^ 0xb7e15162);
    this.d = 1;
    // sfc32 needs a few rounds before a weak seed stops showing in its output.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The root stream of a seed (any safe integer). */
  static fromSeed(seed: number): Rng {
    const low = seed >>> 0;
    const high = Math.floor(seed / TWO_POW_32) >>> 0;
    return new Rng(mix32(low + 0x6a09e667), mix32(high ^ 0xbb67ae85));
  }

  /**
   * An independent stream derived from this stream's key and an id, never from its current
   * position: forking customer 17 gives the same stream however many draws happened before.
   */
  fork(streamId: number | string): Rng {
    const id = typeof streamId === 'number' ? streamId >>> 0 : hashString(streamId);
    const hi = typeof streamId === 'number' ? Math.floor(streamId / TWO_POW_32) >>> 0 : 0x5bd1e995;
    return new Rng(mix32(this.k1 ^ mix32(id + 0x3c6ef372)), mix32(this.k2 + mix32(id ^ 0xa54ff53a) + hi));
  }

  private nextUint32(): number {
    const t0 = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    const t = (t0 + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box-Muller; the spare value is dropped so the stream stays stateless). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: log(0) must not happen
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Lognormal with the given median and log-scale spread. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Poisson count (Knuth's method; only used with small means). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = this.next(); p > limit; p *= this.next()) k++;
    return k;
  }

  /** A uniformly chosen element. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Shuffles in place (Fisher-Yates), so the order depends only on the stream. */
  shuffle<T>(items: { length: number; [index: number]: T }): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
  }

  /** Index chosen with probability proportional to its weight. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let u = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) return i;
    }
    return weights.length - 1;
  }
}
