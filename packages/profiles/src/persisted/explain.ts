import type { Db } from '@crm-bridge/store';
import type { ValueRefusalReason } from '../keys/link-key';
import type { JoinRefusal } from '../resolution/guards';
import type { KeyRefusalReason } from '../resolution/resolution-types';
import { profileRef } from './profile-lookup';

/** Why a profile holds what it holds: each record and how it joined, the merge history, decisions and refusals. */
export interface ProfileExplanation {
  profileId: string;
  mergedFrom: string | null;
  displayName: string;
  records: {
    id: number;
    ref: string;
    displayName: string;
    joinedBy: string | null;
    joinedKey: string | null;
    /** The record it matched (`source/externalId`). */
    joinedVia: string | null;
  }[];
  merges: {
    id: number;
    survivorId: string;
    absorbedId: string;
    linkKind: string;
    linkKey: string | null;
    /** The two records the link joined, survivor side first. */
    between: [string | null, string | null];
    actor: string;
    at: string;
    undoneAt: string | null;
  }[];
  decisions: {
    id: number;
    decision: string;
    record: string;
    other: string | null;
    actor: string;
    reason: string | null;
    at: string;
  }[];
  refusals: {
    type: string;
    record: string | null;
    other: string | null;
    kind: string;
    key: string | null;
    reason: string;
    holders: number | null;
  }[];
}

/** A record's `source/externalId`, each column qualified by the table alias (the queries join two records). */
const recordRef = (alias: string) => `${alias}.source || '/' || ${alias}.external_id`;

export async function explainProfile(db: Db, id: string): Promise<ProfileExplanation> {
  const ref = await profileRef(db, id);
  const [profile] = await db.query<{ display_name: string }>(
    `SELECT display_name FROM profiles WHERE id = $1`,
    [ref.id],
  );
  const records = await db.query<{
    id: number;
    ref: string;
    display_name: string;
    joined_by: string | null;
    joined_key: string | null;
    via: string | null;
  }>(
    `SELECT s.id, ${recordRef('s')} AS ref, s.display_name, s.joined_by, s.joined_key, ${recordRef('v')} AS via
     FROM source_records s LEFT JOIN source_records v ON v.id = s.joined_via
     WHERE s.profile_id = $1 ORDER BY s.joined_via NULLS FIRST, s.id`,
    [ref.id],
  );
  const ids = JSON.stringify(records.map((r) => Number(r.id)));
  const [merges, decisions, refusals] = await Promise.all([
    db.query<{
      id: number;
      survivor_id: string;
      absorbed_id: string;
      link_kind: string;
      link_key: string | null;
      a: string | null;
      b: string | null;
      actor_kind: string;
      actor_id: string | null;
      created_at: Date;
      undone_at: Date | null;
    }>(
      `SELECT m.*, ${recordRef('a')} AS a, ${recordRef('b')} AS b FROM profile_merges m
       LEFT JOIN source_records a ON a.id = m.source_record_id
       LEFT JOIN source_records b ON b.id = m.other_source_record_id
       WHERE m.survivor_id = $1 OR m.absorbed_id = $1 ORDER BY m.created_at, m.id`,
      [ref.id],
    ),
    db.query<{
      id: number;
      decision: string;
      a: string;
      b: string | null;
      actor_kind: string;
      actor_id: string | null;
      reason: string | null;
      created_at: Date;
    }>(
      `SELECT l.id, l.decision, ${recordRef('a')} AS a, ${recordRef('b')} AS b, l.actor_kind, l.actor_id, l.reason, l.created_at
       FROM profile_links l JOIN source_records a ON a.id = l.source_record_id
       LEFT JOIN source_records b ON b.id = l.other_source_record_id
       WHERE l.revoked_at IS NULL AND (l.source_record_id IN (SELECT json_array_elements_text($1::json)::bigint)
         OR l.other_source_record_id IN (SELECT json_array_elements_text($1::json)::bigint))
       ORDER BY l.id`,
      [ids],
    ),
    db.query<{
      type: string;
      a: string | null;
      b: string | null;
      kind: string;
      key: string | null;
      reason: string;
      holders: number | null;
    }>(
      `SELECT r.type, ${recordRef('a')} AS a, ${recordRef('b')} AS b, r.kind, r.key, r.reason, r.holders
       FROM profile_refusals r
       LEFT JOIN source_records a ON a.id = r.source_record_id
       LEFT JOIN source_records b ON b.id = r.other_source_record_id
       WHERE r.source_record_id IN (SELECT json_array_elements_text($1::json)::bigint)
          OR r.other_source_record_id IN (SELECT json_array_elements_text($1::json)::bigint)
          OR (r.type = 'key' AND (r.kind, r.key) IN (
            SELECT CASE k.kind WHEN 'xref' THEN 'erp_ref' WHEN 'tax_id' THEN split_part(k.value, ':', 1) ELSE k.kind END,
              CASE WHEN k.kind = 'tax_id' THEN split_part(k.value, ':', 2) ELSE k.value END
            FROM profile_keys k WHERE k.source_record_id IN (SELECT json_array_elements_text($1::json)::bigint)))
       ORDER BY r.type, r.kind, r.key, r.id`,
      [ids],
    ),
  ]);
  const actor = (kind: string, actorId: string | null) => (actorId ? `${kind}:${actorId}` : kind);
  return {
    profileId: ref.id,
    mergedFrom: ref.mergedFrom,
    displayName: profile?.display_name ?? '',
    records: records.map((r) => ({
      id: Number(r.id),
      ref: r.ref,
      displayName: r.display_name,
      joinedBy: r.joined_by,
      joinedKey: r.joined_key,
      joinedVia: r.via,
    })),
    merges: merges.map((m) => ({
      id: Number(m.id),
      survivorId: m.survivor_id,
      absorbedId: m.absorbed_id,
      linkKind: m.link_kind,
      linkKey: m.link_key,
      between: [m.a, m.b],
      actor: actor(m.actor_kind, m.actor_id),
      at: m.created_at.toISOString(),
      undoneAt: m.undone_at?.toISOString() ?? null,
    })),
    decisions: decisions.map((d) => ({
      id: Number(d.id),
      decision: d.decision,
      record: d.a,
      other: d.b,
      actor: actor(d.actor_kind, d.actor_id),
      reason: d.reason,
      at: d.created_at.toISOString(),
    })),
    refusals: refusals.map((r) => ({
      type: r.type,
      record: r.a,
      other: r.b,
      kind: r.kind,
      key: r.key,
      reason: r.reason,
      holders: r.holders,
    })),
  };
}

