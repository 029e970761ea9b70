/**
 * The sandbox's own site-time conversion (kept apart from the connector's on purpose, so one cannot hide
 * the other's bug): Frappe writes `modified` as the site's naive local time with microseconds, and drops
 * the fraction when it is zero (Python str(datetime)).
 */

export class SiteClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  /** Offset (ms) of the zone at a UTC instant, cached per UTC quarter-hour. */
  offsetAt(utcMs: number): number {
    const slot = Math.floor(utcMs / 900_000);
    let offset = this.offsets.get(slot);
    if (offset === undefined) {
      const at = slot * 900_000;
      const parts: Record<string, number> = {};
      for (const part of this.format.formatToParts(new Date(at))) {
        if (part.type !== 'literal') parts[part.type] = Number(part.value);
      }
      offset =
        Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - at;
      if (this.offsets.size > 100_000) this.offsets.clear();
      this.offsets.set(slot, offset);
    }
    return offset;
  }

  /** `"2026-05-31 23:00:00"` or `"2026-05-31 23:00:00.125000"` for an epoch ms. */
  datetime(ms: number): string {
    const wall = new Date(ms + this.offsetAt(ms)).toISOString();
    const fraction = ms % 1000 === 0 ? '' : `.${wall.slice(20, 23)}000`;
    return `${wall.slice(0, 10)} ${wall.slice(11, 19)}${fraction}`;
  }

  /** `"2026-05-31"`: the site-local date of an epoch ms. */
  date(ms: number): string {
    return new Date(ms + this.offsetAt(ms)).toISOString().slice(0, 10);
  }

  /** Site-local `"YYYY-MM-DD[ HH:MM:SS[.ffffff]]"` → epoch microseconds, or null when it is not one. */
  parseMicros(text: string): number | null {
    const match = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?)?$/.exec(text.trim());
    if (match === null) return null;
    const [, y, mo, d, h = '0', mi = '0', s = '0', f = ''] = match;
    const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    if (Number.isNaN(wall)) return null;
    let utc = wall - this.offsetAt(wall);
    utc = wall - this.offsetAt(utc);
    return utc * 1000 + Number(f.padEnd(6, '0'));
  }
}
