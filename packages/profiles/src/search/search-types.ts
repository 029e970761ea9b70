/** What a search hit matched on: a key of the profile, an ERP reference, or one of its names. */
export type SearchMatch = 'email' | 'phone' | 'tax_id' | 'external_id' | 'order_number' | 'name';

/** One profile found by a search. */
export interface SearchHit {
  profileId: string;
  kind: 'organization' | 'person';
  displayName: string;
  matchedOn: SearchMatch;
  /** The normalised value that matched (`+79123456789`, `inn:7707083893`), or the name that matched. */
  matched: string;
  /**
   * Lower is better: 0 for a key match (e-mail, phone, tax id, external id, order number); for a name
   * match 1 plus, per query word, 0 for an exact word, 1 for a prefix, 2 for a one-edit typo.
   */
  rank: number;
}

/** How to search. */
export interface SearchOptions {
  /** @defaultValue 20; at most 100 (larger values are cut to 100) */
  limit?: number;
  /** Region for a phone typed without a country code, e.g. `RU`. */
  defaultRegion: string;
}
