import type { CustomerKind } from '@crm-bridge/core';
import type { TaxIdentity } from '../keys/linking-keys';

/**
 * What a cluster (a profile being built) holds that decides whether it may join another. The DB-backed
 * incremental resolver keeps the same facts per profile and calls the same guards.
 */
export interface ClusterFacts {
  kinds: Set<CustomerKind>;
  /** Tax identity class (`inn`, `ogrn`, `vat:DE`) → the valid values held. */
  taxIds: Map<string, Set<string>>;
  /** Never-merge decisions: pair id → which side of the pair this cluster holds. */
  neverWith: Map<number, 0 | 1>;
  /** Persons: `source␀organisation` of each record, since one ERP lists a company's contact once. */
  contactSlots: Set<string>;
  /** Name words of every record (nameTokens): a phone or e-mail alone does not join "Sfera" to "Medialogistik". */
  nameTokens: Set<string>;
  /** Countries of the records' addresses and tax ids. */
  countries: Set<string>;
}

/** What a join rests on: a person's decision, a tax id, an ERP's cross-reference, or a phone / e-mail. */
export type JoinEvidence = 'manual' | 'tax_id' | 'erp_ref' | 'contact';

/** Why two clusters may not join. Stable strings, shown by `explain`. */
export type JoinRefusal =
  | 'never_merge'
  | 'kind_mismatch'
  | 'conflicting_tax_ids'
  | 'same_source_contact'
  | 'different_country'
  | 'different_names';

/** What one record brings to its cluster's facts. */
export interface RecordFactsInput {
  kind: CustomerKind;
  taxIdentities: readonly TaxIdentity[];
  contactSlot: string | null;
  nameTokens: readonly string[];
  country: string | null;
}

/** The facts of one record. */
export function recordFacts(input: RecordFactsInput): ClusterFacts {
  const taxIds = new Map<string, Set<string>>();
  for (const { class: cls, value } of input.taxIdentities) {
    const values = taxIds.get(cls) ?? new Set<string>();
    values.add(value);
    taxIds.set(cls, values);
  }
  return {
    kinds: new Set([input.kind]),
    taxIds,
    neverWith: new Map(),
    contactSlots: new Set(input.contactSlot ? [input.contactSlot] : []),
    nameTokens: new Set(input.nameTokens),
    countries: new Set(input.country ? [input.country] : []),
  };
}

/** Whether two sets that both hold something have nothing in common. */
function disjoint<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  return a.size > 0 && b.size > 0 && !overlaps(a, b);
}

function overlaps<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) return true;
  return false;
}

/**
 * Whether two clusters hold different valid tax ids of one class: then they are two organisations,
 * whatever phone or e-mail they share. Sets that overlap do not conflict (a manual merge may have joined two).
 */
export function taxIdsConflict(a: ClusterFacts, b: ClusterFacts): boolean {
  for (const [cls, values] of a.taxIds) {
    const other = b.taxIds.get(cls);
    if (other && !overlaps(values, other)) return true;
  }
  return false;
}

/**
 * Why clusters a and b may not join, or null when they may. A never-merge decision blocks even a manual
 * merge; the other guards protect automatic links only, since a person who decided knows better. A phone
 * or e-mail is weaker evidence than a tax id or a cross-reference, so it must also agree on country and
 * share a name word: one number in a business centre is not one company.
 */
export function joinRefusal(a: ClusterFacts, b: ClusterFacts, via: JoinEvidence): JoinRefusal | null {
  for (const [pair, side] of a.neverWith) if (b.neverWith.get(pair) === 1 - side) return 'never_merge';
  if (via === 'manual') return null;
  if (a.kinds.size !== 1 || b.kinds.size !== 1 || [...a.kinds][0] !== [...b.kinds][0]) return 'kind_mismatch';
  if (taxIdsConflict(a, b)) return 'conflicting_tax_ids';
  if (overlaps(a.contactSlots, b.contactSlots)) return 'same_source_contact';
  if (via !== 'contact') return null;
  if (disjoint(a.countries, b.countries)) return 'different_country';
  if (disjoint(a.nameTokens, b.nameTokens)) return 'different_names';
  return null;
}

/** Folds `from` into `into` (the caller passes the smaller as `from`). */
export function mergeFacts(into: ClusterFacts, from: ClusterFacts): void {
  for (const kind of from.kinds) into.kinds.add(kind);
  for (const [cls, values] of from.taxIds) {
    const held = into.taxIds.get(cls);
    if (held) for (const v of values) held.add(v);
    else into.taxIds.set(cls, new Set(values));
  }
  for (const [pair, side] of from.neverWith) into.neverWith.set(pair, side);
  for (const slot of from.contactSlots) into.contactSlots.add(slot);
  for (const token of from.nameTokens) into.nameTokens.add(token);
  for (const country of from.countries) into.countries.add(country);
}

/**
 * Who a key holder stands for when counting "distinct organisations" for maxKeyShare: an organisation's
 * first valid tax id (its copies in three ERPs count once), else the record itself; a person counts as
 * their organisation, so colleagues sharing a line count once.
 */
export function ownerOf(
  record: string,
  taxIdentities: readonly TaxIdentity[],
  organisationOwner?: string | null,
) {
  if (organisationOwner) return organisationOwner;
  const first = taxIdentities[0];
  return first ? `${first.class}:${first.value}` : `record:${record}`;
}

/** Whether a key held by this many distinct organisations is too common to link anything. */
export function isTooCommon(organisations: number, maxKeyShare: number): boolean {
  return organisations > maxKeyShare;
}
