import {
  type ChatLanguage,
  ConflictError,
  type Employee,
  EmployeeChatChange,
  NewEmployee,
  NotFoundError,
  type NotifyVia,
  type Role,
  Uuid,
} from '@crm-bridge/core';
import type { Db, SqlParam } from '../db/db';
import { type Actor, appendAudit } from './audit-log';
import { iso, pgErrorInfo, uniqueViolation } from './row-values';

interface EmployeeRow {
  id: string;
  name: string;
  email: string | null;
  role: Role;
  slack_user_id: string | null;
  telegram_user_id: number | null;
  slack_team_id: string | null;
  time_zone: string | null;
  language: ChatLanguage | null;
  notify_via: NotifyVia;
  telegram_blocked_at: Date | null;
  active: boolean;
  created_at: Date;
}

const columns =
  'id, name, email, role, slack_user_id, telegram_user_id, slack_team_id, time_zone, language, notify_via, telegram_blocked_at, active, created_at';

function toEmployee(row: EmployeeRow): Employee {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    slackUserId: row.slack_user_id,
    telegramUserId: row.telegram_user_id === null ? null : Number(row.telegram_user_id),
    slackTeamId: row.slack_team_id,
    timeZone: row.time_zone,
    language: row.language,
    notifyVia: row.notify_via,
    telegramBlockedAt: row.telegram_blocked_at === null ? null : iso(row.telegram_blocked_at),
    active: row.active,
    createdAt: iso(row.created_at),
  };
}

function conflictFor(
  error: unknown,
  input: { slackUserId?: string | null; telegramUserId?: number | null },
): unknown {
  const { code, constraint } = pgErrorInfo(error);
  if (code !== uniqueViolation) return error;
  if (constraint === 'employees_slack_user_id_key') {
    return new ConflictError(`Slack user ${input.slackUserId} is already linked to another employee`, {
      cause: error,
      code: 'store.employee_slack_id_taken',
    });
  }
  if (constraint === 'employees_telegram_user_id_key') {
    return new ConflictError(`Telegram user ${input.telegramUserId} is already linked to another employee`, {
      cause: error,
      code: 'store.employee_telegram_id_taken',
    });
  }
  return error;
}

/** Adds an employee and its audit row in one transaction; a taken Slack/Telegram id is a ConflictError. */
export async function addEmployee(db: Db, input: NewEmployee, actor: Actor): Promise<Employee> {
  const data = NewEmployee.parse(input);
  return db.transaction(async (tx) => {
    let row: EmployeeRow;
    try {
      [row] = (await tx.query<EmployeeRow>(
        `INSERT INTO employees (name, email, role, slack_user_id, telegram_user_id, time_zone, language, notify_via)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${columns}`,
        [
          data.name,
          data.email,
          data.role,
          data.slackUserId,
          data.telegramUserId,
          data.timeZone,
          data.language,
          data.notifyVia,
        ],
      )) as [EmployeeRow];
    } catch (error) {
      throw conflictFor(error, data);
    }
    const employee = toEmployee(row);
    await appendAudit(tx, {
      actor,
      channel: actor.channel,
      action: 'employee.added',
      target: { kind: 'employee', id: employee.id },
      details: {
        name: employee.name,
        role: employee.role,
        before: null,
        after: { name: employee.name, role: employee.role, active: employee.active },
      },
    });
    return employee;
  });
}

/** Employees by name; inactive ones only when asked. */
export async function listEmployees(
  db: Db,
  options: { includeInactive?: boolean } = {},
): Promise<Employee[]> {
  const rows = await db.query<EmployeeRow>(
    `SELECT ${columns} FROM employees WHERE active OR $1 ORDER BY name, id`,
    [options.includeInactive ?? false],
  );
  return rows.map(toEmployee);
}

/** An employee by id, or null (also for a malformed id). */
export async function findEmployee(db: Db, id: string): Promise<Employee | null> {
  if (!Uuid.safeParse(id).success) return null;
  const [row] = await db.query<EmployeeRow>(`SELECT ${columns} FROM employees WHERE id = $1`, [id]);
  return row ? toEmployee(row) : null;
}

/** An employee by id; a NotFoundError when there is none. */
export async function getEmployee(db: Db, id: string): Promise<Employee> {
  const employee = await findEmployee(db, id);
  if (!employee) throw new NotFoundError(`No employee with id ${id}`, { code: 'store.employee_not_found' });
  return employee;
}

