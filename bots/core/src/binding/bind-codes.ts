/**
 * One-time binding codes (Telegram deep links `t.me/<bot>?start=<code>`): the code is shown once, only
 * its sha256 is stored, it lives 24 hours and binds once. The binding itself is audited by setEmployeeChat.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ConflictError, type Employee } from '@crm-bridge/core';
import { employeeActor, setEmployeeChat } from '@crm-bridge/desk';
import { type Actor, appendAudit, type Db, getEmployee } from '@crm-bridge/store';

export const BIND_CODE_TTL_MS = 24 * 3_600_000;

/** A code is 22 characters of base64url: within Telegram's 64-character start parameter. */
const CODE = /^[A-Za-z0-9_-]{22}$/;

function hashOf(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}

/** A new code for an active employee, audited (without the code); returns the code and when it expires. */
export async function createBindCode(
  db: Db,
  employeeId: string,
  actor: Actor,
  options: { channel?: 'telegram' | 'slack'; now?: Date } = {},
): Promise<{ code: string; expiresAt: Date; employee: Employee }> {
  const now = options.now ?? new Date();
  const channel = options.channel ?? 'telegram';
  const code = randomBytes(16).toString('base64url');
  const expiresAt = new Date(now.getTime() + BIND_CODE_TTL_MS);
  return db.transaction(async (tx) => {
    const employee = await getEmployee(tx, employeeId);
    if (!employee.active) {
      throw new ConflictError(`${employee.name} is deactivated and cannot be bound`, {
        code: 'bots.employee_inactive',
      });
    }
    await tx.query(
      `INSERT INTO chat_bind_codes (code_hash, employee_id, channel, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [hashOf(code), employee.id, channel, now, expiresAt],
    );
    await appendAudit(tx, {
      actor,
      channel: actor.channel,
      action: 'employee.bind_code_created',
      target: { kind: 'employee', id: employee.id },
      details: { channel, expiresAt: expiresAt.toISOString() },
    });
    return { code, expiresAt, employee };
  });
}

/**
 * Binds a Telegram user with a code: the code must exist, be unused and unexpired, and is used up in the
 * same transaction as the binding. Null (nothing changed) for any code that does not qualify.
 */
export async function redeemBindCode(
  db: Db,
  code: string,
  telegramUserId: number,
  options: { now?: Date } = {},
): Promise<Employee | null> {
  if (!CODE.test(code) || !Number.isSafeInteger(telegramUserId) || telegramUserId <= 0) return null;
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ employee_id: string }>(
      `UPDATE chat_bind_codes SET used_at = $2
       WHERE code_hash = $1 AND channel = 'telegram' AND used_at IS NULL AND expires_at > $2
         AND employee_id IN (SELECT id FROM employees WHERE active)
       RETURNING employee_id`,
      [hashOf(code), now],
    );
    if (!row) return null;
    const employee = await getEmployee(tx, row.employee_id);
    return setEmployeeChat(tx, employeeActor(employee, 'telegram'), employee.id, {
      telegramUserId,
      telegramBlockedAt: null,
    });
  });
}
