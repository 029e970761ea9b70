/**
 * Stateless hashing for the generated world: every draw is a pure function of (seed, index, salt), so any
 * record can be produced on its own, in any order, with no sequential state.
 */

// Module-level copies: under jest's vm context every global lookup (Math.…) costs ~0.2 µs.
const imul = Math.imul;
const floor = Math.floor;

/** murmur3's 32-bit finaliser: a cheap, well-mixing bijection on uint32. */
function fmix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A uint32 hash of (seed, index, salt); index may be any safe integer ≥ 0. */
export function hash32(seed: number, index: number, salt: number): number {
  const lo = index >>> 0;
  const hi = floor(index / 4294967296) >>> 0;
  let h = fmix32((seed >>> 0) ^ 0x9e3779b9);
  h = fmix32(h ^ imul(lo, 0xcc9e2d51));
  h = fmix32(h ^ imul(hi ^ 0x1b873593, 0x1b873593));
  return fmix32(h ^ imul(salt >>> 0, 0x27d4eb2f));
}

/** A number in [0, 1) from (seed, index, salt). */
export function unit(seed: number, index: number, salt: number): number {
  return hash32(seed, index, salt) / 4294967296;
}

/** FNV-1a of a string: turns a name ('odoo', 'customers') into a salt. */
export function saltOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A short run of draws for one record: `draws(seed, index, salt)` then `.unit()`, `.int()`, `.pick()`.
 * Each draw hashes (seed, index, salt + k), so the record stays a pure function of its inputs.
 */
export class Draws {
  private k = 0;
  constructor(
    private readonly seed: number,
    private readonly index: number,
    private readonly salt: number,
  ) {}

  /** [0, 1). */
  unit(): number {
    this.k += 1;
    return unit(this.seed, this.index, (this.salt + imul(this.k, 0x9e3779b1)) >>> 0);
  }

  /** An integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + floor(this.unit() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.unit() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[floor(this.unit() * items.length)]!;
  }

  /** Picks by weight: `weighted([['a', 3], ['b', 1]])`. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let u = this.unit() * total;
    for (const [value, w] of items) {
      u -= w;
      if (u < 0) return value;
    }
    return items[items.length - 1]![0];
  }
}

export function draws(seed: number, index: number, salt: number): Draws {
  return new Draws(seed, index, salt);
}

/** A sequential seeded generator (mulberry32), for sandboxes choosing which rows a change touches. */
export interface Rng {
  /** [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  below(n: number): number;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, below: (n) => floor(next() * n) };
}

/**
 * A bijection of [0, modulus) for index < modulus: (index·mult + add) mod modulus, with mult coprime to
 * modulus. Turns a company index into a unique-looking serial (INN, phone) without a lookup table.
 */
export function scatter(index: number, modulus: number, mult: number, add: number): number {
  // BigInt-free: split the multiplication so it stays exact under 2^53.
  const hi = floor(mult / 65536);
  const lo = mult % 65536;
  const part = (((index * hi) % modulus) * 65536) % modulus;
  return (part + ((index * lo) % modulus) + add) % modulus;
}
