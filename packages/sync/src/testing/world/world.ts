import { type BuiltCompany, buildCompany } from './company-factory';
import { writeCompany, writePerson } from './company-writer';
import { buildOrders } from './order-factory';
import { saltOf, unit } from './prng';
import { withTrap } from './traps';
import type { ErpKind, World, WorldCompany, WorldOrder, WrittenCompany, WrittenPerson } from './world-types';

export interface WorldOptions {
  /** @defaultValue 1 */
  seed?: number;
  /** How many companies exist. */
  size: number;
  /**
   * The world's "now": orders happen in the three years before it.
   * @defaultValue 2026-06-01T00:00:00Z, the sandbox clock's start
   */
  nowMs?: number;
}

const isInteger = Number.isInteger;

export const WORLD_NOW_MS = Date.UTC(2026, 5, 1);

export const ERP_KINDS: readonly ErpKind[] = ['odoo', 'erpnext', 'onec'];

const ODOO = 1;
const ERPNEXT = 2;
const ONEC = 4;
const ERP_BIT: Record<ErpKind, number> = { odoo: ODOO, erpnext: ERPNEXT, onec: ONEC };

/**
 * Which ERPs know a company, by share of companies: 65% one ERP, 10% two, 25% all three, so that
 * odoo knows 60%, erpnext 50%, onec 50% and every company is known somewhere.
 */
const MEMBERSHIP: readonly (readonly [number, number])[] = [
  [ODOO, 0.2833],
  [ERPNEXT, 0.1833],
  [ONEC, 0.1834],
  [ODOO | ERPNEXT, 0.0333],
  [ODOO | ONEC, 0.0333],
  [ERPNEXT | ONEC, 0.0334],
  [ODOO | ERPNEXT | ONEC, 0.25],
];
const SALT_KNOWS = saltOf('knows');

/** Which ERPs know the company at `index`, as a bit set (1 odoo, 2 erpnext, 4 onec). */
export function membershipOf(seed: number, index: number): number {
  let u = unit(seed, index, SALT_KNOWS);
  for (const [bits, share] of MEMBERSHIP) {
    u -= share;
    if (u < 0) return bits;
  }
  return ODOO | ERPNEXT | ONEC;
}

/** Creates the generated world: every record a pure function of (seed, index); nothing is held per company. */
export function createWorld(options: WorldOptions): World {
  const seed = options.seed ?? 1;
  const size = options.size;
  const nowMs = options.nowMs ?? WORLD_NOW_MS;
  if (!Number.isInteger(size) || size < 0)
    throw new RangeError(`world size must be a whole number ≥ 0, got ${size}`);

  // Sandboxes ask for company, written and orders of one index in a row: keep the last few built.
  const cache = new Map<number, BuiltCompany>();
  const built = (index: number): BuiltCompany => {
    if (!isInteger(index) || index < 0) throw new RangeError(`company index must be ≥ 0, got ${index}`);
    let hit = cache.get(index);
    if (!hit) {
      if (cache.size >= 64) cache.clear();
      hit = buildCompany(seed, index);
      cache.set(index, hit);
    }
    return hit;
  };
  const knows = (erp: ErpKind, index: number): boolean => (membershipOf(seed, index) & ERP_BIT[erp]) !== 0;

  return {
    seed,
    size,
    nowMs,
    company: (index: number): WorldCompany => built(index).company,
    knows,
    knownBy: (index: number): ErpKind[] => ERP_KINDS.filter((erp) => knows(erp, index)),
    written: (erp: ErpKind, index: number): WrittenCompany => {
      const company = built(index);
      const first = ERP_KINDS.find((kind) => knows(kind, index)) ?? erp;
      return withTrap(company.company, writeCompany(seed, company, erp), erp, first);
    },
    orders: (erp: ErpKind, index: number): WorldOrder[] =>
      knows(erp, index) ? buildOrders(seed, built(index).company, erp, nowMs) : [],
    writtenPerson: (erp: ErpKind, index: number, personIndex: number): WrittenPerson =>
      writePerson(seed, built(index), erp, personIndex),
  };
}
