import { listAudit } from '@crm-bridge/store';
import { z } from 'zod';
import { at, customer, HOUR, MINUTE, outbox, settings, team, useDeskDb } from '../desk-fixture.test-support';
import { deskReport, deskReportLines } from '../report/desk-report';
import { slaSweep } from './sla-sweep';
import { assignTicket } from './ticket-assign';
import { listTickets } from './ticket-queries';
import { transitionTicket } from './ticket-status';
import { createTicket } from './tickets';

describe.each(['pglite', 'postgres'] as const)('ticket lists and the SLA sweep on %s', (driver) => {
  const db = useDeskDb(driver);

  /** Five tickets: T-1 urgent (VIP), T-2 high, T-3 normal pending, T-4 low assigned, T-5 urgent resolved. */
  async function fiveTickets() {
    const people = await team(db());
    const { agent, manager } = people;
    const vip = await customer(db(), 'Big Spender AG', { vip: true });
    const acme = await customer(db(), 'ACME GmbH');
    const make = (
      subject: string,
      priority: 'low' | 'normal' | 'high' | 'urgent',
      profileId: string | null,
    ) => createTicket(db(), agent, { subject, priority, profileId }, settings, { now: at(0) });
    await make('Line down', 'urgent', vip); // 30m / 4h
    await make('Invoice', 'high', acme); // 4h / 24h
    await make('Question', 'normal', acme); // 8h / 72h
    await make('Brochure', 'low', null); // 24h / 168h
    await make('Outage', 'urgent', null); // 1h / 8h
    await transitionTicket(db(), agent, 'T-3', 'pending', settings, { now: at(10 * MINUTE) });
    await assignTicket(db(), manager, 'T-4', agent.employeeId, { now: at(10 * MINUTE) });
    await transitionTicket(db(), agent, 'T-5', 'resolved', settings, { now: at(20 * MINUTE) });
    return { ...people, vip, acme };
  }

  const refs = (page: { items: { ref: string }[] }) => page.items.map((t) => t.ref);

  it('filters by status, assignee, customer, at risk and breached, newest first', async () => {
    const { agent, acme } = await fiveTickets();
    const now = at(3.5 * HOUR);
    const list = (filter: Parameters<typeof listTickets>[2]) => listTickets(db(), agent, filter, {}, { now });
    expect(refs(await list({}))).toEqual(['T-5', 'T-4', 'T-3', 'T-2', 'T-1']);
    expect(refs(await list({ status: ['new', 'open'] }))).toEqual(['T-4', 'T-2', 'T-1']);
    expect(refs(await list({ assigneeId: agent.employeeId }))).toEqual(['T-4']);
    expect(refs(await list({ assigneeId: null, status: ['new'] }))).toEqual(['T-2', 'T-1']);
    expect(refs(await list({ profileId: acme }))).toEqual(['T-3', 'T-2']);
    // At 3.5h: T-1 (VIP urgent) missed its 30m first response; T-2 has used 87 % of its 4h.
    expect(refs(await list({ breached: true }))).toEqual(['T-1']);
    expect(refs(await list({ atRisk: true }))).toEqual(['T-2']);
    expect(refs(await list({ atRisk: false, breached: false }))).toEqual(['T-5', 'T-4', 'T-3']);
    const t2 = (await list({ atRisk: true })).items[0]!;
    expect(t2.sla).toMatchObject({ atRisk: true, breached: false, firstResponse: { atRisk: true } });
  });

  it('pages with an opaque cursor, at most 100 a page', async () => {
    const { agent } = await fiveTickets();
    const first = await listTickets(db(), agent, {}, { limit: 2 });
    expect(refs(first)).toEqual(['T-5', 'T-4']);
    const second = await listTickets(db(), agent, {}, { limit: 2, cursor: first.nextCursor });
    expect(refs(second)).toEqual(['T-3', 'T-2']);
    const last = await listTickets(db(), agent, {}, { limit: 2, cursor: second.nextCursor });
    expect(last).toMatchObject({ items: [{ ref: 'T-1' }], nextCursor: null });
    // A ticket opened meanwhile does not shift the pages already being read.
    await createTicket(db(), agent, { subject: 'New one' }, settings);
    expect(refs(await listTickets(db(), agent, {}, { limit: 2, cursor: first.nextCursor }))).toEqual([
      'T-3',
      'T-2',
    ]);
    await expect(listTickets(db(), agent, {}, { limit: 101 })).rejects.toBeInstanceOf(z.ZodError);
    await expect(listTickets(db(), agent, {}, { cursor: 'not-a-cursor' })).rejects.toThrow(/Invalid cursor/);
  });

  it('sweeps at-risk and breached clocks once each, with a reminder for the assignee', async () => {
    const { agent } = await fiveTickets();
    // T-4 (low, Anna's): the first response turns at risk at 19.2h, breaks at 24h.
    // At 1h: T-1's first response (30m) broke; T-1's 4h resolution is not at risk yet (3.2h).
    expect(await slaSweep(db(), at(HOUR))).toEqual({ atRisk: 0, breached: 1, reminders: 0 });
    expect(await slaSweep(db(), at(HOUR))).toEqual({ atRisk: 0, breached: 0, reminders: 0 });
    // At 3.5h: T-1's resolution at risk; T-2's first response at risk (3.2h of 4h).
    expect(await slaSweep(db(), at(3.5 * HOUR))).toEqual({ atRisk: 2, breached: 0, reminders: 0 });
    // At 20h: T-4's first response at risk → a reminder for Anna; T-1 resolution, T-2 first response broke;
    // T-2's resolution (24h) is at risk since 19.2h.
    expect(await slaSweep(db(), at(20 * HOUR))).toEqual({ atRisk: 2, breached: 2, reminders: 1 });
    expect(await slaSweep(db(), at(20 * HOUR))).toEqual({ atRisk: 0, breached: 0, reminders: 0 });

    const events = await outbox(db());
    const sla = events.filter((e) => e.topic === 'ticket.sla_at_risk' || e.topic === 'ticket.breached');
    const described = sla.map(
      (e) => `${e.topic} ${(e.payload.ticket as { number: string }).number} ${e.payload.clock}`,
    );
    expect(described.sort()).toEqual(
      [
        'ticket.breached T-1 first_response',
        'ticket.sla_at_risk T-1 resolution',
        'ticket.sla_at_risk T-2 first_response',
        'ticket.breached T-1 resolution',
        'ticket.breached T-2 first_response',
        'ticket.sla_at_risk T-2 resolution',
        'ticket.sla_at_risk T-4 first_response',
      ].sort(),
    );
    expect(new Set(sla.map((e) => e.dedupe_key)).size).toBe(7);
    const [reminder] = await db().query<{
      employee_id: string;
      kind: string;
      text: string;
      dedupe_key: string;
    }>(`SELECT employee_id, kind, text, dedupe_key FROM reminders`);
    expect(reminder).toMatchObject({
      employee_id: agent.employeeId,
      kind: 'sla_at_risk',
      text: expect.stringContaining('T-4 “Brochure”: first response due'),
    });
    // The paused (T-3) and resolved (T-5) tickets never come up, however late.
    expect(await slaSweep(db(), at(1000 * HOUR))).toMatchObject({ atRisk: 0 });
    const swept = new Set(
      (await outbox(db()))
        .filter((e) => e.topic === 'ticket.sla_at_risk' || e.topic === 'ticket.breached')
        .map((e) => (e.payload.ticket as { number: string }).number),
    );
    expect(swept.has('T-3')).toBe(false);
    expect(swept.has('T-5')).toBe(false);
    const reminderAudit = await listAudit(db(), { action: 'reminder.created' });
    expect(reminderAudit).toMatchObject([{ actor: { kind: 'system', id: null } }]);
  });

  it('reports the live tickets with their SLA state and the due reminders', async () => {
    await fiveTickets();
    await slaSweep(db(), at(20 * HOUR));
    const report = await deskReport(db(), at(20 * HOUR));
    expect(report.tickets).toMatchObject({ open: 4, atRisk: 1, breached: 2 });
    // Least time left first: the broken ones, then T-4 (first response due at 24h), then the paused T-3.
    expect(report.tickets.list.map((t) => t.ref)).toEqual(['T-1', 'T-2', 'T-4', 'T-3']);
    expect(report.reminders).toMatchObject({
      due: 1,
      list: [{ kind: 'sla_at_risk', owner: { name: 'Anna Agent' } }],
    });
    const text = deskReportLines(report).join('\n');
    expect(text).toContain('tickets: 4 open, 1 at risk, 2 breached');
    expect(text).toMatch(/T-1 {2}urgent new {5}BREACHED/);
    expect(text).toContain('Anna Agent: T-4 “Brochure”');
  });
});
