import type { Customer } from '@crm-bridge/core';
import type { LinkKey, LinkKeyKind } from '../keys/link-key';
import { analyseKeys, type KeyAnalysis, recordCountry } from '../keys/linking-keys';
import { nameTokens } from '../keys/name-tokens';
import {
  type ClusterFacts,
  isTooCommon,
  type JoinEvidence,
  joinRefusal,
  mergeFacts,
  ownerOf,
  recordFacts,
  taxIdsConflict,
} from './guards';
import type {
  Affiliation,
  Link,
  LinkKind,
  Refusal,
  Resolution,
  ResolvableRecord,
  ResolveOptions,
} from './resolution-types';
import { UnionFind } from './union-find';

/** Strongest first: tax ids form the organisations before a phone or e-mail is weighed against them. */
const KIND_RANK: Record<LinkKeyKind, number> = { inn: 0, ogrn: 1, vat: 2, erp_ref: 3, email: 4, phone: 5 };
const CONTACT_KINDS: ReadonlySet<LinkKeyKind> = new Set(['email', 'phone']);
const EVIDENCE: Record<LinkKind, JoinEvidence> = {
  manual: 'manual',
  inn: 'tax_id',
  ogrn: 'tax_id',
  vat: 'tax_id',
  erp_ref: 'erp_ref',
  email: 'contact',
  phone: 'contact',
};

interface Bucket {
  key: LinkKey;
  holders: number[];
}

/**
 * Resolves a batch of source records into profiles. Pure and deterministic: the same records and options
 * give the same result in any input order.
 *
 * Union-find over the records, every union guarded:
 * 1. Each record's identifiers are normalised (keys/); invalid, placeholder and blocklisted values are
 *    refused with their reason. Each record starts as its own cluster with its facts: kind, valid tax ids,
 *    contact slot, never-merge sides.
 * 2. Manual merges (mustLink) join first; only a never-merge (cannotLink) stops them.
 * 3. Records are bucketed by key; buckets run strongest kind first (INN, OGRN, VAT, ERP reference,
 *    e-mail, phone), then by value. In each bucket:
 *    - a key held by more than maxKeyShare distinct organisations is too common and links nothing;
 *    - organisations join organisations and persons join persons, never each other;
 *    - a phone or e-mail held by organisations with conflicting tax ids is ambiguous: it joins no
 *      organisation (a record without a tax id could be either);
 *    - a key an organisation holds joins no persons (the switchboard is not the contact);
 *    - each union passes joinRefusal: never-merge, kind, conflicting tax ids, same-source contact, and
 *      for a phone or e-mail also the same country and a shared name word.
 * 4. Clusters, links, refusals and person → organisation affiliations come back sorted.
 */
