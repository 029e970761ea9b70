import { addEmployee, type Db, listAudit } from '@crm-bridge/store';
import type { FastifyInstance } from 'fastify';
import { call, makeKey, openMigratedDb, operator, testApi, testConfig } from '../api-fixture.test-support';

interface TicketBody {
  id: string;
  ref: string;
  status: string;
  priority: string;
  assignee: { id: string; name: string } | null;
  sla: { firstResponse: { dueAt: string | null } };
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

describe('tickets, reminders, notes, employees and webhooks over HTTP (PostgreSQL)', () => {
  let db: Db;
  let cleanup: () => Promise<void>;
  let app: FastifyInstance;
  let profileId: string;
  const people: Record<'admin' | 'manager' | 'agent', string> = { admin: '', manager: '', agent: '' };
  const keys: Record<'admin' | 'manager' | 'agent' | 'integration' | 'viewer' | 'adminScopedAgent', string> =
    {
      admin: '',
      manager: '',
      agent: '',
      integration: '',
      viewer: '',
      adminScopedAgent: '',
    };

  beforeAll(async () => {
    ({ db, cleanup } = await openMigratedDb('postgres'));
    app = testApi(db, testConfig());
    people.admin = (await addEmployee(db, { name: 'Ada Admin', role: 'admin' }, operator)).id;
    people.manager = (await addEmployee(db, { name: 'Mia Manager', role: 'manager' }, operator)).id;
    people.agent = (await addEmployee(db, { name: 'Alex Agent', role: 'agent' }, operator)).id;
    keys.admin = (await makeKey(db, { scopes: ['admin'] })).key;
    keys.manager = (await makeKey(db, { scopes: ['write'], employeeId: people.manager })).key;
    keys.agent = (await makeKey(db, { scopes: ['write'], employeeId: people.agent })).key;
    keys.integration = (await makeKey(db, { scopes: ['write'] })).key;
    keys.viewer = (await makeKey(db, { scopes: ['read'] })).key;
    keys.adminScopedAgent = (await makeKey(db, { scopes: ['admin'], employeeId: people.agent })).key;
    [{ id: profileId }] = (await db.query<{ id: string }>(
      `INSERT INTO profiles (kind, display_name) VALUES ('organization', 'Acme GmbH') RETURNING id`,
    )) as [{ id: string }];
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  it('opens, reads, changes, comments on, assigns and moves a ticket; an invalid move is a 409 with its reason', async () => {
    const opened = await call(app, 'POST', '/v1/tickets', {
      key: keys.agent,
      body: { subject: 'Invoice is wrong', profileId, priority: 'high' },
    });
    expect(opened.statusCode).toBe(201);
    const ticket = opened.json<TicketBody>();
    expect(ticket).toMatchObject({ status: 'new', priority: 'high', ref: expect.stringMatching(/^T-\d+$/) });
    expect(ticket.sla.firstResponse.dueAt).not.toBeNull();
    expect(opened.headers.location).toBe(`/v1/tickets/${ticket.ref}`);

    expect((await call(app, 'GET', `/v1/tickets/${ticket.ref}`, { key: keys.viewer })).json()).toMatchObject({
      id: ticket.id,
    });
    const changed = await call(app, 'PATCH', `/v1/tickets/${ticket.id}`, {
      key: keys.agent,
      body: { priority: 'urgent' },
    });
    expect(changed.json()).toMatchObject({ priority: 'urgent' });
    const empty = await call(app, 'PATCH', `/v1/tickets/${ticket.id}`, { key: keys.agent, body: {} });
    expect(empty.json()).toMatchObject({
      status: 400,
      errors: [{ path: 'body', message: 'Give at least one field to change' }],
    });

    const commented = await call(app, 'POST', `/v1/tickets/${ticket.ref}/comments`, {
      key: keys.agent,
      body: { body: 'Called the customer back', visibility: 'public' },
    });
    expect(commented.statusCode).toBe(201);
    const comments = (
      await call(app, 'GET', `/v1/tickets/${ticket.ref}/comments`, { key: keys.viewer })
    ).json<Page<{ body: string }>>();
    expect(comments.items.map((c) => c.body)).toEqual(['Called the customer back']);

    const byAgent = await call(app, 'POST', `/v1/tickets/${ticket.ref}/assign`, {
      key: keys.agent,
      body: { assigneeId: people.manager },
    });
    expect(byAgent.statusCode).toBe(403);
    expect(byAgent.json()).toMatchObject({ code: 'desk.forbidden' });
    const assigned = await call(app, 'POST', `/v1/tickets/${ticket.ref}/assign`, {
      key: keys.manager,
      body: { assigneeId: people.agent },
    });
    expect(assigned.json()).toMatchObject({
      status: 'open',
      assignee: { id: people.agent, name: 'Alex Agent' },
    });

    for (const to of ['resolved', 'closed']) {
      const moved = await call(app, 'POST', `/v1/tickets/${ticket.ref}/transition`, {
        key: keys.agent,
        body: { to },
      });
      expect(moved.json()).toMatchObject({ status: to });
    }
    const invalid = await call(app, 'POST', `/v1/tickets/${ticket.ref}/transition`, {
      key: keys.agent,
      body: { to: 'pending' },
    });
    expect(invalid.statusCode).toBe(409);
    expect(invalid.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(invalid.json()).toMatchObject({
      status: 409,
      title: 'Conflict',
      code: 'desk.invalid_transition',
      detail: 'a closed ticket cannot become pending: reopen it (→ open) first',
    });

    const history = (await call(app, 'GET', `/v1/tickets/${ticket.ref}/history`, { key: keys.viewer })).json<
      Page<{ kind: string }>
    >();
    expect(history.items.map((entry) => entry.kind)).toEqual(
      expect.arrayContaining(['created', 'priority_changed', 'commented', 'assigned', 'status_changed']),
    );
    const missing = await call(app, 'GET', '/v1/tickets/T-999999', { key: keys.viewer });
    expect(missing.statusCode).toBe(404);
  });

  it('lists tickets by status, assignee and customer, a page at a time; a viewer cannot open one', async () => {
    for (const subject of ['A', 'B', 'C']) {
      const opened = await call(app, 'POST', '/v1/tickets', {
        key: keys.integration,
        body: { subject, profileId },
      });
      expect(opened.statusCode).toBe(201);
    }
    const fresh = (
      await call(app, 'GET', '/v1/tickets?status=new&assigneeId=none', { key: keys.viewer })
    ).json<Page<TicketBody & { subject: string }>>();
    expect(fresh.items.map((t) => t.subject)).toEqual(['C', 'B', 'A']);

    const refs: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/tickets?profileId=${profileId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: Page<TicketBody> = (await call(app, 'GET', url, { key: keys.viewer })).json();
      refs.push(...page.items.map((t) => t.ref));
      cursor = page.nextCursor;
    } while (cursor);
    expect(refs).toHaveLength(4);
    expect(new Set(refs).size).toBe(4);

    const mine = (await call(app, 'GET', '/v1/tickets?assigneeId=me', { key: keys.agent })).json<
      Page<TicketBody>
    >();
    expect(mine.items).toHaveLength(1);
    const noEmployee = await call(app, 'GET', '/v1/tickets?assigneeId=me', { key: keys.integration });
    expect(noEmployee.json()).toMatchObject({ status: 400, errors: [{ path: 'query.assigneeId' }] });
    const badStatus = await call(app, 'GET', '/v1/tickets?status=open,lost', { key: keys.viewer });
    expect(badStatus.json()).toMatchObject({ status: 400, errors: [{ path: 'query.status[1]' }] });
    expect((await call(app, 'GET', '/v1/tickets?breached=true', { key: keys.viewer })).json()).toEqual({
      items: [],
      nextCursor: null,
    });

    const byViewer = await call(app, 'POST', '/v1/tickets', { key: keys.viewer, body: { subject: 'x' } });
    expect(byViewer.statusCode).toBe(403);
  });

  it('sets, lists, snoozes, completes and cancels reminders; an integration names the employee', async () => {
    const dueAt = new Date(Date.now() + 3_600_000).toISOString();
    const created = await call(app, 'POST', '/v1/reminders', {
      key: keys.agent,
      body: { text: 'Call Acme back', dueAt, profileId },
    });
    expect(created.statusCode).toBe(201);
    const reminder = created.json<{ id: string; dueAt: string; owner: { id: string } }>();
    expect(reminder.owner.id).toBe(people.agent);

    const mine = (await call(app, 'GET', '/v1/reminders', { key: keys.agent })).json<Page<{ id: string }>>();
    expect(mine.items.map((r) => r.id)).toEqual([reminder.id]);
    expect((await call(app, 'GET', '/v1/reminders?due=true', { key: keys.agent })).json()).toEqual({
      items: [],
      nextCursor: null,
    });

    const snoozed = await call(app, 'POST', `/v1/reminders/${reminder.id}/snooze`, {
      key: keys.agent,
      body: { for: '2h' },
    });
    expect(Date.parse(snoozed.json<{ dueAt: string }>().dueAt)).toBeGreaterThan(Date.parse(dueAt));
    const both = await call(app, 'POST', `/v1/reminders/${reminder.id}/snooze`, {
      key: keys.agent,
      body: { for: '2h', until: dueAt },
    });
    expect(both.statusCode).toBe(400);
    expect(
      (await call(app, 'POST', `/v1/reminders/${reminder.id}/done`, { key: keys.agent })).json(),
    ).toMatchObject({
      status: 'done',
    });
    const again = await call(app, 'POST', `/v1/reminders/${reminder.id}/cancel`, { key: keys.agent });
    expect(again.statusCode).toBe(409);

    const nobody = await call(app, 'POST', '/v1/reminders', {
      key: keys.integration,
      body: { text: 'x', dueAt },
    });
    expect(nobody.json()).toMatchObject({ status: 400, errors: [{ path: 'ownerId' }] });
    const forAgent = await call(app, 'POST', '/v1/reminders', {
      key: keys.integration,
      body: { text: 'Follow up', dueAt, ownerId: people.agent, kind: 'follow_up' },
    });
    expect(forAgent.statusCode).toBe(201);
    const cancelled = await call(app, 'POST', `/v1/reminders/${forAgent.json<{ id: string }>().id}/cancel`, {
      key: keys.integration,
    });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    const all = (
      await call(app, 'GET', '/v1/reminders?owner=all&status=done,cancelled', { key: keys.manager })
    ).json<Page<unknown>>();
    expect(all.items).toHaveLength(2);
  });

  it("adds notes and shows the customer's timeline, newest first", async () => {
    const added = await call(app, 'POST', `/v1/customers/${profileId}/notes`, {
      key: keys.agent,
      body: { body: 'Visited the warehouse', kind: 'meeting', occurredAt: '2030-01-01T10:00:00Z' },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ kind: 'meeting', author: { id: people.agent } });
    const entries = (
      await call(app, 'GET', `/v1/customers/${profileId}/timeline?limit=100`, { key: keys.viewer })
    ).json<Page<{ kind: string }>>();
    expect(entries.items[0]).toMatchObject({ kind: 'note' });
    expect(entries.items.filter((entry) => entry.kind === 'ticket')).toHaveLength(4);
    const byViewer = await call(app, 'POST', `/v1/customers/${profileId}/notes`, {
      key: keys.viewer,
      body: { body: 'x' },
    });
    expect(byViewer.statusCode).toBe(403);
  });

  it('lets anyone read the team and only admin keys of admins manage it', async () => {
    const team = (await call(app, 'GET', '/v1/employees', { key: keys.viewer })).json<{
      items: { name: string }[];
    }>();
    expect(team.items.map((e) => e.name)).toEqual(['Ada Admin', 'Alex Agent', 'Mia Manager']);
    const added = await call(app, 'POST', '/v1/employees', {
      key: keys.admin,
      body: { name: 'Nina New', role: 'viewer', email: 'nina@example.com' },
    });
    expect(added.statusCode).toBe(201);
    const nina = added.json<{ id: string }>().id;
    expect(
      (
        await call(app, 'PATCH', `/v1/employees/${nina}`, { key: keys.admin, body: { role: 'agent' } })
      ).json(),
    ).toMatchObject({
      role: 'agent',
    });
    expect(
      (
        await call(app, 'PATCH', `/v1/employees/${nina}`, { key: keys.admin, body: { active: false } })
      ).json(),
    ).toMatchObject({
      active: false,
    });
    expect(
      (await call(app, 'POST', '/v1/employees', { key: keys.manager, body: { name: 'X' } })).json(),
    ).toMatchObject({
      status: 403,
      code: 'api.scope_missing',
    });
    // An admin-scope key acts with its employee's role: an agent may not manage the team.
    expect(
      (await call(app, 'POST', '/v1/employees', { key: keys.adminScopedAgent, body: { name: 'X' } })).json(),
    ).toMatchObject({
      status: 403,
      code: 'desk.forbidden',
    });
  });

  it('manages webhook subscriptions for admins, showing a secret only when it is made, auditing each change', async () => {
    const created = await call(app, 'POST', '/v1/webhooks', {
      key: keys.admin,
      body: { url: 'https://hooks.example.com/crm', events: ['ticket.created', 'sync.failed'] },
    });
    expect(created.statusCode).toBe(201);
    const { subscription, secret } = created.json<{ subscription: { id: string }; secret: string }>();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const id = subscription.id;

    const listed = await call(app, 'GET', '/v1/webhooks', { key: keys.admin });
    const shown = await call(app, 'GET', `/v1/webhooks/${id}`, { key: keys.admin });
    const changed = await call(app, 'PATCH', `/v1/webhooks/${id}`, {
      key: keys.admin,
      body: { events: ['ticket.updated'] },
    });
    expect(changed.json()).toMatchObject({ events: ['ticket.updated'] });
    for (const response of [listed, shown, changed]) {
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain(secret);
      expect(response.body).not.toContain('"secret"');
    }
    const rotated = await call(app, 'POST', `/v1/webhooks/${id}/rotate-secret`, {
      key: keys.admin,
      body: {},
    });
    expect(rotated.json<{ secret: string }>().secret).not.toBe(secret);
    expect((await call(app, 'GET', `/v1/webhooks/${id}/deliveries`, { key: keys.admin })).json()).toEqual({
      items: [],
    });
    const badUrl = await call(app, 'POST', '/v1/webhooks', {
      key: keys.admin,
      body: { url: 'ftp://x', events: ['nope'] },
    });
    expect(
      badUrl
        .json<{ errors: { path: string }[] }>()
        .errors.map((e) => e.path)
        .sort(),
    ).toEqual(['body.events[0]', 'body.url']);
    expect((await call(app, 'GET', '/v1/webhooks', { key: keys.manager })).statusCode).toBe(403);
    expect((await call(app, 'DELETE', `/v1/webhooks/${id}`, { key: keys.admin })).statusCode).toBe(204);
    expect((await call(app, 'GET', `/v1/webhooks/${id}`, { key: keys.admin })).statusCode).toBe(404);

    const audit = await listAudit(db, { target: { kind: 'webhook_subscription', id } });
    expect(audit.map((entry) => [entry.action, entry.actor.kind])).toEqual([
      ['webhook.subscription_deleted', 'api_key'],
      ['webhook.secret_rotated', 'api_key'],
      ['webhook.subscription_updated', 'api_key'],
      ['webhook.subscription_created', 'api_key'],
    ]);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('shows the live ticket and reminder counts on /metrics', async () => {
    const metrics = (await call(app, 'GET', '/metrics')).body;
    expect(metrics).toContain('crm_bridge_tickets{status="new"} 3');
    expect(metrics).toContain('crm_bridge_tickets{status="closed"} 1');
    expect(metrics).toMatch(/crm_bridge_tickets_sla\{state="breached"\} 0/);
    expect(metrics).toMatch(
      /crm_bridge_http_requests_total\{method="POST",route="\/v1\/tickets\/:ref\/transition",status="409"\} 1/,
    );
  });
});
