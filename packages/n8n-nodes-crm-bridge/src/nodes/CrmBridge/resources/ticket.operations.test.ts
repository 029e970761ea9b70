import { useNock } from '@test/support/nock';
import { runNode } from '../../../n8n-context.test-support';
import { api, EMPLOYEE_ID, PROFILE_ID } from './api-mock.test-support';

useNock();

const ticket = { id: 't1', ref: 'T-1042', subject: 'Invoice wrong', status: 'new', priority: 'high' };
const run = (params: Record<string, unknown>) => runNode({ items: [{ resource: 'ticket', ...params }] });

describe('Ticket', () => {
  it('creates a ticket with the fields given, the order by its ERP number', async () => {
    api()
      .post('/v1/tickets', {
        subject: 'Invoice wrong',
        description: 'Twice the amount',
        priority: 'high',
        profileId: PROFILE_ID,
        assigneeId: EMPLOYEE_ID,
        order: { source: 'odoo', number: 'SO042' },
      })
      .reply(201, ticket);
    const out = await run({
      operation: 'create',
      subject: 'Invoice wrong',
      additionalFields: {
        description: 'Twice the amount',
        priority: 'high',
        customerId: PROFILE_ID,
        assigneeId: EMPLOYEE_ID,
        orderSource: 'odoo',
        orderNumber: 'SO042',
        orderId: 0,
      },
    });
    expect(out).toEqual([ticket]);
  });

  it('creates a ticket with only a subject', async () => {
    api().post('/v1/tickets', { subject: 'Call back' }).reply(201, ticket);
    expect(await run({ operation: 'create', subject: 'Call back', additionalFields: {} })).toEqual([ticket]);
  });

  it('refuses half an order reference without calling the API', async () => {
    await expect(
      run({ operation: 'create', subject: 'x', additionalFields: { orderSource: 'odoo' } }),
    ).rejects.toThrow('Order Source and Order Number go together: give both');
    await expect(
      run({ operation: 'create', subject: 'x', additionalFields: { orderId: 5, orderNumber: 'SO1' } }),
    ).rejects.toThrow('Give Order ID or Order Source with Order Number, not both');
  });

  it('gets a ticket by its number', async () => {
    api().get('/v1/tickets/T-1042').reply(200, ticket);
    expect(await run({ operation: 'get', ticketRef: 'T-1042' })).toEqual([ticket]);
  });

  it('lists tickets with filters as the API spells them, paging to the limit', async () => {
    api()
      .get('/v1/tickets')
      .query({
        status: 'new,open',
        priority: 'urgent',
        assigneeId: 'none',
        profileId: PROFILE_ID,
        atRisk: 'true',
        breached: 'false',
        limit: '2',
      })
      .reply(200, { items: [ticket, { ...ticket, ref: 'T-1041' }], nextCursor: 'c1' });
    const out = await run({
      operation: 'getAll',
      returnAll: false,
      limit: 2,
      filters: {
        status: ['new', 'open'],
        priority: ['urgent'],
        assigneeId: 'none',
        customerId: PROFILE_ID,
        atRisk: true,
        breached: false,
      },
    });
    expect(out.map((t) => t.ref)).toEqual(['T-1042', 'T-1041']);
  });

  it('updates only the fields given', async () => {
    api()
      .patch('/v1/tickets/T-1042', { priority: 'urgent', order: { id: 7 } })
      .reply(200, ticket);
    const out = await run({
      operation: 'update',
      ticketRef: 'T-1042',
      updateFields: { priority: 'urgent', orderId: 7, subject: '' },
    });
    expect(out).toEqual([ticket]);
  });

  it('refuses an update with nothing to change', async () => {
    await expect(run({ operation: 'update', ticketRef: 'T-1042', updateFields: {} })).rejects.toThrow(
      'Nothing to update: add at least one field',
    );
  });

  it('comments with the visibility chosen', async () => {
    const answer = { comment: { id: 'c1', body: 'We are on it', visibility: 'public' }, ticket };
    api()
      .post('/v1/tickets/T-1042/comments', { body: 'We are on it', visibility: 'public' })
      .reply(201, answer);
    const out = await run({
      operation: 'comment',
      ticketRef: 'T-1042',
      comment: 'We are on it',
      visibility: 'public',
    });
    expect(out).toEqual([answer]);
  });

  it('assigns to an employee, and unassigns with an empty assignee', async () => {
    api()
      .post('/v1/tickets/T-1042/assign', { assigneeId: EMPLOYEE_ID })
      .reply(200, { ...ticket, assignee: { id: EMPLOYEE_ID } })
      .post('/v1/tickets/T-1042/assign', { assigneeId: null })
      .reply(200, ticket);
    expect(await run({ operation: 'assign', ticketRef: 'T-1042', assigneeId: EMPLOYEE_ID })).toEqual([
      { ...ticket, assignee: { id: EMPLOYEE_ID } },
    ]);
    expect(await run({ operation: 'assign', ticketRef: 'T-1042', assigneeId: ' ' })).toEqual([ticket]);
  });

  it('changes the status with a reason, and without one sends none', async () => {
    api()
      .post('/v1/tickets/T-1042/transition', { to: 'resolved', reason: 'Refunded' })
      .reply(200, { ...ticket, status: 'resolved' })
      .post('/v1/tickets/T-1042/transition', { to: 'open' })
      .reply(200, { ...ticket, status: 'open' });
    expect(
      await run({ operation: 'changeStatus', ticketRef: 'T-1042', status: 'resolved', reason: 'Refunded' }),
    ).toEqual([{ ...ticket, status: 'resolved' }]);
    expect(await run({ operation: 'changeStatus', ticketRef: 'T-1042', status: 'open', reason: '' })).toEqual(
      [{ ...ticket, status: 'open' }],
    );
  });
});
