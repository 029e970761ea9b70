import { ForbiddenError, type Role, roleAllows } from '@crm-bridge/core';
import type { DeskActor } from './actor';

/**
 * The one permission table: each action and the least role that may do it (admin ⊇ manager ⊇ agent ⊇
 * viewer). Viewers read; agents work tickets, notes and their own reminders; managers assign, merge and
 * touch anyone's reminders; admins run syncs and manage employees, API keys and webhooks.
 */
export const PERMISSIONS = {
  'customers.read': 'viewer',
  'tickets.read': 'viewer',
  'employees.read': 'viewer',
  'sync.read': 'viewer',
  'tickets.write': 'agent',
  'notes.write': 'agent',
  'reminders.own': 'agent',
  'tickets.assign': 'manager',
  'reminders.any': 'manager',
  'profiles.merge': 'manager',
  'audit.read': 'manager',
  'sync.run': 'admin',
  'employees.manage': 'admin',
  'apikeys.manage': 'admin',
  'webhooks.manage': 'admin',
} as const satisfies Record<string, Role>;

export type DeskAction = keyof typeof PERMISSIONS;

/** Every action, in the table's order. */
export const DESK_ACTIONS = Object.keys(PERMISSIONS) as DeskAction[];

/** The least role an action needs. */
export function requiredRole(action: DeskAction): Role {
  return PERMISSIONS[action];
}

/** True when the actor's role allows the action. */
export function can(actor: Pick<DeskActor, 'role'>, action: DeskAction): boolean {
  return roleAllows(actor.role, PERMISSIONS[action]);
}

/** Throws a ForbiddenError naming the role, the action and the role it needs, unless the actor may. */
export function authorize(actor: Pick<DeskActor, 'role'>, action: DeskAction): void {
  if (can(actor, action)) return;
  const required = PERMISSIONS[action];
  const article = /^[aeiou]/.test(actor.role) ? 'an' : 'a';
  throw new ForbiddenError(`${article} ${actor.role} may not ${action}; it needs ${required} or above`, {
    code: 'desk.forbidden',
    details: { role: actor.role, action, required },
  });
}
