import { CrmError } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import { searchKeys } from './key-search';
import { searchNames } from './name-search';
import { parseSearchQuery, searchRegion } from './search-query';
import type { SearchHit, SearchOptions } from './search-types';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

function limitOf(options: SearchOptions): number {
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new CrmError(
      'profiles.search_limit',
      `The search limit must be a whole number from 1, not ${limit}`,
      'none',
    );
  }
  return Math.min(limit, MAX_LIMIT);
}

/**
 * Finds profiles by e-mail, phone, tax id, an ERP's customer id, an order number or a name (exact,
 * prefix or one typo per word, Cyrillic and Latin spellings alike). Key matches come first, then names;
 * one hit per profile, its best match; merged profiles are never returned.
 */
export async function searchProfiles(db: Db, query: string, options: SearchOptions): Promise<SearchHit[]> {
  const limit = limitOf(options);
  const parsed = parseSearchQuery(query, searchRegion(options.defaultRegion));
  // Two connections on PostgreSQL; PGlite runs them one after the other.
  const [keyHits, nameHits] = await Promise.all([
    searchKeys(db, parsed.probes),
    parsed.byName ? searchNames(db, parsed.text, limit) : [],
  ]);
  const hits = new Map<string, SearchHit>();
  for (const hit of keyHits) if (!hits.has(hit.profileId)) hits.set(hit.profileId, hit);
  for (const { nameLength: _, ...hit } of nameHits)
    if (!hits.has(hit.profileId)) hits.set(hit.profileId, hit);
  return [...hits.values()].slice(0, limit);
}
