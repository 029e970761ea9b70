/**
 * SLA math, pure. A ticket has two clocks, both counted in business time from its creation:
 *
 * - first response: runs until the first response, and never pauses. The first response is the first
 *   customer-facing (public) comment by a person, or the first move to pending, resolved or closed —
 *   whichever comes first. A move to pending answers the customer ("we need your input"), so the
 *   first-response clock has always stopped before the resolution clock first pauses.
 * - resolution: runs while the ticket is new or open, stands still while it is pending, stops at resolved
 *   or closed; a reopened ticket runs on from where it stopped (the stopped time counts as a pause).
 *
 * Each clock has a due moment (target used up) and an at-risk moment (atRiskShare of the target used, or
 * warnBefore left, whichever comes first). Both are stored on the ticket at every write, so reads, lists
 * and sweeps compare them with the current time in plain SQL; slaState does the same comparison here.
 */
import type { TicketPriority, TicketStatus, TicketsConfig } from '@crm-bridge/core';
import { addBusinessTime, type BusinessCalendar, businessCalendar } from './business-calendar';

/** Targets of one priority, in ms of business time. */
export interface SlaTarget {
  firstResponse: number;
  resolution: number;
}

/** The SLA rules of the config, ready to compute with. */
export interface SlaPolicy {
  targets: Record<TicketPriority, SlaTarget>;
  /** VIP customers' targets are multiplied by this (0 < factor ≤ 1). */
  vipFactor: number;
  /** At risk once this share of a target is used. */
  atRiskShare: number;
  /** Also at risk once no more than this is left; null: the share alone. */
  warnBefore: number | null;
  calendar: BusinessCalendar;
}

/** The policy of tickets: in the config. */
export function slaPolicy(config: TicketsConfig): SlaPolicy {
  return {
    targets: config.sla,
    vipFactor: config.vipFactor,
    atRiskShare: config.atRiskShare,
    warnBefore: config.warnBefore ?? null,
    calendar: businessCalendar(config.businessHours),
  };
}

/** The targets of a ticket: its priority's, tightened for a VIP customer. */
export function slaTargets(policy: SlaPolicy, priority: TicketPriority, vip: boolean): SlaTarget {
  const target = policy.targets[priority];
  const factor = vip ? policy.vipFactor : 1;
  return {
    firstResponse: Math.round(target.firstResponse * factor),
    resolution: Math.round(target.resolution * factor),
  };
}

/** Business time used at which a clock with this target turns at risk. */
export function atRiskAfter(policy: SlaPolicy, targetMs: number): number {
  const byShare = Math.round(targetMs * policy.atRiskShare);
  const byLeft = policy.warnBefore === null ? byShare : Math.max(0, targetMs - policy.warnBefore);
  return Math.min(byShare, byLeft);
}

/** What the schedule of a ticket's clocks depends on. */
export interface SlaInput {
  createdAt: Date;
  priority: TicketPriority;
  vip: boolean;
  /** Business time the resolution clock stood still in pauses that have ended. */
  pausedMs: number;
}

/** When each clock turns at risk and runs out, were it running from now on. */
export interface SlaSchedule {
  firstResponseRiskAt: Date;
  firstResponseDueAt: Date;
  resolutionRiskAt: Date;
  resolutionDueAt: Date;
}

/** The at-risk and due moments of both clocks. */
export function slaSchedule(policy: SlaPolicy, input: SlaInput): SlaSchedule {
  const target = slaTargets(policy, input.priority, input.vip);
  const at = (ms: number) => addBusinessTime(policy.calendar, input.createdAt, ms);
  return {
    firstResponseRiskAt: at(atRiskAfter(policy, target.firstResponse)),
    firstResponseDueAt: at(target.firstResponse),
    resolutionRiskAt: at(atRiskAfter(policy, target.resolution) + input.pausedMs),
    resolutionDueAt: at(target.resolution + input.pausedMs),
  };
}

/** The SLA columns of a stored ticket. */
export interface StoredSla {
  status: TicketStatus;
  vip: boolean;
  firstRespondedAt: Date | null;
  firstResponseRiskAt: Date | null;
  firstResponseDueAt: Date | null;
  /** When the resolution clock stopped (pending, resolved, closed); null while it runs. */
  pausedAt: Date | null;
  resolutionRiskAt: Date | null;
  resolutionDueAt: Date | null;
}

/**
 * One clock: running, paused (pending), met (stopped in time) or breached (ran out, before or after it
 * stopped). A paused or stopped clock is never at risk; a breach stays a breach.
 */
export interface SlaClockState {
  state: 'running' | 'paused' | 'met' | 'breached';
  dueAt: string | null;
  atRiskAt: string | null;
  atRisk: boolean;
  breached: boolean;
}

/** The SLA of a ticket as read at `now`. */
export interface TicketSla {
  /** The customer was VIP when the targets were set: they are tightened by vipFactor. */
  vip: boolean;
  firstResponse: SlaClockState;
  resolution: SlaClockState;
  /** A running clock has used its at-risk share, and neither clock breached. */
  atRisk: boolean;
  breached: boolean;
}

/** Reads both clocks at `now`; the SQL filters of listTickets say the same (ticket-rows.ts). */
export function slaState(sla: StoredSla, now: Date): TicketSla {
  const firstResponse = clockState({
    stoppedAt: sla.firstRespondedAt,
    paused: false,
    riskAt: sla.firstResponseRiskAt,
    dueAt: sla.firstResponseDueAt,
    now,
  });
  const resolution = clockState({
    stoppedAt: sla.pausedAt,
    paused: sla.status === 'pending',
    riskAt: sla.resolutionRiskAt,
    dueAt: sla.resolutionDueAt,
    now,
  });
  const breached = firstResponse.breached || resolution.breached;
  return {
    vip: sla.vip,
    firstResponse,
    resolution,
    breached,
    atRisk: !breached && (firstResponse.atRisk || resolution.atRisk),
  };
}

function clockState(clock: {
  stoppedAt: Date | null;
  paused: boolean;
  riskAt: Date | null;
  dueAt: Date | null;
  now: Date;
}): SlaClockState {
  const { stoppedAt, riskAt, dueAt, now } = clock;
  const breached = dueAt !== null && (stoppedAt ?? now).getTime() > dueAt.getTime();
  const running = stoppedAt === null;
  const atRisk = running && !breached && riskAt !== null && now.getTime() >= riskAt.getTime();
  return {
    state: breached ? 'breached' : running ? 'running' : clock.paused ? 'paused' : 'met',
    dueAt: dueAt?.toISOString() ?? null,
    atRiskAt: riskAt?.toISOString() ?? null,
    atRisk,
    breached,
  };
}