/** The employee linked to a Slack user, or null. */
export async function findEmployeeBySlackId(db: Db, slackUserId: string): Promise<Employee | null> {
  const [row] = await db.query<EmployeeRow>(`SELECT ${columns} FROM employees WHERE slack_user_id = $1`, [
    slackUserId,
  ]);
  return row ? toEmployee(row) : null;
}

/** The employee linked to a Telegram user, or null. */
export async function findEmployeeByTelegramId(db: Db, telegramUserId: number): Promise<Employee | null> {
  const [row] = await db.query<EmployeeRow>(`SELECT ${columns} FROM employees WHERE telegram_user_id = $1`, [
    telegramUserId,
  ]);
  return row ? toEmployee(row) : null;
}

async function updateAudited(
  db: Db,
  id: string,
  actor: Actor,
  change: { set: string; params: SqlParam[]; action: string; details: (before: Employee) => object },
): Promise<Employee> {
  return db.transaction(async (tx) => {
    // Lock the row: the audit row records the value this update replaced, not a racing one.
    const before = await findEmployeeForUpdate(tx, id);
    const [row] = await tx.query<EmployeeRow>(
      `UPDATE employees SET ${change.set}, updated_at = now() WHERE id = $1 RETURNING ${columns}`,
      [id, ...change.params],
    );
    await appendAudit(tx, {
      actor,
      channel: actor.channel,
      action: change.action,
      target: { kind: 'employee', id },
      details: { ...change.details(before) },
    });
    return toEmployee(row!);
  });
}

async function findEmployeeForUpdate(tx: Db, id: string): Promise<Employee> {
  const [row] = Uuid.safeParse(id).success
    ? await tx.query<EmployeeRow>(`SELECT ${columns} FROM employees WHERE id = $1 FOR UPDATE`, [id])
    : [];
  if (!row) throw new NotFoundError(`No employee with id ${id}`, { code: 'store.employee_not_found' });
  return toEmployee(row);
}

/** Changes an employee's role, audited with the old and new role. */
export function setEmployeeRole(db: Db, id: string, role: Role, actor: Actor): Promise<Employee> {
  return updateAudited(db, id, actor, {
    set: 'role = $2',
    params: [role],
    action: 'employee.role_changed',
    details: (before) => ({ from: before.role, to: role, before: { role: before.role }, after: { role } }),
  });
}

/** Deactivates an employee (kept for history, no longer able to act), audited. */
export function deactivateEmployee(db: Db, id: string, actor: Actor): Promise<Employee> {
  return updateAudited(db, id, actor, {
    set: 'active = false',
    params: [],
    action: 'employee.deactivated',
    details: (before) => ({
      wasActive: before.active,
      before: { active: before.active },
      after: { active: false },
    }),
  });
}

const chatColumns: Record<keyof EmployeeChatChange, string> = {
  slackUserId: 'slack_user_id',
  slackTeamId: 'slack_team_id',
  telegramUserId: 'telegram_user_id',
  timeZone: 'time_zone',
  language: 'language',
  notifyVia: 'notify_via',
  telegramBlockedAt: 'telegram_blocked_at',
};

/**
 * Changes an employee's chat settings (bindings, zone, language, channels, the Telegram block mark), audited
 * with the old and new values; a Slack or Telegram id bound to someone else is a ConflictError.
 */
export async function setEmployeeChat(
  db: Db,
  id: string,
  change: EmployeeChatChange,
  actor: Actor,
): Promise<Employee> {
  const data = EmployeeChatChange.parse(change);
  const keys = (Object.keys(chatColumns) as Array<keyof EmployeeChatChange>).filter(
    (key) => data[key] !== undefined,
  );
  if (keys.length === 0) return getEmployee(db, id);
  try {
    return await updateAudited(db, id, actor, {
      set: keys.map((key, index) => `${chatColumns[key]} = $${index + 2}`).join(', '),
      params: keys.map((key) => data[key] ?? null),
      action: 'employee.chat_changed',
      details: (before) => ({
        before: Object.fromEntries(keys.map((key) => [key, before[key]])),
        after: Object.fromEntries(keys.map((key) => [key, data[key]])),
      }),
    });
  } catch (error) {
    throw conflictFor(error, data);
  }
}
