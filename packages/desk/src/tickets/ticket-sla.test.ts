import { parseConfig } from '@crm-bridge/core';
import {
  atRiskAfter,
  type SlaPolicy,
  type StoredSla,
  slaPolicy,
  slaSchedule,
  slaState,
  slaTargets,
} from './ticket-sla';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const iso = (text: string) => new Date(text);

function policy(tickets = ''): SlaPolicy {
  const config = parseConfig(
    `version: 1\ncurrency:\n  base: EUR\nphone:\n  defaultRegion: DE\n${tickets ? `tickets:\n${tickets}` : ''}`,
    { fileName: 'crm-bridge.yaml', env: {} },
  );
  return slaPolicy(config.tickets);
}

const plain = policy();
const office = policy(
  '  businessHours:\n    timezone: Europe/Berlin\n    start: "09:00"\n    end: "18:00"\n    holidays: [2026-03-09]\n',
);

describe('targets', () => {
  it('come from the priority, tightened by the VIP factor', () => {
    expect(slaTargets(plain, 'urgent', false)).toEqual({ firstResponse: HOUR, resolution: 8 * HOUR });
    expect(slaTargets(plain, 'urgent', true)).toEqual({ firstResponse: 30 * MINUTE, resolution: 4 * HOUR });
    const gentle = policy('  vipFactor: 0.75\n');
    expect(slaTargets(gentle, 'normal', true)).toEqual({ firstResponse: 6 * HOUR, resolution: 54 * HOUR });
  });

  it('turn at risk at the configured share, or earlier when warnBefore says so', () => {
    expect(atRiskAfter(plain, 10 * HOUR)).toBe(8 * HOUR);
    expect(atRiskAfter(policy('  atRiskShare: 0.5\n'), 10 * HOUR)).toBe(5 * HOUR);
    // warnBefore 3h of a 10h target: at risk after 7h, before the 80 % mark.
    expect(atRiskAfter(policy('  warnBefore: 3h\n'), 10 * HOUR)).toBe(7 * HOUR);
    // warnBefore 30m of a 10h target: the share comes first.
    expect(atRiskAfter(policy('  warnBefore: 30m\n'), 10 * HOUR)).toBe(8 * HOUR);
    // warnBefore longer than the target: at risk from the start.
    expect(atRiskAfter(policy('  warnBefore: 2h\n'), HOUR)).toBe(0);
  });
});

describe('schedule', () => {
  it('around the clock: due and at-risk moments are plain sums', () => {
    const created = iso('2026-03-06T10:00:00Z');
    expect(slaSchedule(plain, { createdAt: created, priority: 'normal', vip: false, pausedMs: 0 })).toEqual({
      firstResponseRiskAt: iso('2026-03-06T16:24:00Z'),
      firstResponseDueAt: iso('2026-03-06T18:00:00Z'),
      resolutionRiskAt: iso('2026-03-08T19:36:00Z'),
      resolutionDueAt: iso('2026-03-09T10:00:00Z'),
    });
  });

  it('a VIP customer halves the targets', () => {
    const created = iso('2026-03-06T10:00:00Z');
    const vip = slaSchedule(plain, { createdAt: created, priority: 'urgent', vip: true, pausedMs: 0 });
    expect(vip.firstResponseDueAt).toEqual(iso('2026-03-06T10:30:00Z'));
    expect(vip.resolutionDueAt).toEqual(iso('2026-03-06T14:00:00Z'));
  });

  it('in business hours the clock skips the weekend and the holiday', () => {
    // Friday 6 March 17:00 Berlin (16:00Z), high: 4h first response, 24h resolution.
    const schedule = slaSchedule(office, {
      createdAt: iso('2026-03-06T16:00:00Z'),
      priority: 'high',
      vip: false,
      pausedMs: 0,
    });
    // 1h Friday, Monday 9 March is a holiday, 3h Tuesday: 12:00 Berlin.
    expect(schedule.firstResponseDueAt).toEqual(iso('2026-03-10T11:00:00Z'));
    // 24h of nine-hour days: 1h Fri, 9h Tue, 9h Wed, 5h Thu → Thursday 14:00 Berlin.
    expect(schedule.resolutionDueAt).toEqual(iso('2026-03-12T13:00:00Z'));
    // At risk after 19.2h: 1h Fri, 9h Tue, 9h Wed, 0.2h Thu → Thursday 09:12 Berlin.
    expect(schedule.resolutionRiskAt).toEqual(iso('2026-03-12T08:12:00Z'));
  });

  it('time paused moves only the resolution clock, in business time', () => {
    const input = { createdAt: iso('2026-03-05T09:00:00Z'), priority: 'high' as const, vip: false };
    const running = slaSchedule(office, { ...input, pausedMs: 0 });
    const paused = slaSchedule(office, { ...input, pausedMs: 2 * HOUR });
    expect(paused.firstResponseDueAt).toEqual(running.firstResponseDueAt);
    // Thursday 10:00 Berlin + 24h: 8h Thu, 9h Fri, (holiday Mon) 7h Tue → Tuesday 16:00 Berlin; two
    // paused business hours later with the pause: 18:00, the end of that day.
    expect(running.resolutionDueAt).toEqual(iso('2026-03-10T15:00:00Z'));
    expect(paused.resolutionDueAt).toEqual(iso('2026-03-10T17:00:00Z'));
  });
});

