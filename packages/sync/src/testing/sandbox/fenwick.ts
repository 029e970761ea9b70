// A module-level copy: global lookups are slow under jest's vm context.
const min = Math.min;

/** A Fenwick (binary indexed) tree of counts over positions [0, size): point add, prefix sum, both O(log n). */
export class Fenwick {
  private readonly tree: Int32Array;

  constructor(readonly size: number) {
    this.tree = new Int32Array(size + 1);
  }

  /** Builds from a 0/1 predicate over positions in O(n). */
  static from(size: number, has: (position: number) => boolean): Fenwick {
    const f = new Fenwick(size);
    const t = f.tree;
    for (let i = 1; i <= size; i++) {
      if (has(i - 1)) t[i] = t[i]! + 1;
      const parent = i + (i & -i);
      if (parent <= size) t[parent] = t[parent]! + t[i]!;
    }
    return f;
  }

  add(position: number, delta: number): void {
    for (let i = position + 1; i <= this.size; i += i & -i) this.tree[i] = this.tree[i]! + delta;
  }

  /** The sum over [0, end). */
  prefix(end: number): number {
    let sum = 0;
    for (let i = min(end, this.size); i > 0; i -= i & -i) sum += this.tree[i]!;
    return sum;
  }

  /** The sum over [start, end). */
  between(start: number, end: number): number {
    return end <= start ? 0 : this.prefix(end) - this.prefix(start);
  }
}
