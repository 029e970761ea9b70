import type { Db } from '@crm-bridge/store';
import {
  REMINDER_SELECT,
  type ReminderRow,
  type ReminderView,
  toReminderView,
} from '../reminders/reminder-rows';
import {
  atRiskSql,
  breachedSql,
  TICKET_SELECT,
  type TicketRow,
  type TicketView,
  toTicketView,
} from '../tickets/ticket-rows';

/** The desk at a glance: live tickets with their SLA state, and the reminders that are due. */
export interface DeskReport {
  at: string;
  tickets: {
    /** Live tickets: new, open or pending. */
    open: number;
    atRisk: number;
    breached: number;
    /** The live tickets with the least time left first. */
    list: TicketView[];
  };
  reminders: {
    /** Pending or sent, due by now. */
    due: number;
    list: ReminderView[];
  };
}

const LIVE = `t.status IN ('new', 'open', 'pending')`;

/** The demo report's desk section (and any status view): live tickets, SLA flags and due reminders. */
export async function deskReport(
  db: Db,
  now: Date = new Date(),
  options: { limit?: number } = {},
): Promise<DeskReport> {
  const limit = options.limit ?? 10;
  const [[counts], tickets, [due], reminders] = await Promise.all([
    db.query<{ open: number; at_risk: number; breached: number }>(
      `SELECT count(*)::int AS open,
         count(*) FILTER (WHERE ${atRiskSql('$1::timestamptz')})::int AS at_risk,
         count(*) FILTER (WHERE ${breachedSql('$1::timestamptz')})::int AS breached
       FROM tickets t WHERE ${LIVE}`,
      [now],
    ),
    db.query<TicketRow>(
      `${TICKET_SELECT} WHERE ${LIVE}
       ORDER BY LEAST(CASE WHEN t.first_responded_at IS NULL THEN t.first_response_due_at END,
         CASE WHEN t.sla_paused_at IS NULL THEN t.resolution_due_at END) NULLS LAST, t.number
       LIMIT $1`,
      [limit],
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM reminders WHERE status IN ('pending', 'sent') AND due_at <= $1`,
      [now],
    ),
    db.query<ReminderRow>(
      `${REMINDER_SELECT} WHERE r.status IN ('pending', 'sent') AND r.due_at <= $1 ORDER BY r.due_at, r.id LIMIT $2`,
      [now, limit],
    ),
  ]);
  return {
    at: now.toISOString(),
    tickets: {
      open: counts?.open ?? 0,
      atRisk: counts?.at_risk ?? 0,
      breached: counts?.breached ?? 0,
      list: tickets.map((row) => toTicketView(row, now)),
    },
    reminders: { due: due?.n ?? 0, list: reminders.map(toReminderView) },
  };
}

function slaWords(ticket: TicketView): string {
  const { sla } = ticket;
  if (sla.breached) return 'BREACHED';
  if (sla.atRisk) return 'at risk';
  if (sla.resolution.state === 'paused') return 'paused';
  return 'on time';
}

/** The report as plain text lines, for a terminal. */
export function deskReportLines(report: DeskReport): string[] {
  const { tickets, reminders } = report;
  return [
    `tickets: ${tickets.open} open, ${tickets.atRisk} at risk, ${tickets.breached} breached`,
    ...tickets.list.map((t) => {
      const due = t.firstRespondedAt === null ? t.sla.firstResponse.dueAt : t.sla.resolution.dueAt;
      return `  ${t.ref}  ${t.priority.padEnd(6)} ${t.status.padEnd(7)} ${slaWords(t).padEnd(8)} due ${due ?? '-'}  ${t.subject}${t.customer ? ` (${t.customer.name})` : ''}${t.assignee ? ` → ${t.assignee.name}` : ''}`;
    }),
    `reminders due: ${reminders.due}`,
    ...reminders.list.map(
      (r) => `  ${r.dueAt}  ${r.owner.name}: ${r.text}${r.customer ? ` (${r.customer.name})` : ''}`,
    ),
  ];
}
