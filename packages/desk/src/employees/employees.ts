import {
  ConflictError,
  type Employee,
  type EmployeeChatChange,
  type NewEmployee,
  type Role,
} from '@crm-bridge/core';
import {
  type Db,
  addEmployee as storeAddEmployee,
  deactivateEmployee as storeDeactivateEmployee,
  getEmployee as storeGetEmployee,
  listEmployees as storeListEmployees,
  setEmployeeChat as storeSetEmployeeChat,
  setEmployeeRole as storeSetEmployeeRole,
} from '@crm-bridge/store';
import { type DeskActor, storeActor } from '../actor';
import { wakeWaitingNotifications } from '../notifications/chat-wake';
import { authorize } from '../permissions';

/** Employees by name (inactive ones when asked); anyone may read the team. */
export async function listEmployees(
  db: Db,
  actor: DeskActor,
  options: { includeInactive?: boolean } = {},
): Promise<Employee[]> {
  authorize(actor, 'employees.read');
  return storeListEmployees(db, options);
}

/** One employee; NotFoundError when there is none. */
export async function getEmployee(db: Db, actor: DeskActor, id: string): Promise<Employee> {
  authorize(actor, 'employees.read');
  return storeGetEmployee(db, id);
}

/** Adds an employee (admins), audited. */
export async function addEmployee(db: Db, actor: DeskActor, input: NewEmployee): Promise<Employee> {
  authorize(actor, 'employees.manage');
  return storeAddEmployee(db, input, storeActor(actor));
}

/**
 * Refuses a change that would leave no active admin: nobody could manage employees any more. Locks the
 * admins so two such changes cannot both pass.
 */
async function keepAnAdmin(tx: Db, id: string, change: string): Promise<void> {
  const admins = await tx.query<{ id: string }>(
    `SELECT id FROM employees WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`,
  );
  if (admins.length === 1 && admins[0]!.id === id) {
    throw new ConflictError(`cannot ${change} the last active admin: make another employee admin first`, {
      code: 'desk.last_admin',
    });
  }
}

/** Changes an employee's role (admins), audited with the old and new role. */
export async function setEmployeeRole(db: Db, actor: DeskActor, id: string, role: Role): Promise<Employee> {
  authorize(actor, 'employees.manage');
  return db.transaction(async (tx) => {
    if (role !== 'admin') await keepAnAdmin(tx, id, `make ${role}`);
    return storeSetEmployeeRole(tx, id, role, storeActor(actor));
  });
}

/** Deactivates an employee (admins): kept for history, no longer able to act. Audited. */
export async function deactivateEmployee(db: Db, actor: DeskActor, id: string): Promise<Employee> {
  authorize(actor, 'employees.manage');
  return db.transaction(async (tx) => {
    await keepAnAdmin(tx, id, 'deactivate');
    return storeDeactivateEmployee(tx, id, storeActor(actor));
  });
}

/**
 * Changes an employee's chat settings (bindings, zone, language, channels, the Telegram block mark): the
 * employee themself, or an admin. Audited; in the same transaction, notifications that waited for a
 * channel the change made reachable are released.
 */
export async function setEmployeeChat(
  db: Db,
  actor: DeskActor,
  id: string,
  change: EmployeeChatChange,
): Promise<Employee> {
  if (actor.employeeId !== id) authorize(actor, 'employees.manage');
  return db.transaction(async (tx) => {
    const employee = await storeSetEmployeeChat(tx, id, change, storeActor(actor));
    await wakeWaitingNotifications(tx, id);
    return employee;
  });
}
