import { useNock } from '@test/support/nock';
import { runNode } from '../../../n8n-context.test-support';
import { api, OTHER_PROFILE_ID, PROFILE_ID } from './api-mock.test-support';

useNock();

const running = { id: 12, source: 'odoo', stream: null, status: 'running', finishedAt: null, error: null };
const done = { ...running, status: 'succeeded', finishedAt: '2026-06-01T10:00:00.000Z', streams: [] };

describe('Sync', () => {
  it('starts a sync of a source with its options and returns the run at once', async () => {
    api()
      .post('/v1/sync/runs', {
        source: 'odoo',
        mode: 'full',
        reconcile: true,
        streams: ['customers', 'orders'],
      })
      .reply(202, running);
    const out = await runNode({
      items: [
        {
          resource: 'sync',
          operation: 'start',
          source: 'odoo',
          waitForCompletion: false,
          additionalFields: { mode: 'full', reconcile: true, streams: 'customers, orders,' },
        },
      ],
    });
    expect(out).toEqual([running]);
  });

  it('starts and waits, reading the run until it finishes', async () => {
    api()
      .post('/v1/sync/runs', { source: 'odoo' })
      .reply(202, running)
      .get('/v1/sync/runs/12')
      .reply(200, { ...running, streams: [] })
      .get('/v1/sync/runs/12')
      .reply(200, done);
    const out = await runNode({
      items: [
        {
          resource: 'sync',
          operation: 'start',
          source: 'odoo',
          waitForCompletion: true,
          maxWaitSeconds: 30,
          pollIntervalSeconds: 1,
          additionalFields: {},
        },
      ],
    });
    expect(out).toEqual([{ ...done, timedOut: false }]);
  });

  it('stops waiting at the max wait and returns the run still running, marked timedOut', async () => {
    api()
      .get('/v1/sync/runs/12')
      .times(2)
      .reply(200, { ...running, streams: [] });
    const started = Date.now();
    const out = await runNode({
      items: [
        { resource: 'sync', operation: 'waitForRun', runId: 12, maxWaitSeconds: 1, pollIntervalSeconds: 1 },
      ],
    });
    expect(out).toEqual([{ ...running, streams: [], timedOut: true }]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('gets a run, and refuses a run id that is no id', async () => {
    api().get('/v1/sync/runs/12').reply(200, done);
    expect(await runNode({ items: [{ resource: 'sync', operation: 'getRun', runId: 12 }] })).toEqual([done]);
    await expect(runNode({ items: [{ resource: 'sync', operation: 'getRun', runId: 0 }] })).rejects.toThrow(
      'Run ID must be a positive whole number',
    );
  });
});

describe('Profile', () => {
  it('merges two profiles with a reason', async () => {
    const decision = { profileId: PROFILE_ID, merged: [OTHER_PROFILE_ID] };
    api()
      .post('/v1/profiles/merge', {
        profileId: PROFILE_ID,
        otherProfileId: OTHER_PROFILE_ID,
        reason: 'Same firm',
      })
      .reply(200, decision);
    const out = await runNode({
      items: [
        {
          resource: 'profile',
          operation: 'merge',
          profileId: PROFILE_ID,
          otherProfileId: OTHER_PROFILE_ID,
          reason: 'Same firm',
        },
      ],
    });
    expect(out).toEqual([decision]);
  });

  it('refuses to merge a profile into itself', async () => {
    await expect(
      runNode({
        items: [
          { resource: 'profile', operation: 'merge', profileId: PROFILE_ID, otherProfileId: PROFILE_ID },
        ],
      }),
    ).rejects.toThrow('A profile cannot be merged into itself');
  });

  it('splits a record out of a profile', async () => {
    api().post(`/v1/profiles/${PROFILE_ID}/split`, { recordId: 77 }).reply(200, { profileId: PROFILE_ID });
    const out = await runNode({
      items: [{ resource: 'profile', operation: 'split', profileId: PROFILE_ID, recordId: 77, reason: '' }],
    });
    expect(out).toEqual([{ profileId: PROFILE_ID }]);
  });
});
