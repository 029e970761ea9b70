import type { Db } from '@crm-bridge/store';

/** One ERP record of a fixture profile. */
export interface FixtureRecord {
  source?: string;
  externalId: string;
  displayName: string;
  legalName?: string;
}

/** A profile as search sees it, written straight into the tables. */
export interface FixtureProfile {
  /** The test's own name for it. */
  key: string;
  kind?: 'organization' | 'person';
  displayName: string;
  legalName?: string;
  status?: 'active' | 'inactive' | 'merged';
  primaryEmail?: string;
  primaryPhone?: string;
  /** profile_keys rows as stored: `email`, `phone`, `tax_id` (`inn:…`) values. */
  keys?: { kind: 'email' | 'phone' | 'tax_id'; value: string }[];
  /** Its source records; one with the profile's own name is made when none is given. */
  records?: FixtureRecord[];
  orderNumbers?: string[];
}

let serial = 0;

/** Inserts the profiles with their records, keys and orders; returns the database id of each key. */
export async function insertProfiles(
  db: Db,
  profiles: readonly FixtureProfile[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const profile of profiles) {
    const kind = profile.kind ?? 'organization';
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO profiles (kind, display_name, legal_name, status, primary_email, primary_phone)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        kind,
        profile.displayName,
        profile.legalName ?? null,
        profile.status ?? 'active',
        profile.primaryEmail ?? null,
        profile.primaryPhone ?? null,
      ],
    );
    const profileId = row!.id;
    ids.set(profile.key, profileId);
    const records = profile.records ?? [
      { externalId: `${profile.key}-${++serial}`, displayName: profile.displayName },
    ];
    const recordIds: number[] = [];
    for (const record of records) {
      const [stored] = await db.query<{ id: number }>(
        `INSERT INTO source_records (source, stream, external_id, kind, display_name, legal_name, content_hash, profile_id)
         VALUES ($1, 'customers', $2, $3, $4, $5, 'h', $6) RETURNING id`,
        [
          record.source ?? 'odoo',
          record.externalId,
          kind,
          record.displayName,
          record.legalName ?? null,
          profileId,
        ],
      );
      recordIds.push(Number(stored!.id));
    }
    for (const key of profile.keys ?? []) {
      await db.query(
        'INSERT INTO profile_keys (kind, value, profile_id, source_record_id) VALUES ($1, $2, $3, $4)',
        [key.kind, key.value, profileId, recordIds[0]!],
      );
    }
    for (const number of profile.orderNumbers ?? []) {
      await db.query(
        `INSERT INTO orders (source, external_id, number, customer_external_id, status, ordered_at, currency,
           net_amount, tax_amount, total_amount, content_hash, profile_id)
         VALUES ('odoo', $1, $1, $2, 'confirmed', '2026-01-01T00:00:00Z', 'RUB', 100, 20, 120, 'h', $3)`,
        [number, records[0]!.externalId, profileId],
      );
    }
  }
  return ids;
}
