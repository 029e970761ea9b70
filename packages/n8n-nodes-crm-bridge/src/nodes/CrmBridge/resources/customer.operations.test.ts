import { useNock } from '@test/support/nock';
import { runNode } from '../../../n8n-context.test-support';
import { api, PROFILE_ID } from './api-mock.test-support';

useNock();

const hit = { profileId: PROFILE_ID, name: 'Acme GmbH', matchedBy: 'name' };

describe('Customer', () => {
  it('searches with the query and limit and returns one item per hit', async () => {
    api()
      .get('/v1/customers')
      .query({ q: 'acme', limit: '10' })
      .reply(200, { items: [hit, { ...hit, name: 'Acme AG' }] });
    const out = await runNode({
      items: [{ resource: 'customer', operation: 'search', query: ' acme ', limit: 10 }],
    });
    expect(out).toEqual([hit, { ...hit, name: 'Acme AG' }]);
  });

  it('refuses an empty query or a limit over 100 without calling the API', async () => {
    await expect(
      runNode({ items: [{ resource: 'customer', operation: 'search', query: '  ' }] }),
    ).rejects.toThrow('Query is required');
    await expect(
      runNode({ items: [{ resource: 'customer', operation: 'search', query: 'a', limit: 500 }] }),
    ).rejects.toThrow('Limit must be 1 to 100');
  });

  it('gets the customer card by profile id', async () => {
    const card = { profile: { id: PROFILE_ID, name: 'Acme GmbH' }, orders: [] };
    api().get(`/v1/customers/${PROFILE_ID}`).reply(200, card);
    const out = await runNode({
      items: [{ resource: 'customer', operation: 'get', customerId: PROFILE_ID }],
    });
    expect(out).toEqual([card]);
  });

  it('escapes a customer id so it cannot reach another path', async () => {
    api().get('/v1/customers/..%2Fwebhooks').reply(404, { status: 404, detail: 'No profile ../webhooks' });
    await expect(
      runNode({ items: [{ resource: 'customer', operation: 'get', customerId: '../webhooks' }] }),
    ).rejects.toThrow('No profile ../webhooks');
  });

  it('pages through all orders with the cursors when Return All is on', async () => {
    api()
      .get(`/v1/customers/${PROFILE_ID}/orders`)
      .query({ limit: '100' })
      .reply(200, { items: [{ id: 1 }, { id: 2 }], nextCursor: 'c1' })
      .get(`/v1/customers/${PROFILE_ID}/orders`)
      .query({ limit: '100', cursor: 'c1' })
      .reply(200, { items: [{ id: 3 }], nextCursor: null });
    const out = await runNode({
      items: [{ resource: 'customer', operation: 'getOrders', customerId: PROFILE_ID, returnAll: true }],
    });
    expect(out).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });

  it('stops paging the timeline at the limit, asking only for what is missing', async () => {
    api()
      .get(`/v1/customers/${PROFILE_ID}/timeline`)
      .query({ limit: '3' })
      .reply(200, { items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'c1' })
      .get(`/v1/customers/${PROFILE_ID}/timeline`)
      .query({ limit: '1', cursor: 'c1' })
      .reply(200, { items: [{ id: 'c' }], nextCursor: 'c2' });
    const out = await runNode({
      items: [
        {
          resource: 'customer',
          operation: 'getTimeline',
          customerId: PROFILE_ID,
          returnAll: false,
          limit: 3,
        },
      ],
    });
    expect(out).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
  });

  it('stops when the server repeats a cursor instead of looping', async () => {
    api()
      .get(`/v1/customers/${PROFILE_ID}/orders`)
      .query({ limit: '100' })
      .reply(200, { items: [{ id: 1 }], nextCursor: 'same' })
      .get(`/v1/customers/${PROFILE_ID}/orders`)
      .query({ limit: '100', cursor: 'same' })
      .reply(200, { items: [{ id: 2 }], nextCursor: 'same' });
    const out = await runNode({
      items: [{ resource: 'customer', operation: 'getOrders', customerId: PROFILE_ID, returnAll: true }],
    });
    expect(out).toEqual([{ id: 1 }, { id: 2 }]);
  });
});

describe('Note', () => {
  it('adds a note with its kind and a wall-clock time read in the workflow time zone', async () => {
    const note = { id: 'n1', profileId: PROFILE_ID, kind: 'call', body: 'Called about the invoice' };
    api()
      .post(`/v1/customers/${PROFILE_ID}/notes`, {
        body: 'Called about the invoice',
        kind: 'call',
        occurredAt: '2026-06-01T07:30:00.000Z',
      })
      .reply(201, note);
    const out = await runNode({
      timeZone: 'Europe/Berlin',
      items: [
        {
          resource: 'note',
          operation: 'add',
          customerId: PROFILE_ID,
          text: 'Called about the invoice',
          additionalFields: { kind: 'call', occurredAt: '2026-06-01T09:30:00' },
        },
      ],
    });
    expect(out).toEqual([note]);
  });

  it('sends only the body when nothing else is given', async () => {
    api().post(`/v1/customers/${PROFILE_ID}/notes`, { body: 'Visited' }).reply(201, { id: 'n2' });
    const out = await runNode({
      items: [
        { resource: 'note', operation: 'add', customerId: PROFILE_ID, text: 'Visited', additionalFields: {} },
      ],
    });
    expect(out).toEqual([{ id: 'n2' }]);
  });

  it('refuses a date it cannot read without calling the API', async () => {
    await expect(
      runNode({
        items: [
          {
            resource: 'note',
            operation: 'add',
            customerId: PROFILE_ID,
            text: 'x',
            additionalFields: { occurredAt: 'next tuesday' },
          },
        ],
      }),
    ).rejects.toThrow('Occurred At is not a date: "next tuesday"');
  });
});