const KEY_NAMES: Record<string, string> = {
  inn: 'INN',
  ogrn: 'OGRN',
  vat: 'VAT number',
  erp_ref: 'ERP cross-reference',
  email: 'e-mail',
  phone: 'phone',
  manual: 'a manual merge',
};

const REASONS: Record<JoinRefusal | KeyRefusalReason | ValueRefusalReason, string> = {
  too_common: 'too common: held by more organisations than identity.maxKeyShare',
  ambiguous: 'held by organisations with different tax ids',
  organisation_key: "an organisation's own contact, not its people's",
  different_names: 'the names share no word',
  different_country: 'the countries differ',
  conflicting_tax_ids: 'different valid tax ids',
  kind_mismatch: 'an organisation and a person are never one profile',
  never_merge: 'a never-merge decision',
  same_source_contact: 'two contacts of one company in one ERP',
  checksum: 'fails the checksum',
  placeholder: 'a placeholder',
  role_address: 'a role address (info@, office@ …)',
  ignored_address: 'on the identity.ignoreEmails list',
  ignored_domain: 'on the identity.ignoreDomains list',
  blocked_phone: 'a known shared number',
  invalid_phone: 'not a valid phone number',
  malformed: 'malformed',
  unknown_country: 'of no known country',
  not_a_linking_kind: 'not a kind of id that links',
  not_matched_on: 'of a kind identity.matchOn leaves out',
};

/** A key as a person reads it: "INN 7707083893", "a manual merge". */
export function describeKey(kind: string, key: string | null): string {
  const name = KEY_NAMES[kind] ?? kind;
  return key === null ? name : `${name} ${key}`;
}

/** A refusal reason as a phrase. */
export function describeReason(reason: string): string {
  return (REASONS as Record<string, string>)[reason] ?? reason.replace(/_/g, ' ');
}

/** The explanation as lines of text for a terminal or a chat message. */
export function explanationLines(e: ProfileExplanation): string[] {
  const lines = [
    `${e.displayName} (${e.profileId})${e.mergedFrom ? `, which absorbed ${e.mergedFrom}` : ''}`,
  ];
  for (const r of e.records) {
    lines.push(
      r.joinedBy === null
        ? `  ${r.ref} "${r.displayName}": first record`
        : `  ${r.ref} "${r.displayName}": joined ${r.joinedVia} by ${describeKey(r.joinedBy, r.joinedKey)}`,
    );
  }
  for (const m of e.merges) {
    lines.push(
      `  merge #${m.id}: ${m.absorbedId} into ${m.survivorId} by ${describeKey(m.linkKind, m.linkKey)}` +
        `${m.between[0] ? ` (${m.between[0]} + ${m.between[1]})` : ''}, ${m.actor}, ${m.at}` +
        (m.undoneAt ? `, undone ${m.undoneAt}` : ''),
    );
  }
  for (const d of e.decisions) {
    lines.push(
      `  decision #${d.id}: ${d.decision.replace('_', '-')} ${d.record}${d.other ? ` + ${d.other}` : ''} by ${d.actor}` +
        `${d.reason ? ` ("${d.reason}")` : ''}`,
    );
  }
  for (const r of e.refusals) {
    const what = describeKey(r.kind, r.key);
    lines.push(
      r.type === 'link'
        ? `  kept apart: ${r.record} and ${r.other} share ${what}, but ${describeReason(r.reason)}`
        : r.type === 'key'
          ? `  not linking: ${what} (${r.holders} holders), ${describeReason(r.reason)}`
          : `  not a key: ${r.record} ${what}, ${describeReason(r.reason)}`,
    );
  }
  return lines;
}
