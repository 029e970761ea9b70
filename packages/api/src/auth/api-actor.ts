import type { Role } from '@crm-bridge/core';
import type { Scope } from './scopes';

/**
 * The actor an API key acts as: the desk's actor shape (kind, id, channel, role, employeeId, name) plus
 * the key's scopes. `id` is the key's id, so the audit log names the key.
 */
export interface ApiActor {
  kind: 'api_key';
  id: string;
  channel: 'api' | 'n8n';
  role: Role;
  /** The employee the key acts for (owner of "my" reminders, author of notes), when linked. */
  employeeId: string | null;
  /** The key's name, or its employee's name when linked. */
  name: string;
  scopes: Scope[];
  /** The key's public prefix, for logs: never the key. */
  keyPrefix: string;
}
