import type { Channel } from '@crm-bridge/core';
import type { Db } from '../db/db';
import { iso } from './row-values';

export type ActorKind = 'employee' | 'cli' | 'api_key' | 'system';

/** Who did something: an employee id, an API key id, or null for the CLI and the system. */
export interface AuditActor {
  kind: ActorKind;
  id: string | null;
}

/** An actor acting through a channel: what every audited write takes. */
export interface Actor extends AuditActor {
  channel: Channel;
}

export interface AuditInput {
  actor: AuditActor;
  /** A stable dotted verb, e.g. `employee.role_changed`. */
  action: string;
  target?: { kind: string; id: string } | null;
  channel: Channel;
  details?: Record<string, unknown>;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: AuditActor;
  action: string;
  target: { kind: string; id: string } | null;
  channel: Channel;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  actor?: AuditActor;
  target?: { kind: string; id: string };
  action?: string;
  limit?: number;
}

const secretKey = /secret|password|passwd|token|api[-_]?key|authorization|signature/i;

/** A copy of `value` with every secret-looking member replaced, so the log never holds a credential. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [
      key,
      secretKey.test(key) ? '[redacted]' : redactSecrets(member),
    ]),
  );
}

interface AuditRow {
  id: number;
  at: Date;
  actor_kind: ActorKind;
  actor_id: string | null;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  channel: Channel;
  details: Record<string, unknown>;
}

const columns = 'id, at, actor_kind, actor_id, action, target_kind, target_id, channel, details';

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: iso(row.at),
    actor: { kind: row.actor_kind, id: row.actor_id },
    action: row.action,
    target:
      row.target_kind !== null && row.target_id !== null
        ? { kind: row.target_kind, id: row.target_id }
        : null,
    channel: row.channel,
    details: row.details,
  };
}

/** Appends one audit row; pass the write's transaction so both commit or neither does. */
export async function appendAudit(db: Db, input: AuditInput): Promise<AuditEntry> {
  const [row] = await db.query<AuditRow>(
    `INSERT INTO audit_log (actor_kind, actor_id, action, target_kind, target_id, channel, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) RETURNING ${columns}`,
    [
      input.actor.kind,
      input.actor.id,
      input.action,
      input.target?.kind ?? null,
      input.target?.id ?? null,
      input.channel,
      JSON.stringify(redactSecrets(input.details ?? {})),
    ],
  );
  return toAuditEntry(row!);
}

/** Audit rows, newest first, filtered by actor, target and/or action. */
export async function listAudit(db: Db, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  const rows = await db.query<AuditRow>(
    `SELECT ${columns} FROM audit_log
     WHERE ($1::text IS NULL OR actor_kind = $1) AND ($2::text IS NULL OR actor_id = $2)
       AND ($3::text IS NULL OR target_kind = $3) AND ($4::text IS NULL OR target_id = $4)
       AND ($5::text IS NULL OR action = $5)
     ORDER BY at DESC, id DESC LIMIT $6`,
    [
      filter.actor?.kind ?? null,
      filter.actor?.id ?? null,
      filter.target?.kind ?? null,
      filter.target?.id ?? null,
      filter.action ?? null,
      filter.limit ?? 50,
    ],
  );
  return rows.map(toAuditEntry);
}