describe('state', () => {
  const base: StoredSla = {
    status: 'open',
    vip: false,
    firstRespondedAt: null,
    firstResponseRiskAt: iso('2026-03-06T16:24:00Z'),
    firstResponseDueAt: iso('2026-03-06T18:00:00Z'),
    pausedAt: null,
    resolutionRiskAt: iso('2026-03-08T19:36:00Z'),
    resolutionDueAt: iso('2026-03-09T10:00:00Z'),
  };

  it('is on time, then at risk, then breached while the clocks run', () => {
    const early = slaState(base, iso('2026-03-06T12:00:00Z'));
    expect(early).toMatchObject({ atRisk: false, breached: false });
    expect(early.firstResponse).toMatchObject({ state: 'running', dueAt: '2026-03-06T18:00:00.000Z' });

    const risky = slaState(base, iso('2026-03-06T16:24:00Z'));
    expect(risky).toMatchObject({ atRisk: true, breached: false });
    expect(risky.firstResponse.atRisk).toBe(true);

    const late = slaState(base, iso('2026-03-06T18:00:01Z'));
    expect(late).toMatchObject({ atRisk: false, breached: true });
    expect(late.firstResponse.state).toBe('breached');
  });

  it('a first response in time is met; the resolution clock runs on', () => {
    const state = slaState(
      { ...base, firstRespondedAt: iso('2026-03-06T17:00:00Z') },
      iso('2026-03-08T20:00:00Z'),
    );
    expect(state.firstResponse).toMatchObject({ state: 'met', breached: false, atRisk: false });
    expect(state.resolution).toMatchObject({ state: 'running', atRisk: true });
    expect(state).toMatchObject({ atRisk: true, breached: false });
  });

  it('a paused clock is neither at risk nor breached however late it is read', () => {
    const pending: StoredSla = {
      ...base,
      status: 'pending',
      firstRespondedAt: iso('2026-03-06T17:00:00Z'),
      pausedAt: iso('2026-03-07T00:00:00Z'),
    };
    const state = slaState(pending, iso('2026-04-01T00:00:00Z'));
    expect(state.resolution).toMatchObject({ state: 'paused', atRisk: false, breached: false });
    expect(state).toMatchObject({ atRisk: false, breached: false });
  });

  it('a breach stays a breach after the clock stops', () => {
    const resolvedLate: StoredSla = {
      ...base,
      status: 'resolved',
      firstRespondedAt: iso('2026-03-06T19:00:00Z'),
      pausedAt: iso('2026-03-10T00:00:00Z'),
    };
    const state = slaState(resolvedLate, iso('2026-04-01T00:00:00Z'));
    expect(state.firstResponse.state).toBe('breached');
    expect(state.resolution.state).toBe('breached');
    const resolvedInTime = slaState(
      {
        ...resolvedLate,
        firstRespondedAt: iso('2026-03-06T17:00:00Z'),
        pausedAt: iso('2026-03-07T00:00:00Z'),
      },
      iso('2026-04-01T00:00:00Z'),
    );
    expect(resolvedInTime).toMatchObject({ breached: false, atRisk: false });
    expect(resolvedInTime.resolution.state).toBe('met');
  });
});
