import { ConflictError, ForbiddenError, NotFoundError } from '@crm-bridge/core';
import { listAudit } from '@crm-bridge/store';
import {
  at,
  customer,
  HOUR,
  INJECTIONS,
  MINUTE,
  order,
  outbox,
  settings,
  team,
  useDeskDb,
} from '../desk-fixture.test-support';
import { emitEvent } from '../events';
import { assignTicket } from './ticket-assign';
import { commentOnTicket, listTicketComments } from './ticket-comments';
import { getTicket, ticketHistory } from './ticket-queries';
import { reopenTicket, transitionTicket } from './ticket-status';
import { createTicket, updateTicket } from './tickets';

const iso = (ms: number) => at(ms).toISOString();

describe.each(['pglite', 'postgres'] as const)('tickets on %s', (driver) => {
  const db = useDeskDb(driver);

  it('opens a ticket as new with its SLA due times, history, event and audit row', async () => {
    const { agent } = await team(db());
    const acme = await customer(db(), 'ACME GmbH');
    const ticket = await createTicket(
      db(),
      agent,
      { subject: 'Late delivery', description: 'Pallets missing', profileId: acme },
      settings,
      { now: at(HOUR) },
    );
    expect(ticket).toMatchObject({
      number: 1,
      ref: 'T-1',
      subject: 'Late delivery',
      status: 'new',
      priority: 'normal',
      channel: 'slack',
      customer: { id: acme, name: 'ACME GmbH' },
      createdBy: { id: agent.employeeId, name: 'Anna Agent' },
      assignee: null,
      sla: {
        vip: false,
        atRisk: false,
        breached: false,
        // normal: 8h to the first response, 3 days to resolution, around the clock.
        firstResponse: { state: 'running', dueAt: iso(9 * HOUR), atRiskAt: iso(HOUR + 6.4 * HOUR) },
        resolution: { state: 'running', dueAt: iso(73 * HOUR) },
      },
    });
    expect((await getTicket(db(), agent, 'T-1', { now: at(HOUR) })).id).toBe(ticket.id);
    expect((await getTicket(db(), agent, ticket.id.toUpperCase(), { now: at(HOUR) })).ref).toBe('T-1');
    await expect(getTicket(db(), agent, 'T-999')).rejects.toBeInstanceOf(NotFoundError);
    await expect(getTicket(db(), agent, 'no such ticket')).rejects.toBeInstanceOf(NotFoundError);

    const history = await ticketHistory(db(), agent, 'T-1');
    expect(history.items).toMatchObject([
      { kind: 'created', actor: { kind: 'employee', name: 'Anna Agent' } },
    ]);
    const [created] = await outbox(db(), 'ticket.created');
    expect(created?.payload).toMatchObject({
      ticket: { id: ticket.id, number: 'T-1', customer: { name: 'ACME GmbH' } },
      actor: { kind: 'employee', name: 'Anna Agent' },
    });
    const [audit] = await listAudit(db(), { target: { kind: 'ticket', id: ticket.id } });
    expect(audit).toMatchObject({
      action: 'ticket.created',
      actor: { kind: 'employee', id: agent.id },
      channel: 'slack',
      details: { before: null, after: { number: 'T-1', status: 'new', customerId: acme } },
    });
  });

  it('links a ticket to the Slack thread it was opened from, and refuses a malformed thread', async () => {
    const { agent } = await team(db());
    const thread = {
      channel: 'slack',
      channelId: 'C0123',
      ts: '1712345678.000100',
      permalink: null,
    } as const;
    const ticket = await createTicket(db(), agent, { subject: 'From chat', chatThread: thread }, settings);
    expect(ticket.chatThread).toEqual(thread);
    expect((await getTicket(db(), agent, ticket.ref)).chatThread).toEqual(thread);
    await expect(
      createTicket(db(), agent, { subject: 'Bad', chatThread: { ...thread, ts: 'yesterday' } }, settings),
    ).rejects.toThrow('Slack message ts');
    expect(await getTicket(db(), agent, 'T-2').catch(() => null)).toBeNull();
  });

  it('tightens a VIP customer’s SLA and moves the due times with the priority', async () => {
    const { agent } = await team(db());
    const vip = await customer(db(), 'Big Spender AG', { vip: true });
    const ticket = await createTicket(
      db(),
      agent,
      { subject: 'Down', profileId: vip, priority: 'urgent' },
      settings,
      {
        now: at(0),
      },
    );
    // urgent is 1h / 8h; VIP halves it.
    expect(ticket.sla).toMatchObject({
      vip: true,
      firstResponse: { dueAt: iso(30 * MINUTE) },
      resolution: { dueAt: iso(4 * HOUR) },
    });
    const low = await updateTicket(db(), agent, ticket.ref, { priority: 'low' }, settings, {
      now: at(10 * MINUTE),
    });
    expect(low.sla).toMatchObject({
      firstResponse: { dueAt: iso(12 * HOUR) },
      resolution: { dueAt: iso(84 * HOUR) },
    });
    const [audit] = await listAudit(db(), {
      target: { kind: 'ticket', id: ticket.id },
      action: 'ticket.updated',
    });
    expect(audit?.details).toMatchObject({ before: { priority: 'urgent' }, after: { priority: 'low' } });
    expect((await ticketHistory(db(), agent, ticket.ref)).items.map((e) => e.kind)).toEqual([
      'created',
      'priority_changed',
    ]);
  });

  it('walks new → open → pending → open → resolved → closed → reopened, pausing the clock while pending', async () => {
    const { agent } = await team(db());
    const t = await createTicket(db(), agent, { subject: 'Invoice wrong', priority: 'high' }, settings, {
      now: at(0),
    });
    // high: 4h / 24h.
    expect(t.sla.resolution.dueAt).toBe(iso(24 * HOUR));
    const open = await transitionTicket(db(), agent, t.ref, 'open', settings, { now: at(HOUR) });
    expect(open).toMatchObject({ status: 'open', firstRespondedAt: null });
    const pending = await transitionTicket(db(), agent, t.ref, 'pending', settings, {
      now: at(2 * HOUR),
      reason: 'waiting for the customer’s PO',
    });
    // Waiting on the customer answers them: the first response is met.
    expect(pending).toMatchObject({ status: 'pending', firstRespondedAt: iso(2 * HOUR) });
    expect(pending.sla.firstResponse.state).toBe('met');
    // Pending for 30h: long past the old due time, yet neither at risk nor breached.
    const whilePaused = await getTicket(db(), agent, t.ref, { now: at(32 * HOUR) });
    expect(whilePaused.sla).toMatchObject({
      atRisk: false,
      breached: false,
      resolution: { state: 'paused' },
    });
    const back = await transitionTicket(db(), agent, t.ref, 'open', settings, { now: at(32 * HOUR) });
    // 30h paused: the resolution is due 30h later than before.
    expect(back.sla.resolution).toMatchObject({ state: 'running', dueAt: iso(54 * HOUR) });
    const resolved = await transitionTicket(db(), agent, t.ref, 'resolved', settings, { now: at(40 * HOUR) });
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: iso(40 * HOUR) });
    expect(resolved.sla.resolution.state).toBe('met');
    const closed = await transitionTicket(db(), agent, t.ref, 'closed', settings, { now: at(41 * HOUR) });
    expect(closed).toMatchObject({ status: 'closed', closedAt: iso(41 * HOUR) });

    const refused = transitionTicket(db(), agent, t.ref, 'pending', settings, { now: at(42 * HOUR) });
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toMatchObject({
      code: 'desk.invalid_transition',
      message: 'a closed ticket cannot become pending: reopen it (→ open) first',
    });
    await expect(transitionTicket(db(), agent, t.ref, 'closed', settings)).rejects.toThrow('closed already');

    // Reopened 10h after it was resolved: 10h of the 24h were used (0–2h, 32–40h), 14h are left.
    const reopened = await reopenTicket(db(), agent, t.ref, settings, { now: at(50 * HOUR) });
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: null, closedAt: null });
    expect(reopened.sla.resolution).toMatchObject({ state: 'running', dueAt: iso(64 * HOUR) });

    const history = await ticketHistory(db(), agent, t.ref);
    expect(history.items.map((e) => [e.kind, e.data.from, e.data.to])).toEqual([
      ['created', undefined, undefined],
      ['status_changed', 'new', 'open'],
      ['status_changed', 'open', 'pending'],
      ['status_changed', 'pending', 'open'],
      ['status_changed', 'open', 'resolved'],
      ['status_changed', 'resolved', 'closed'],
      ['status_changed', 'closed', 'open'],
    ]);
    expect(history.items[2]?.data.reason).toBe('waiting for the customer’s PO');
    const actions = (await listAudit(db(), { target: { kind: 'ticket', id: t.id } })).map((a) => a.action);
    expect(actions).toEqual([
      'ticket.reopened',
      'ticket.status_changed',
      'ticket.status_changed',
      'ticket.status_changed',
      'ticket.status_changed',
      'ticket.status_changed',
      'ticket.created',
    ]);
    expect((await outbox(db(), 'ticket.updated')).map((e) => e.payload.change)).toEqual(
      Array(6).fill('status_changed'),
    );
  });

  it('takes a public comment as the first response, an internal one not', async () => {
    const { agent } = await team(db());
    const t = await createTicket(db(), agent, { subject: 'Question' }, settings, { now: at(0) });
    const internal = await commentOnTicket(
      db(),
      agent,
      t.ref,
      { body: 'Checking with the warehouse' },
      { now: at(HOUR) },
    );
    expect(internal.ticket.firstRespondedAt).toBeNull();
    const reply = await commentOnTicket(
      db(),
      agent,
      t.ref,
      { body: 'We are on it', visibility: 'public' },
      { now: at(2 * HOUR) },
    );
    expect(reply.comment).toMatchObject({
      visibility: 'public',
      body: 'We are on it',
      author: { name: 'Anna Agent' },
    });
    expect(reply.ticket).toMatchObject({
      firstRespondedAt: iso(2 * HOUR),
      sla: { firstResponse: { state: 'met' } },
    });
    await commentOnTicket(
      db(),
      agent,
      t.ref,
      { body: 'Later reply', visibility: 'public' },
      { now: at(3 * HOUR) },
    );
    expect((await getTicket(db(), agent, t.ref)).firstRespondedAt).toBe(iso(2 * HOUR));

    const first = await listTicketComments(db(), agent, t.ref, { limit: 2 });
    expect(first.items.map((c) => c.body)).toEqual(['Checking with the warehouse', 'We are on it']);
    const rest = await listTicketComments(db(), agent, t.ref, { limit: 2, cursor: first.nextCursor });
    expect(rest).toMatchObject({ items: [{ body: 'Later reply' }], nextCursor: null });
    // The event names the comment; its body stays out of the outbox.
    const events = await outbox(db(), 'ticket.updated');
    expect(events[0]?.payload).toMatchObject({ change: 'commented', comment: { visibility: 'internal' } });
    expect(JSON.stringify(events)).not.toContain('Checking with the warehouse');
  });

  it('checks roles: a viewer writes nothing, an agent takes but does not assign, a manager assigns', async () => {
    const { viewer, agent, other, manager } = await team(db());
    await expect(createTicket(db(), viewer, { subject: 'x' }, settings)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const t = await createTicket(db(), agent, { subject: 'Broken pump' }, settings, { now: at(0) });
    const viewerWrites = [
      updateTicket(db(), viewer, t.ref, { subject: 'y' }, settings),
      transitionTicket(db(), viewer, t.ref, 'open', settings),
      commentOnTicket(db(), viewer, t.ref, { body: 'hi' }),
      assignTicket(db(), viewer, t.ref, viewer.employeeId),
    ];
    for (const write of viewerWrites) await expect(write).rejects.toBeInstanceOf(ForbiddenError);
    expect((await getTicket(db(), viewer, t.ref)).subject).toBe('Broken pump');

    await expect(assignTicket(db(), agent, t.ref, other.employeeId)).rejects.toThrow(
      'an agent may not tickets.assign; it needs manager or above',
    );
    await expect(
      createTicket(db(), agent, { subject: 'For Boris', assigneeId: other.employeeId }, settings),
    ).rejects.toBeInstanceOf(ForbiddenError);
    // An agent may take an unassigned ticket; a new ticket that gets an assignee is open.
    const taken = await assignTicket(db(), agent, t.ref, agent.employeeId, { now: at(HOUR) });
    expect(taken).toMatchObject({ status: 'open', assignee: { id: agent.employeeId, name: 'Anna Agent' } });
    await expect(assignTicket(db(), other, t.ref, other.employeeId)).rejects.toBeInstanceOf(ForbiddenError);
    const moved = await assignTicket(db(), manager, t.ref, other.employeeId, { now: at(2 * HOUR) });
    expect(moved.assignee?.name).toBe('Boris Agent');
    await expect(assignTicket(db(), manager, t.ref, viewer.employeeId)).rejects.toThrow(
      'Vera Viewer is a viewer and cannot work tickets',
    );
    const [audit] = await listAudit(db(), {
      target: { kind: 'ticket', id: t.id },
      action: 'ticket.assigned',
    });
    expect(audit).toMatchObject({
      actor: { id: manager.id },
      details: { before: { assigneeId: agent.employeeId }, after: { assigneeId: other.employeeId } },
    });
    const [assigned] = (await outbox(db(), 'ticket.updated')).slice(-1);
    expect(assigned?.payload).toMatchObject({
      change: 'assigned',
      changes: { assigneeId: { from: agent.employeeId, to: other.employeeId } },
      ticket: { assignee: { name: 'Boris Agent' } },
    });
  });

  it('links an ERP order and takes its customer; refuses an order of another customer', async () => {
    const { agent } = await team(db());
    const acme = await customer(db(), 'ACME GmbH');
    const other = await customer(db(), 'Other Ltd');
    const orderId = await order(db(), acme, 'SO-42', at(-10 * HOUR));
    const t = await createTicket(
      db(),
      agent,
      { subject: 'Wrong item', order: { source: 'odoo', number: 'SO-42' } },
      settings,
    );
    expect(t).toMatchObject({
      customer: { id: acme },
      order: { id: orderId, source: 'odoo', number: 'SO-42' },
    });
    await expect(
      createTicket(db(), agent, { subject: 'x', profileId: other, order: { id: orderId } }, settings),
    ).rejects.toMatchObject({ code: 'desk.order_of_other_customer' });
    await expect(
      createTicket(db(), agent, { subject: 'x', order: { id: 999 } }, settings),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('writes the outbox row in the change’s transaction: rolled back, no event and no ticket', async () => {
    const { agent } = await team(db());
    await expect(
      db().transaction(async (tx) => {
        await createTicket(tx, agent, { subject: 'Never happened' }, settings);
        await emitEvent(tx, 'sync.failed', {
          run: {
            id: 1,
            source: 'odoo',
            stream: null,
            mode: 'full',
            status: 'failed',
            startedAt: iso(0),
            finishedAt: iso(1),
            counts: { read: 0, inserted: 0, updated: 0, unchanged: 0, quarantined: 0, deleted: 0 },
          },
          error: 'boom',
        });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await outbox(db())).toEqual([]);
    expect(await db().query(`SELECT id FROM tickets`)).toEqual([]);
    expect(await listAudit(db())).toEqual([]);
  });

  it('stores SQL-looking text verbatim and harmlessly', async () => {
    const { agent } = await team(db());
    for (const [i, text] of INJECTIONS.entries()) {
      const t = await createTicket(db(), agent, { subject: text, description: text }, settings, {
        now: at(i),
      });
      await commentOnTicket(db(), agent, t.ref, { body: text });
      const read = await getTicket(db(), agent, t.ref);
      expect(read).toMatchObject({ subject: text, description: text });
      expect((await listTicketComments(db(), agent, t.ref)).items[0]?.body).toBe(text);
    }
    const [{ n }] = (await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM tickets`)) as [
      { n: number },
    ];
    expect(n).toBe(INJECTIONS.length);
    expect((await listAudit(db(), { limit: 100 })).length).toBe(2 * INJECTIONS.length);
    await expect(getTicket(db(), agent, `T-1' OR '1'='1`)).rejects.toBeInstanceOf(NotFoundError);
  });
});
