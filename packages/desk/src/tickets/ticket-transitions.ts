import { ConflictError, type TicketStatus } from '@crm-bridge/core';

/**
 * Where each status may go: new → open → pending → resolved → closed, with shortcuts forward, back from
 * pending to open, and reopen (resolved or closed → open). Nothing goes back to new.
 */
export const TICKET_TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['open', 'pending', 'resolved', 'closed'],
  open: ['pending', 'resolved', 'closed'],
  pending: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: ['open'],
};

/** True when a ticket in `from` may move to `to`. */
export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TICKET_TRANSITIONS[from].includes(to);
}

/** Why a move is refused, in words for the person who tried it; null when it is allowed. */
export function transitionRefusal(from: TicketStatus, to: TicketStatus): string | null {
  if (canTransition(from, to)) return null;
  if (from === to) return `the ticket is ${from} already`;
  if (to === 'new') return 'a ticket never goes back to new; move it to open instead';
  if (from === 'closed') return `a closed ticket cannot become ${to}: reopen it (→ open) first`;
  if (from === 'resolved') return `a resolved ticket cannot become ${to}: reopen it (→ open) first`;
  return `a ${from} ticket cannot become ${to}`;
}

/** Throws a ConflictError (409 at the API) with the reason when the move is not allowed. */
export function checkTransition(from: TicketStatus, to: TicketStatus): void {
  const reason = transitionRefusal(from, to);
  if (reason !== null) {
    throw new ConflictError(reason, { code: 'desk.invalid_transition', details: { from, to, reason } });
  }
}

/** True for the statuses in which the resolution clock runs. */
export function clockRuns(status: TicketStatus): boolean {
  return status === 'new' || status === 'open';
}

/** True for a move that counts as the first response (see ticket-sla.ts). */
export function answersCustomer(to: TicketStatus): boolean {
  return to === 'pending' || to === 'resolved' || to === 'closed';
}
