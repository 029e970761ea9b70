import type { Db } from '@crm-bridge/store';
import { systemActor } from '../actor';
import { emitEvent, type SlaClockName } from '../events';
import { insertReminder } from '../reminders/reminder-writes';
import { rowSla, TICKET_SELECT, type TicketRow, ticketEventSummary, toTicketView } from './ticket-rows';
import { recordTicketEvent } from './ticket-writes';

/** What one SLA sweep did. */
export interface SlaSweepResult {
  atRisk: number;
  breached: number;
  /** sla_at_risk reminders written for assignees. */
  reminders: number;
}

const BATCH = 200;

/*
 * Running clocks past their at-risk moment that have no history line yet for the state they are in
 * (sla_warning before the due time, sla_breached after it). $1 is now, $2 the batch size.
 */
const CANDIDATES = `
  SELECT c.id, c.clock FROM (
    SELECT t.id, 'first_response' AS clock, t.first_response_risk_at AS risk_at, t.first_response_due_at AS due_at
    FROM tickets t
    WHERE t.first_responded_at IS NULL AND t.sla_paused_at IS NULL AND t.first_response_risk_at <= $1
    UNION ALL
    SELECT t.id, 'resolution', t.resolution_risk_at, t.resolution_due_at
    FROM tickets t
    WHERE t.sla_paused_at IS NULL AND t.resolution_risk_at <= $1
  ) c
  WHERE NOT EXISTS (
    SELECT 1 FROM ticket_events e
    WHERE e.ticket_id = c.id AND e.data->>'clock' = c.clock
      AND e.kind = CASE WHEN c.due_at < $1 THEN 'sla_breached' ELSE 'sla_warning' END)
  ORDER BY c.risk_at, c.id
  LIMIT $2`;

const CLOCK_WORDS: Record<SlaClockName, string> = {
  first_response: 'first response',
  resolution: 'resolution',
};

/**
 * Emits ticket.sla_at_risk and ticket.breached for the clocks that turned at risk or ran out: once per
 * ticket and clock (the outbox dedupe key `<topic>:<ticket>:<clock>`), with a history line, and an
 * sla_at_risk reminder for the assignee when a clock turns at risk. Safe to run from several workers.
 */
export async function slaSweep(db: Db, now: Date = new Date()): Promise<SlaSweepResult> {
  const result: SlaSweepResult = { atRisk: 0, breached: 0, reminders: 0 };
  for (;;) {
    const candidates = await db.query<{ id: string; clock: SlaClockName }>(CANDIDATES, [now, BATCH]);
    let emitted = 0;
    for (const candidate of candidates) {
      if (await sweepClock(db, candidate.id, candidate.clock, now, result)) emitted++;
    }
    if (candidates.length < BATCH || emitted === 0) return result;
  }
}

async function sweepClock(
  db: Db,
  ticketId: string,
  clock: SlaClockName,
  now: Date,
  result: SlaSweepResult,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Another worker holding the ticket is sweeping it: leave it to them.
    const [row] = await tx.query<TicketRow>(`${TICKET_SELECT} WHERE t.id = $1 FOR UPDATE OF t SKIP LOCKED`, [
      ticketId,
    ]);
    if (!row) return false;
    const sla = rowSla(row, now);
    const state = clock === 'first_response' ? sla.firstResponse : sla.resolution;
    if (!state.breached && !state.atRisk) return false;
    const topic = state.breached ? 'ticket.breached' : 'ticket.sla_at_risk';
    const key = `${topic}:${row.id}:${clock}`;
    const ticket = toTicketView(row, now);
    const dueAt = state.dueAt ?? now.toISOString();
    const payload = { ticket: ticketEventSummary(ticket), clock, dueAt, at: now.toISOString() };
    if (!(await emitEvent(tx, topic, payload, key))) return false;
    await recordTicketEvent(
      tx,
      row.id,
      systemActor,
      state.breached ? 'sla_breached' : 'sla_warning',
      { clock, dueAt },
      now,
    );
    if (state.breached) result.breached++;
    else result.atRisk++;
    if (!state.breached && row.assignee_id !== null) {
      const reminder = await insertReminder(tx, {
        ownerId: row.assignee_id,
        kind: 'sla_at_risk',
        text: `${ticket.ref} “${ticket.subject}”: ${CLOCK_WORDS[clock]} due ${dueAt}`,
        dueAt: now,
        profileId: row.profile_id,
        ticketId: row.id,
        createdBy: null,
        dedupeKey: key,
        now,
      });
      if (reminder) result.reminders++;
    }
    return true;
  });
}