export function resolve(records: readonly ResolvableRecord[], options: ResolveOptions): Resolution {
  const sorted = [...records].sort((a, b) => compare(a.key, b.key));
  const index = indexByKey(sorted);
  const orgIndex = organisationIndex(sorted);
  const analyses = sorted.map((r) =>
    analyseKeys(r.customer, options.policy, {
      references: r.references,
      country: companyCountry(r, sorted, orgIndex),
    }),
  );
  const facts = sorted.map(({ customer: c }, i) =>
    recordFacts({
      kind: c.kind,
      taxIdentities: analyses[i]!.taxIdentities,
      contactSlot: contactSlot(c),
      nameTokens: nameTokens(`${c.displayName} ${c.legalName ?? ''}`),
      country: recordCountry(c),
    }),
  );
  const owners = ownersOf(sorted, analyses, orgIndex);

  const uf = new UnionFind(sorted.length);
  const links: Link[] = [];
  const refused: Refusal[] = [];
  sorted.forEach((r, i) => {
    for (const value of analyses[i]!.refused) refused.push({ type: 'value', record: r.key, ...value });
  });

  /** Joins the clusters of records i and j unless a guard refuses; returns the refusal, if any. */
  const tryJoin = (i: number, j: number, kind: LinkKind, key: string | null): Refusal | null => {
    const ri = uf.find(i);
    const rj = uf.find(j);
    if (ri === rj) return null;
    const a = sorted[i]!.key;
    const b = sorted[j]!.key;
    const reason = joinRefusal(facts[ri]!, facts[rj]!, EVIDENCE[kind]);
    if (reason) return { type: 'link', a, b, kind, key, reason };
    const { root, absorbed } = uf.link(ri, rj);
    mergeFacts(facts[root]!, facts[absorbed]!);
    links.push({ a, b, kind, key });
    return null;
  };
  const join = (i: number, j: number, kind: LinkKind, key: string | null): void => {
    const refusal = tryJoin(i, j, kind, key);
    if (refusal) refused.push(refusal);
  };
  /**
   * Joins each holder to the first earlier holder's cluster that accepts it, so the outcome does not hang
   * on which holder sorts first; a holder no cluster accepts records every refusal (one per cluster).
   */
  const joinAll = (holders: readonly number[], kind: LinkKind, key: string): void => {
    holders.forEach((j, n) => {
      const refusals: Refusal[] = [];
      const tried = new Set<number>();
      for (const i of holders.slice(0, n)) {
        const root = uf.find(i);
        if (root === uf.find(j)) return;
        if (tried.has(root)) continue;
        tried.add(root);
        const refusal = tryJoin(i, j, kind, key);
        if (!refusal) return;
        refusals.push(refusal);
      }
      refused.push(...refusals);
    });
  };

  markNeverMerge(options.cannotLink ?? [], index, facts);
  for (const [a, b] of sortedPairs(options.mustLink ?? [], index)) join(a, b, 'manual', null);

  const isolated = new Set(
    (options.isolated ?? []).map((key) => index.get(key)).filter((i) => i !== undefined),
  );
  for (const { key, holders } of bucketsOf(analyses, isolated)) {
    const organisations = new Set(holders.map((i) => owners[i]!)).size;
    const known = options.knownTooCommon?.get(`${key.kind}:${key.value}`);
    const refuse = (reason: 'too_common' | 'ambiguous' | 'organisation_key') =>
      refused.push({
        type: 'key',
        kind: key.kind,
        key: key.value,
        holders: known ?? holders.length,
        organisations,
        reason,
      });
    if (known !== undefined || isTooCommon(organisations, options.maxKeyShare)) {
      refuse('too_common');
      continue;
    }
    const orgs = holders.filter((i) => sorted[i]!.customer.kind === 'organization');
    const persons = holders.filter((i) => sorted[i]!.customer.kind === 'person');
    if (orgs.length > 1) {
      if (CONTACT_KINDS.has(key.kind) && holdsConflictingTaxIds(orgs, uf, facts)) refuse('ambiguous');
      else joinAll(orgs, key.kind, key.value);
    }
    if (persons.length > 1) {
      if (orgs.length > 0) refuse('organisation_key');
      else joinAll(persons, key.kind, key.value);
    }
  }

  return {
    clusters: clustersOf(sorted, uf),
    links,
    refused,
    affiliations: affiliationsOf(sorted, orgIndex),
    analyses: new Map(sorted.map((r, i) => [r.key, analyses[i]!])),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function indexByKey(records: readonly ResolvableRecord[]): Map<string, number> {
  const index = new Map<string, number>();
  records.forEach((r, i) => {
    if (index.has(r.key)) throw new RangeError(`record key ${r.key} appears twice in the batch`);
    index.set(r.key, i);
  });
  return index;
}

const sourceRef = (sourceId: string, externalId: string): string => `${sourceId}\u0000${externalId}`;

/** Organisation records by source and external id, for persons' organizationExternalId. */
function organisationIndex(records: readonly ResolvableRecord[]): Map<string, number> {
  const index = new Map<string, number>();
  records.forEach(({ customer: c }, i) => {
    if (c.kind === 'organization') index.set(sourceRef(c.sourceId, c.externalId), i);
  });
  return index;
}

/** A person's organisation's country: contacts rarely carry an address of their own. */
function companyCountry(
  r: ResolvableRecord,
  records: readonly ResolvableRecord[],
  orgs: Map<string, number>,
) {
  const c = r.customer;
  if (c.kind !== 'person' || c.organizationExternalId === null) return null;
  const org = orgs.get(sourceRef(c.sourceId, c.organizationExternalId));
  return org === undefined ? null : recordCountry(records[org]!.customer);
}

function contactSlot(c: Customer): string | null {
  return c.kind === 'person' && c.organizationExternalId !== null
    ? sourceRef(c.sourceId, c.organizationExternalId)
    : null;
}

/** Each record's owner for the distinct-organisations count (see ownerOf). */
function ownersOf(
  records: readonly ResolvableRecord[],
  analyses: readonly KeyAnalysis[],
  orgs: Map<string, number>,
) {
  const own = records.map((r, i) => ownerOf(r.key, analyses[i]!.taxIdentities));
  return records.map(({ customer: c }, i) => {
    if (c.kind !== 'person' || c.organizationExternalId === null) return own[i]!;
    const org = orgs.get(sourceRef(c.sourceId, c.organizationExternalId));
    return org === undefined ? `org:${c.sourceId}/${c.organizationExternalId}` : own[org]!;
  });
}

/** Gives each never-merge pair an id and each of its records a side, before any union. */
function markNeverMerge(
  pairs: readonly (readonly [string, string])[],
  index: Map<string, number>,
  facts: ClusterFacts[],
) {
  sortedPairs(pairs, index).forEach(([a, b], pair) => {
    facts[a]!.neverWith.set(pair, 0);
    facts[b]!.neverWith.set(pair, 1);
  });
}

/** Manual pairs as record indexes in a stable order; pairs naming records outside the batch are skipped. */
function sortedPairs(
  pairs: readonly (readonly [string, string])[],
  index: Map<string, number>,
): [number, number][] {
  const known: [number, number][] = [];
  for (const [a, b] of pairs) {
    const i = index.get(a);
    const j = index.get(b);
    if (i !== undefined && j !== undefined && i !== j) known.push(i < j ? [i, j] : [j, i]);
  }
  return known.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

/** Keys held by at least two records (isolated ones aside), strongest kind first, then by value. */
function bucketsOf(analyses: readonly KeyAnalysis[], isolated: ReadonlySet<number>): Bucket[] {
  const buckets = new Map<string, Bucket>();
  analyses.forEach((analysis, i) => {
    if (isolated.has(i)) return;
    for (const key of analysis.keys) {
      const id = `${KIND_RANK[key.kind]}${key.kind}\u0000${key.value}`;
      const bucket = buckets.get(id);
      if (bucket) bucket.holders.push(i);
      else buckets.set(id, { key, holders: [i] });
    }
  });
  // Most keys have one holder: drop those before sorting.
  return [...buckets.keys()]
    .filter((id) => buckets.get(id)!.holders.length > 1)
    .sort(compare)
    .map((id) => buckets.get(id)!);
}

/** Whether the organisations' current clusters hold different valid tax ids of one class. */
function holdsConflictingTaxIds(
  orgs: readonly number[],
  uf: UnionFind,
  facts: readonly ClusterFacts[],
): boolean {
  const roots = [...new Set(orgs.map((i) => uf.find(i)))].filter((r) => facts[r]!.taxIds.size > 0);
  for (let x = 0; x < roots.length; x++) {
    for (let y = x + 1; y < roots.length; y++)
      if (taxIdsConflict(facts[roots[x]!]!, facts[roots[y]!]!)) return true;
  }
  return false;
}

function clustersOf(records: readonly ResolvableRecord[], uf: UnionFind): string[][] {
  const byRoot = new Map<number, string[]>();
  records.forEach((r, i) => {
    const root = uf.find(i);
    const members = byRoot.get(root);
    if (members) members.push(r.key);
    else byRoot.set(root, [r.key]);
  });
  // Records are sorted, so each cluster is too; order clusters by their first record.
  return [...byRoot.values()].sort((a, b) => compare(a[0]!, b[0]!));
}

function affiliationsOf(records: readonly ResolvableRecord[], orgs: Map<string, number>): Affiliation[] {
  const affiliations: Affiliation[] = [];
  for (const r of records) {
    const c = r.customer;
    if (c.kind !== 'person' || c.organizationExternalId === null) continue;
    const org = orgs.get(sourceRef(c.sourceId, c.organizationExternalId));
    if (org !== undefined) affiliations.push({ person: r.key, organization: records[org]!.key });
  }
  return affiliations;
}
