import type { EventTopic } from '../events';

/** The chat channels a notification goes to. */
export type ChatNotifyChannel = 'slack' | 'telegram';

/** Who gets an event in chat: these employees, the active managers, or nobody. */
export type ChatRecipients = { employeeIds: string[] } | 'managers';

/** The topics that notify someone in chat. */
export const CHAT_NOTIFICATION_TOPICS = [
  'reminder.due',
  'ticket.created',
  'ticket.updated',
  'ticket.sla_at_risk',
  'ticket.breached',
  'customer.dormant',
] as const satisfies readonly EventTopic[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The value at a path of a JSON object, or undefined. */
function dig(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** An employee id, or null for anything else (a payload is data from the outbox, checked like input). */
function employeeId(value: unknown): string | null {
  return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : null;
}

function only(id: string | null): ChatRecipients {
  return { employeeIds: id === null ? [] : [id] };
}

/** The new assignee when someone else gave the ticket to them ("assigned to me"), else nobody. */
function assignedByAnother(assignee: string | null, actorEmployeeId: unknown): ChatRecipients {
  return only(assignee !== null && assignee !== employeeId(actorEmployeeId) ? assignee : null);
}

/**
 * Who an outbox event notifies in chat: reminder.due → its owner; a ticket created with, or changed to,
 * an assignee → that assignee unless they assigned it themselves; SLA at risk / breached → the assignee,
 * or the active managers when there is none; customer.dormant → the customer's owner. Other topics: nobody.
 */
export function chatRecipients(topic: string, payload: unknown): ChatRecipients {
  switch (topic) {
    case 'reminder.due':
      return only(employeeId(dig(payload, 'reminder', 'owner', 'id')));
    case 'ticket.created':
      return assignedByAnother(
        employeeId(dig(payload, 'ticket', 'assignee', 'id')),
        dig(payload, 'actor', 'employeeId'),
      );
    case 'ticket.updated': {
      const change = dig(payload, 'changes', 'assigneeId');
      if (change === undefined) return only(null);
      return assignedByAnother(employeeId(dig(change, 'to')), dig(payload, 'actor', 'employeeId'));
    }
    case 'ticket.sla_at_risk':
    case 'ticket.breached': {
      const assignee = employeeId(dig(payload, 'ticket', 'assignee', 'id'));
      return assignee === null ? 'managers' : only(assignee);
    }
    case 'customer.dormant':
      return only(employeeId(dig(payload, 'owner', 'id')));
    default:
      return only(null);
  }
}
