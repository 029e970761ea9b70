import { ConflictError, NotFoundError, type Role, Uuid } from '@crm-bridge/core';
import { type Actor, appendAudit, type Db } from '@crm-bridge/store';
import { z } from 'zod';
import { generateApiKey, hashApiKey } from './api-key-secret';
import { Scope } from './scopes';

/** An API key as lists show it: never the key, never its hash. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  employeeId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** What the authenticator reads for a presented key: the row, its hash and its employee. */
export interface ApiKeyCredential extends ApiKeyInfo {
  keyHash: string;
  employee: { name: string; role: Role; active: boolean } | null;
}

/** What is needed to create a key. */
export const NewApiKey = z.strictObject({
  name: z.string().trim().min(1).max(200),
  scopes: z.array(Scope).min(1, 'Give at least one scope'),
  employeeId: Uuid.nullable().default(null),
  expiresAt: z.date().nullable().default(null),
});
export type NewApiKey = z.input<typeof NewApiKey>;

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: string[];
  employee_id: string | null;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  employee_name?: string | null;
  employee_role?: Role | null;
  employee_active?: boolean | null;
}

const columns =
  'k.id, k.name, k.prefix, k.key_hash, k.scopes, k.employee_id, k.created_at, k.last_used_at, k.expires_at, k.revoked_at';
const iso = (value: Date | null) => (value === null ? null : value.toISOString());

function toInfo(row: ApiKeyRow): ApiKeyInfo {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.filter((scope): scope is Scope => Scope.safeParse(scope).success),
    employeeId: row.employee_id,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: iso(row.last_used_at),
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
  };
}

const target = (id: string) => ({ kind: 'api_key', id });

/**
 * Creates a key and its audit row in one transaction. The returned `key` is the only time it exists in
 * the clear: print it once.
 */
export async function createApiKey(
  db: Db,
  input: NewApiKey,
  actor: Actor,
): Promise<{ key: string; info: ApiKeyInfo }> {
  const data = NewApiKey.parse(input);
  const scopes = [...new Set(data.scopes)];
  return db.transaction(async (tx) => {
    if (data.employeeId !== null) {
      const [employee] = await tx.query('SELECT 1 FROM employees WHERE id = $1', [data.employeeId]);
      if (!employee) {
        throw new NotFoundError(`No employee with id ${data.employeeId}`, { code: 'api.employee_not_found' });
      }
    }
    const { key, prefix } = generateApiKey();
    const [row] = (await tx.query<ApiKeyRow>(
      `INSERT INTO api_keys AS k (name, prefix, key_hash, scopes, employee_id, expires_at)
       VALUES ($1, $2, $3, $4::text[], $5, $6) RETURNING ${columns}`,
      [data.name, prefix, hashApiKey(key), scopes, data.employeeId, data.expiresAt],
    )) as [ApiKeyRow];
    const info = toInfo(row);
    await appendAudit(tx, {
      actor,
      action: 'api_key.created',
      target: target(info.id),
      channel: actor.channel,
      details: {
        name: info.name,
        prefix: info.prefix,
        scopes,
        employeeId: info.employeeId,
        expiresAt: info.expiresAt,
      },
    });
    return { key, info };
  });
}

/** Every key, newest first, revoked ones only when asked; never a secret. */
export async function listApiKeys(db: Db, options: { includeRevoked?: boolean } = {}): Promise<ApiKeyInfo[]> {
  const rows = await db.query<ApiKeyRow>(
    `SELECT ${columns} FROM api_keys k WHERE k.revoked_at IS NULL OR $1 ORDER BY k.created_at DESC, k.id`,
    [options.includeRevoked ?? false],
  );
  return rows.map(toInfo);
}

/** The key a presented prefix names, with its hash and employee; null when there is none. */
export async function findApiKeyCredential(db: Db, prefix: string): Promise<ApiKeyCredential | null> {
  const [row] = await db.query<ApiKeyRow>(
    `SELECT ${columns}, e.name AS employee_name, e.role AS employee_role, e.active AS employee_active
     FROM api_keys k LEFT JOIN employees e ON e.id = k.employee_id WHERE k.prefix = $1`,
    [prefix],
  );
  if (!row) return null;
  return {
    ...toInfo(row),
    keyHash: row.key_hash,
    employee:
      row.employee_id !== null && row.employee_name
        ? { name: row.employee_name, role: row.employee_role!, active: row.employee_active! }
        : null,
  };
}

/** Records that a key was used (callers throttle: it is a write). */
export async function touchApiKey(db: Db, id: string): Promise<void> {
  await db.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [id]);
}

/** Revokes a key by its id or prefix, audited; revoking twice is a ConflictError. */
export async function revokeApiKey(db: Db, reference: string, actor: Actor): Promise<ApiKeyInfo> {
  return db.transaction(async (tx) => {
    const byId = Uuid.safeParse(reference).success;
    const [row] = await tx.query<ApiKeyRow>(
      `SELECT ${columns} FROM api_keys k WHERE ${byId ? 'k.id = $1' : 'k.prefix = $1'} FOR UPDATE`,
      [reference],
    );
    if (!row)
      throw new NotFoundError(`No API key with id or prefix ${reference}`, { code: 'api.key_not_found' });
    if (row.revoked_at !== null) {
      throw new ConflictError(`API key ${row.prefix} was revoked already`, { code: 'api.key_revoked' });
    }
    const [revoked] = (await tx.query<ApiKeyRow>(
      `UPDATE api_keys k SET revoked_at = now() WHERE k.id = $1 RETURNING ${columns}`,
      [row.id],
    )) as [ApiKeyRow];
    await appendAudit(tx, {
      actor,
      action: 'api_key.revoked',
      target: target(row.id),
      channel: actor.channel,
      details: { name: row.name, prefix: row.prefix },
    });
    return toInfo(revoked);
  });
}
