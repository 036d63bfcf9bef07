/**
 * Fixed-size bit sets over pod-class indices: what a selector matches. Word-parallel, so evaluating a
 * selector costs a few passes over C/32 words however many classes it matches.
 */
export class Bitset {
  private constructor(
    readonly size: number,
    private readonly words: Uint32Array,
  ) {}

  static empty(size: number): Bitset {
    return new Bitset(size, new Uint32Array((size + 31) >>> 5));
  }

  static full(size: number): Bitset {
    const b = Bitset.empty(size);
    b.words.fill(0xffffffff);
    b.#trim();
    return b;
  }

  static of(size: number, indices: Iterable<number>): Bitset {
    const b = Bitset.empty(size);
    for (const i of indices) b.words[i >>> 5]! |= 1 << (i & 31);
    return b;
  }

  /** Clears the bits past `size` in the last word, so counts and equality stay exact. */
  #trim(): void {
    const extra = this.words.length * 32 - this.size;
    if (extra > 0 && this.words.length > 0) this.words[this.words.length - 1]! &= 0xffffffff >>> extra;
  }

  /** A copy to accumulate into with the in-place operations below (values are otherwise immutable). */
  copy(): Bitset {
    return new Bitset(this.size, this.words.slice());
  }

  /** In place: this ∪= other. Only on a copy the caller owns: saves an allocation per step in hot loops. */
  orInPlace(other: Bitset): this {
    for (let w = 0; w < this.words.length; w++) this.words[w]! |= other.words[w]!;
    return this;
  }

  /** In place: this ∩= other (same ownership rule as orInPlace). */
  andInPlace(other: Bitset): this {
    for (let w = 0; w < this.words.length; w++) this.words[w]! &= other.words[w]!;
    return this;
  }

  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  #zip(other: Bitset, f: (a: number, b: number) => number): Bitset {
    const out = Bitset.empty(this.size);
    for (let w = 0; w < this.words.length; w++) out.words[w] = f(this.words[w]!, other.words[w]!);
    return out;
  }

  or(other: Bitset): Bitset {
    return this.#zip(other, (a, b) => a | b);
  }

  and(other: Bitset): Bitset {
    return this.#zip(other, (a, b) => a & b);
  }

  andNot(other: Bitset): Bitset {
    return this.#zip(other, (a, b) => a & ~b);
  }

  not(): Bitset {
    const out = Bitset.empty(this.size);
    for (let w = 0; w < this.words.length; w++) out.words[w] = ~this.words[w]!;
    out.#trim();
    return out;
  }

  isEmpty(): boolean {
    return this.words.every((w) => w === 0);
  }

  count(): number {
    let n = 0;
    for (let w of this.words) {
      // Hamming weight of a 32-bit word.
      w = w - ((w >>> 1) & 0x55555555);
      w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
      n += (((w + (w >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return n;
  }

  /** Set indices, ascending. */
  *[Symbol.iterator](): IterableIterator<number> {
    for (let w = 0; w < this.words.length; w++) {
      let word = this.words[w]!;
      while (word !== 0) {
        const bit = word & -word;
        yield (w << 5) + (31 - Math.clz32(bit));
        word ^= bit;
      }
    }
  }

  equals(other: Bitset): boolean {
    return this.size === other.size && this.words.every((w, i) => w === other.words[i]);
  }
}
