import { appendAudit, type Db } from '@crm-bridge/store';
import type { DeskActor } from './actor';

/** One audited write: what changed, as short before/after summaries (never secrets, never whole bodies). */
export interface DeskAuditInput {
  action: string;
  target: { kind: string; id: string };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  extra?: Record<string, unknown>;
}

/** Appends the audit row of a desk write; pass the write's transaction. */
export async function auditDesk(tx: Db, actor: DeskActor, input: DeskAuditInput): Promise<void> {
  await appendAudit(tx, {
    actor: { kind: actor.kind, id: actor.id },
    channel: actor.channel,
    action: input.action,
    target: input.target,
    details: { before: input.before ?? null, after: input.after ?? null, ...input.extra },
  });
}

/** A text cut to a preview length for audit summaries. */
export function preview(text: string, length = 120): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
