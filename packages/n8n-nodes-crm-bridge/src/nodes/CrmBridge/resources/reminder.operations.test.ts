import { useNock } from '@test/support/nock';
import { runNode } from '../../../n8n-context.test-support';
import { api, EMPLOYEE_ID, PROFILE_ID, REMINDER_ID } from './api-mock.test-support';

useNock();

const reminder = { id: REMINDER_ID, text: 'Call Acme', status: 'pending', dueAt: '2026-06-01T07:00:00.000Z' };
const run = (params: Record<string, unknown>, timeZone = 'UTC') =>
  runNode({ timeZone, items: [{ resource: 'reminder', ...params }] });

describe('Reminder', () => {
  it('creates a reminder for someone, its due time read in the workflow zone', async () => {
    api()
      .post('/v1/reminders', {
        text: 'Call Acme',
        dueAt: '2026-06-01T07:00:00.000Z',
        ownerId: EMPLOYEE_ID,
        profileId: PROFILE_ID,
        ticket: 'T-1042',
        kind: 'follow_up',
      })
      .reply(201, reminder);
    const out = await run(
      {
        operation: 'create',
        text: 'Call Acme',
        dueAt: '2026-06-01T10:00:00',
        additionalFields: {
          ownerId: EMPLOYEE_ID,
          customerId: PROFILE_ID,
          ticket: 'T-1042',
          kind: 'follow_up',
        },
      },
      'Europe/Moscow',
    );
    expect(out).toEqual([reminder]);
  });

  it('keeps a due time that has its own offset', async () => {
    api().post('/v1/reminders', { text: 'x', dueAt: '2026-01-10T08:00:00.000Z' }).reply(201, reminder);
    await run(
      { operation: 'create', text: 'x', dueAt: '2026-01-10T09:00:00+01:00', additionalFields: {} },
      'Asia/Tokyo',
    );
  });

  it('refuses a reminder without a due time', async () => {
    await expect(run({ operation: 'create', text: 'x', dueAt: '', additionalFields: {} })).rejects.toThrow(
      'Due At is required',
    );
  });

  it('lists every page of the reminders with the filters', async () => {
    api()
      .get('/v1/reminders')
      .query({ owner: 'all', status: 'pending,sent', due: 'true', profileId: PROFILE_ID, limit: '100' })
      .reply(200, { items: [reminder], nextCursor: 'r1' })
      .get('/v1/reminders')
      .query({
        owner: 'all',
        status: 'pending,sent',
        due: 'true',
        profileId: PROFILE_ID,
        limit: '100',
        cursor: 'r1',
      })
      .reply(200, { items: [{ ...reminder, id: 'r2' }], nextCursor: null });
    const out = await run({
      operation: 'getAll',
      owner: 'all',
      returnAll: true,
      filters: { status: ['pending', 'sent'], due: true, customerId: PROFILE_ID },
    });
    expect(out.map((r) => r.id)).toEqual([REMINDER_ID, 'r2']);
  });

  it('completes a reminder with a bodiless POST', async () => {
    api()
      .post(`/v1/reminders/${REMINDER_ID}/done`, (body) => body === '' || body === undefined)
      .reply(200, { ...reminder, status: 'done' });
    expect(await run({ operation: 'complete', reminderId: REMINDER_ID })).toEqual([
      { ...reminder, status: 'done' },
    ]);
  });

  it('snoozes for a duration or until a time', async () => {
    api()
      .post(`/v1/reminders/${REMINDER_ID}/snooze`, { for: '2h' })
      .reply(200, reminder)
      .post(`/v1/reminders/${REMINDER_ID}/snooze`, { until: '2026-06-02T06:00:00.000Z' })
      .reply(200, reminder);
    await run({ operation: 'snooze', reminderId: REMINDER_ID, snoozeMode: 'for', duration: '2h' });
    await run(
      { operation: 'snooze', reminderId: REMINDER_ID, snoozeMode: 'until', until: '2026-06-02T09:00:00' },
      'Europe/Moscow',
    );
  });
});
