/** A row that has left its generated place: its current state, kept in a small sorted list. */
export interface OverlayRow {
  id: number;
  version: number;
  createdMs: number;
  modifiedMs: number;
  archived: boolean;
  deleted: boolean;
}

/** Orders by (modifiedMs, id): the order every range read and keyset cursor uses. */
export function comparePosition(aMs: number, aId: number, bMs: number, bId: number): number {
  return aMs === bMs ? aId - bId : aMs - bMs;
}

/** Overlay rows sorted by (modifiedMs, id), deleted ones included; small, so a sorted array will do. */
export class OverlayOrder {
  readonly rows: OverlayRow[] = [];

  /** The first index whose (modifiedMs, id) is > (ms, id); pass id -Infinity for "modifiedMs ≥ ms". */
  after(ms: number, id: number): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const row = this.rows[mid]!;
      if (comparePosition(row.modifiedMs, row.id, ms, id) > 0) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  insert(row: OverlayRow): void {
    this.rows.splice(this.after(row.modifiedMs, row.id), 0, row);
  }

  /** Removes a row before its position changes. */
  remove(row: OverlayRow): void {
    const at = this.after(row.modifiedMs, row.id) - 1;
    if (this.rows[at] !== row) throw new Error(`overlay order lost row ${row.id}`);
    this.rows.splice(at, 1);
  }
}
