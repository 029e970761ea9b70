import type { Db, SqlParam } from '@crm-bridge/store';
import type { KeyProbe } from './search-query';
import type { SearchHit } from './search-types';

/** Each probe's lookups, `$1` being its value: all are equality on an indexed column. */
const LOOKUPS: Record<KeyProbe['match'], readonly string[]> = {
  email: [
    `SELECT profile_id FROM profile_keys WHERE kind = 'email' AND value = $1`,
    'SELECT id FROM profiles WHERE primary_email = $1',
  ],
  phone: [
    `SELECT profile_id FROM profile_keys WHERE kind = 'phone' AND value = $1`,
    'SELECT id FROM profiles WHERE primary_phone = $1',
  ],
  tax_id: [`SELECT profile_id FROM profile_keys WHERE kind = 'tax_id' AND value = $1`],
  external_id: ['SELECT profile_id FROM source_records WHERE external_id = $1 AND profile_id IS NOT NULL'],
  order_number: ['SELECT profile_id FROM orders WHERE number = $1 AND profile_id IS NOT NULL'],
};

interface KeyRow {
  probe: number;
  profile_id: string;
  kind: 'organization' | 'person';
  display_name: string;
}

/**
 * Profiles holding any probe's value, one statement for all probes; merged profiles are left out.
 * Hits come in probe order, then by display name and id.
 */
export async function searchKeys(db: Db, probes: readonly KeyProbe[]): Promise<SearchHit[]> {
  if (probes.length === 0) return [];
  const params: SqlParam[] = [];
  const branches = probes.flatMap((probe, index) => {
    params.push(probe.value);
    const placeholder = `$${params.length}::text`;
    return LOOKUPS[probe.match].map(
      (lookup) =>
        `SELECT ${index} AS probe, h.profile_id FROM (${lookup.replace('$1', placeholder)}) AS h(profile_id)`,
    );
  });
  const rows = await db.query<KeyRow>(
    `SELECT DISTINCT ON (p.id) k.probe, p.id AS profile_id, p.kind, p.display_name
     FROM (${branches.join('\nUNION ALL\n')}) AS k
     JOIN profiles p ON p.id = k.profile_id AND p.status <> 'merged'
     ORDER BY p.id, k.probe`,
    params,
  );
  rows.sort(
    (a, b) =>
      a.probe - b.probe ||
      compareText(a.display_name, b.display_name) ||
      compareText(a.profile_id, b.profile_id),
  );
  return rows.map((row) => {
    const probe = probes[row.probe]!;
    return {
      profileId: row.profile_id,
      kind: row.kind,
      displayName: row.display_name,
      matchedOn: probe.match,
      matched: probe.value,
      rank: 0,
    };
  });
}

/** Code-point order, as PostgreSQL's C collation sorts. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
