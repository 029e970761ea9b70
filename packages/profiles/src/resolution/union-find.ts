/** Disjoint sets over 0..n-1 with path halving and union by size: near-constant time per operation. */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  /** The representative of i's set. */
  find(i: number): number {
    let x = i;
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]!]!;
      x = this.parent[x]!;
    }
    return x;
  }

  /** Joins the sets of two roots; returns the surviving root (the larger set's, so facts merge small into large). */
  link(rootA: number, rootB: number): { root: number; absorbed: number } {
    const [root, absorbed] = this.size[rootA]! >= this.size[rootB]! ? [rootA, rootB] : [rootB, rootA];
    this.parent[absorbed] = root;
    this.size[root]! += this.size[absorbed]!;
    return { root, absorbed };
  }
}
