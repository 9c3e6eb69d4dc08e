/**
 * Seeded, splittable random streams.
 *
 * Generator: xoshiro128** (Blackman & Vigna), 32-bit arithmetic only (`Math.imul`), so it is fast and
 * bit-for-bit identical in every JavaScript engine. The 128-bit state is derived from `(seed, stream)` by a
 * four-round Feistel network over murmur3's 32-bit finalizer. Each round is invertible, so the map from
 * `(seed, stream)` (106 bits of input) to the state is injective: distinct streams never start from the same
 * state, and the finalizer's avalanche makes neighbouring seeds/streams start far apart.
 *
 * `split(k)` derives a child stream id from `(stream, k)` by the same hash, so children of children stay
 * distinct and reproducible: `createRng(seed, s).split(k)` is `createRng(seed, s')` with
 * `s' = child.stream`, which a worker thread can recreate from two numbers.
 *
 * @module
 */
import { fail, invalidArgument } from '../errors.js';

/**
 * A reproducible stream of random numbers.
 * @category Random
 * @since 0.1.0
 */
export interface Rng {
  /** Uniform on the open interval (0, 1), 53-bit resolution (two 32-bit draws). */
  uniform(): number;
  /** A raw 32-bit draw, as an unsigned integer in [0, 2³²). */
  uint32(): number;
  /** Standard normal N(0, 1) (Marsaglia's polar method; the second value of each pair is cached). */
  normal(): number;
  /** Fill `out` with independent N(0, 1) values and return it. */
  fillNormal(out: Float64Array): Float64Array;
  /**
   * The independent child stream number `index` (a non-negative safe integer), reproducible from
   * `(seed, this.stream, index)` alone; its own `stream` id is a 53-bit hash of `(this.stream, index)`.
   * Does not advance this stream.
   */
  split(index: number): Rng;
  /** The seed this stream was created from. */
  readonly seed: number;
  /** This stream's id (0 for the root; children get 53-bit hashed ids). */
  readonly stream: number;
}

const TWO32 = 4294967296;
const TWO_POW_M53 = 1 / 9007199254740992; // 2^-53

/** murmur3 32-bit finalizer: a bijection on 32-bit words with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * Four-round Feistel network on four 32-bit words (in place). Every step xors one word with a function of
 * another, hence the whole map is a bijection of 128 bits; `domain` separates state seeding from stream ids.
 */
function mix128(w: Int32Array, domain: number): void {
  let a = w[0]!;
  let b = w[1]!;
  let c = w[2]!;
  let d = w[3]!;
  for (let r = 0; r < 4; r++) {
    const k = Math.imul(r + 1, 0x9e3779b9) ^ domain;
    a ^= fmix32((d + k) | 0);
    b ^= fmix32((a + k + 0x3c6ef372) | 0);
    c ^= fmix32((b + k + 0x7f4a7c15) | 0);
    d ^= fmix32((c + k + 0x6a09e667) | 0);
  }
  w[0] = a;
  w[1] = b;
  w[2] = c;
  w[3] = d;
}

const DOMAIN_STATE = 0x5eed5eed | 0;
const DOMAIN_STREAM = 0x51f7c0de | 0;

/** Scratch for seeding; module-level because seeding is not re-entrant anyway. */
const scratch = new Int32Array(4);

function loadPair(w: Int32Array, offset: number, value: number): void {
  w[offset] = value % TWO32 | 0;
  w[offset + 1] = Math.floor(value / TWO32) | 0;
}

function checkSafe(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) fail(invalidArgument(name, value, 'a non-negative integer'));
}

/** Child stream id of `stream` for index `k`: 53 bits of a (128-bit bijective) hash of (stream, k). */
function childStream(stream: number, k: number): number {
  loadPair(scratch, 0, stream);
  loadPair(scratch, 2, k);
  mix128(scratch, DOMAIN_STREAM);
  return (scratch[0]! >>> 11) * TWO32 + (scratch[1]! >>> 0);
}

class Xoshiro128 implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Second value of the last polar pair, or NaN when none is pending. */
  private spare = Number.NaN;

  constructor(
    readonly seed: number,
    readonly stream: number,
    state?: ArrayLike<number>,
  ) {
    if (state === undefined) {
      loadPair(scratch, 0, seed);
      loadPair(scratch, 2, stream);
      mix128(scratch, DOMAIN_STATE);
    } else {
      for (let i = 0; i < 4; i++) scratch[i] = state[i]! | 0;
    }
    this.s0 = scratch[0]!;
    this.s1 = scratch[1]!;
    this.s2 = scratch[2]!;
    this.s3 = scratch[3]!;
    // xoshiro's only bad state; reached by exactly one (seed, stream) pair, if any.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 0x9e3779b9 | 0;
  }

  /** One xoshiro128** step, as a signed 32-bit integer. */
  private next(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    let s2 = this.s2 ^ s0;
    let s3 = this.s3 ^ s1;
    this.s1 = s1 ^ s2;
    this.s0 = s0 ^ s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    this.s2 = s2;
    this.s3 = s3;
    return r;
  }

  uint32(): number {
    return this.next() >>> 0;
  }

  uniform(): number {
    // 27 + 26 high bits -> k in [0, 2^53); k = 0 is redrawn so the interval is open (probability 2^-53).
    for (;;) {
      const hi = this.next() >>> 5;
      const lo = this.next() >>> 6;
      const k = hi * 67108864 + lo;
      if (k !== 0) return k * TWO_POW_M53;
    }
  }

  normal(): number {
    const spare = this.spare;
    if (spare === spare) {
      // not NaN: a cached second value is pending
      this.spare = Number.NaN;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      // Symmetric 53-bit values in (-1, 1), inlined from uniform() to avoid two calls per try.
      u = ((this.next() >>> 5) * 67108864 + (this.next() >>> 6)) * TWO_POW_M53 * 2 - 1;
      v = ((this.next() >>> 5) * 67108864 + (this.next() >>> 6)) * TWO_POW_M53 * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  fillNormal(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }

  split(index: number): Rng {
    checkSafe('index', index);
    return new Xoshiro128(this.seed, childStream(this.stream, index));
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * A random stream for `seed` (a non-negative safe integer). `stream` selects one of 2⁵³ independent
 * streams for the same seed; use {@link Rng.split} to derive children reproducibly.
 * Throws a `BbpFailure` carrying an `InvalidArgument` for a bad seed or stream (internal style; wrap in
 * `attempt` for an `Either`).
 * @category Random
 * @since 0.1.0
 * @example
 * const rng = createRng(42);
 * const a = rng.split(0).normal(); // same value on every run and every engine
 */
export function createRng(seed: number, stream = 0): Rng {
  checkSafe('seed', seed);
  checkSafe('stream', stream);
  return new Xoshiro128(seed, stream);
}

/**
 * A generator started from a raw xoshiro128** state (four 32-bit words, not all zero), bypassing seeding.
 * For known-answer tests against the reference C implementation only.
 * @internal
 */
export function rngFromState(state: ArrayLike<number>): Rng {
  return new Xoshiro128(0, 0, state);
}
