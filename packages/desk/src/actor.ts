import { type Channel, type Employee, ForbiddenError, type Role } from '@crm-bridge/core';
import type { Actor } from '@crm-bridge/store';

/**
 * Who acts on the desk: an employee (through a bot or the API), an API key acting as an employee-like
 * actor, the CLI, or the system (sweeps). `role` decides what it may do (permissions.ts).
 */
export interface DeskActor {
  kind: 'employee' | 'api_key' | 'cli' | 'system';
  /** The employee id, the API key id, the CLI user name; null for the system. */
  id: string | null;
  channel: Channel;
  role: Role;
  /** The employee this actor is or acts for: owner of "my" reminders, author of notes. */
  employeeId: string | null;
  /** A name for people: shown in events and history. */
  name: string;
}

/** The actor for an employee; an inactive employee may not act at all. */
export function employeeActor(employee: Employee, channel: Channel): DeskActor {
  if (!employee.active) {
    throw new ForbiddenError(`${employee.name} is deactivated and may not act`, {
      code: 'desk.employee_inactive',
    });
  }
  return {
    kind: 'employee',
    id: employee.id,
    channel,
    role: employee.role,
    employeeId: employee.id,
    name: employee.name,
  };
}

/** The system itself (sweeps, workers): an admin that is nobody. */
export const systemActor: DeskActor = {
  kind: 'system',
  id: null,
  channel: 'system',
  role: 'admin',
  employeeId: null,
  name: 'CRM Bridge',
};

/** What the store's audit and history columns record of an actor. */
export function storeActor(actor: DeskActor): Actor {
  return { kind: actor.kind, id: actor.id, channel: actor.channel };
}

/** How an actor appears in an event payload: ids and a name, nothing else. */
export interface ActorSummary {
  kind: DeskActor['kind'];
  id: string | null;
  employeeId: string | null;
  name: string;
}

export function actorSummary(actor: DeskActor): ActorSummary {
  return { kind: actor.kind, id: actor.id, employeeId: actor.employeeId, name: actor.name };
}
