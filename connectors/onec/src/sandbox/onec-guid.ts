/**
 * Deterministic 1C references. 1C makes version-1 UUIDs and keeps them in the database with the clock-sequence
 * and node groups first, so `$orderby=Ref_Key` follows (clock seq, node, time) — not the text of the GUID. Each
 * entity set gets its own clock sequence and rows get times increasing with their dataset id: ordering by
 * Ref_Key is then id order (creation order, as on a real server), while the texts sort differently.
 */
import { createHash } from 'node:crypto';

/** 100-ns ticks between rows (about 37 s, so time_low wraps every dozen rows); the jitter stays below it. */
const STEP = 370_000_000;
const TWO32 = 4294967296;
/** UUID time of 2021-11-10 (the era of the doc's examples), split into 32-bit halves. */
const BASE_HI = 0x1ec42ee;
const BASE_LO = 0x10000000;

export interface GuidCodec {
  /** The Ref_Key of a row id (ids ≤ 0 are the set's predefined folders, created before any row). */
  encode(id: number): string;
  /** The row id of a Ref_Key of this set, or null for another set's key or no key at all. */
  decode(key: string): number | null;
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

/** A codec for one entity set of one sandbox: the seed and the set name fix clock sequence and node. */
export function guidCodec(seed: number, entitySet: string): GuidCodec {
  const digest = createHash('sha1').update(`${seed}:${entitySet}`).digest();
  // Variant bits 10xx in the clock sequence, like a7a0 in 1C's keys.
  const clockSeq = hex(0x8000 | (digest.readUInt16BE(0) & 0x3fff), 4);
  const node = digest.subarray(2, 8).toString('hex');
  const tail = `-${clockSeq}-${node}`;
  const jitter = (id: number) => (Math.imul(id ^ digest.readUInt32BE(8), 0x9e3779b1) >>> 0) % STEP;
  const encode = (id: number): string => {
    const ticks = (id + 16) * STEP + jitter(id);
    const lo = BASE_LO + ticks;
    const hi = BASE_HI + Math.floor(lo / TWO32);
    const timeLow = lo % TWO32;
    return `${hex(timeLow, 8)}-${hex(hi & 0xffff, 4)}-${hex(0x1000 | ((hi >>> 16) & 0x0fff), 4)}${tail}`;
  };
  return {
    encode,
    decode(key: string): number | null {
      const lower = key.toLowerCase();
      if (lower.length !== 36 || !lower.endsWith(tail)) return null;
      const timeLow = Number.parseInt(lower.slice(0, 8), 16);
      const hi = (Number.parseInt(lower.slice(15, 18), 16) << 16) + Number.parseInt(lower.slice(9, 13), 16);
      const ticks = (hi - BASE_HI) * TWO32 + timeLow - BASE_LO;
      if (!Number.isFinite(ticks)) return null;
      const id = Math.floor(ticks / STEP) - 16;
      return encode(id) === lower ? id : null;
    },
  };
}
