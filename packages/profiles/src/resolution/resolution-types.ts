import type { Customer } from '@crm-bridge/core';
import type { KeyPolicy } from '../keys/key-policy';
import type { LinkKeyKind, RefusedValue } from '../keys/link-key';
import type { ErpReference, KeyAnalysis } from '../keys/linking-keys';
import type { JoinRefusal } from './guards';

/** One source record to resolve. */
export interface ResolvableRecord {
  /** The caller's id of the record, unique in the batch (the store's source record id, or `source/externalId`). */
  key: string;
  customer: Customer;
  /** Cross-references the ERP gives to records of other sources. */
  references?: readonly ErpReference[];
}

/** A pair of record keys. */
export type RecordPair = readonly [string, string];

export interface ResolveOptions {
  policy: KeyPolicy;
  /** A key held by more distinct organisations than this links nothing (identity.maxKeyShare). */
  maxKeyShare: number;
  /** Manual merges: joined first, past every guard except a never-merge. Pairs naming absent records are skipped. */
  mustLink?: readonly RecordPair[];
  /** Manual never-merge decisions: no chain of links may put the two in one profile. */
  cannotLink?: readonly RecordPair[];
  /** Records split out by hand: they join others only by a manual merge, never by a key. */
  isolated?: readonly string[];
  /**
   * Keys held by more records than the caller loaded (`kind:value` → holders in the store): refused as too
   * common, as they would be if every holder were in the batch.
   */
  knownTooCommon?: ReadonlyMap<string, number>;
}

/** How two records came to share a profile: a key, or a person's decision. */
export type LinkKind = LinkKeyKind | 'manual';

/** One accepted join: record b's cluster joined record a's by this key. */
export interface Link {
  a: string;
  b: string;
  kind: LinkKind;
  /** The normalised key value; null for a manual merge. */
  key: string | null;
}

/** Why a key linked nothing (or linked only organisations) although several records hold it. */
export type KeyRefusalReason =
  /** More distinct organisations hold it than maxKeyShare. */
  | 'too_common'
  /** Organisations with different tax ids hold it: it cannot say which one a third record is. */
  | 'ambiguous'
  /** An organisation's own phone or e-mail does not identify its contact persons. */
  | 'organisation_key';

export type Refusal =
  | ({ type: 'value'; record: string } & RefusedValue)
  | {
      type: 'key';
      kind: LinkKeyKind;
      key: string;
      holders: number;
      organisations: number;
      reason: KeyRefusalReason;
    }
  | { type: 'link'; a: string; b: string; kind: LinkKind; key: string | null; reason: JoinRefusal };

/** A person and the organisation record they belong to (same source); profiles link them, never merge them. */
export interface Affiliation {
  person: string;
  organization: string;
}

export interface Resolution {
  /** Record keys per profile, each sorted; profiles sorted by their first key. Singletons included. */
  clusters: string[][];
  links: Link[];
  refused: Refusal[];
  affiliations: Affiliation[];
  /** Each record's normalised keys and refused values, by record key. */
  analyses: Map<string, KeyAnalysis>;
}
