import type { Role } from '@crm-bridge/core';
import type { Actor } from '@crm-bridge/store';

/**
 * Who is managing webhooks: the acting identity and its role. A DeskActor `a` gives
 * `{ actor: storeActor(a), role: a.role }`. Every use case checks `authorize(caller, 'webhooks.manage')`.
 */
export interface WebhookCaller {
  actor: Actor;
  role: Role;
}
