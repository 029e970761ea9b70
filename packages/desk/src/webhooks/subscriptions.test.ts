import { ForbiddenError, NotFoundError, type Role } from '@crm-bridge/core';
import { type Db, listAudit, migrate } from '@crm-bridge/store';
import { openTestDb, type TestDb } from '@test/support/stores';
import { ZodError } from 'zod';
import {
  createWebhookSubscription,
  deleteWebhookSubscription,
  getWebhookSubscription,
  listWebhookSubscriptions,
  rotateWebhookSecret,
  updateWebhookSubscription,
} from './subscriptions';
import type { WebhookCaller } from './webhook-caller';
import { employeeCaller } from './webhook-fixture.test-support';

describe.each(['pglite', 'postgres'] as const)('webhook subscriptions on %s', (driver) => {
  let testDb: TestDb;
  let db: Db;
  let admin: WebhookCaller;

  beforeAll(async () => {
    testDb = await openTestDb(driver);
    db = testDb.db;
    await migrate(db);
    admin = await employeeCaller(db, 'admin');
  }, 120_000);
  afterAll(() => testDb?.cleanup());

  const secretOf = async (id: string) =>
    (await db.query<{ secret: string }>('SELECT secret FROM webhook_subscriptions WHERE id = $1', [id]))[0]!
      .secret;
  const auditOf = (id: string) => listAudit(db, { target: { kind: 'webhook_subscription', id } });

  it('creates a subscription, returns a generated secret once and never lists or reads it back', async () => {
    const { subscription, secret } = await createWebhookSubscription(db, admin, {
      url: 'HTTPS://Hooks.Example.com/crm?tenant=7',
      events: ['ticket.created', 'ticket.created', 'sync.failed'],
    });
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await secretOf(subscription.id)).toBe(secret);
    expect(subscription).toMatchObject({
      url: 'https://hooks.example.com/crm?tenant=7',
      events: ['ticket.created', 'sync.failed'],
      active: true,
      createdBy: admin.actor.id,
      consecutiveFailures: 0,
      disabledAt: null,
    });
    expect(JSON.stringify(subscription)).not.toContain(secret);

    const listed = await listWebhookSubscriptions(db, admin);
    expect(listed.map((s) => s.id)).toContain(subscription.id);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(JSON.stringify(await getWebhookSubscription(db, admin, subscription.id))).not.toContain(secret);
  });

  it('keeps a secret the admin chose', async () => {
    const chosen = 'a-receiver-chosen-secret-0123456789';
    const { subscription, secret } = await createWebhookSubscription(db, admin, {
      url: 'http://127.0.0.1:9/hook',
      events: ['reminder.due'],
      secret: chosen,
    });
    expect(secret).toBe(chosen);
    expect(await secretOf(subscription.id)).toBe(chosen);
  });

  it.each([
    ['a non-URL', { url: 'not a url', events: ['ticket.created'] }],
    ['an ftp URL', { url: 'ftp://example.com/x', events: ['ticket.created'] }],
    ['credentials in the URL', { url: 'https://user:pw@example.com/x', events: ['ticket.created'] }],
    ['a fragment', { url: 'https://example.com/x#y', events: ['ticket.created'] }],
    ['no events', { url: 'https://example.com/x', events: [] }],
    ['an unknown topic', { url: 'https://example.com/x', events: ['ticket.deleted'] }],
    ['a short secret', { url: 'https://example.com/x', events: ['ticket.created'], secret: 'short' }],
    ['an unknown field', { url: 'https://example.com/x', events: ['ticket.created'], owner: 'me' }],
  ])('refuses %s and stores nothing', async (_case, input) => {
    const before = await db.query('SELECT id FROM webhook_subscriptions');
    await expect(createWebhookSubscription(db, admin, input as never)).rejects.toBeInstanceOf(ZodError);
    expect(await db.query('SELECT id FROM webhook_subscriptions')).toHaveLength(before.length);
  });

  it('never repeats a refused secret in the validation error', async () => {
    const error = await createWebhookSubscription(db, admin, {
      url: 'https://example.com/x',
      events: ['ticket.created'],
      secret: 'has spaces in the secret text',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZodError);
    expect(JSON.stringify((error as ZodError).issues)).not.toContain('has spaces');
  });

  it.each(['manager', 'agent', 'viewer'] as Role[])(
    'refuses a %s every operation and changes nothing',
    async (role) => {
      const { subscription } = await createWebhookSubscription(db, admin, {
        url: 'https://example.com/owned-by-admin',
        events: ['ticket.created'],
      });
      const secret = await secretOf(subscription.id);
      const caller = await employeeCaller(db, role);
      const input = { url: 'https://evil.example.com/', events: ['ticket.created' as const] };
      for (const attempt of [
        () => createWebhookSubscription(db, caller, input),
        () => listWebhookSubscriptions(db, caller),
        () => getWebhookSubscription(db, caller, subscription.id),
        () => updateWebhookSubscription(db, caller, subscription.id, { url: input.url }),
        () => deleteWebhookSubscription(db, caller, subscription.id),
        () => rotateWebhookSecret(db, caller, subscription.id),
      ]) {
        await expect(attempt()).rejects.toBeInstanceOf(ForbiddenError);
      }
      expect(await getWebhookSubscription(db, admin, subscription.id)).toEqual(subscription);
      expect(await secretOf(subscription.id)).toBe(secret);
      expect(await db.query(`SELECT id FROM webhook_subscriptions WHERE url LIKE 'https://evil%'`)).toEqual(
        [],
      );
      expect(await listAudit(db, { actor: caller.actor })).toEqual([]);
    },
  );

  it('audits every write with who did it, and never the secret or the URL query', async () => {
    const { subscription, secret } = await createWebhookSubscription(db, admin, {
      url: 'https://example.com/audited?token=receiver-token',
      events: ['ticket.created'],
    });
    await updateWebhookSubscription(db, admin, subscription.id, {
      events: ['ticket.created', 'ticket.updated'],
      active: false,
    });
    const rotated = await rotateWebhookSecret(db, admin, subscription.id);
    await deleteWebhookSubscription(db, admin, subscription.id);

    const entries = (await auditOf(subscription.id)).reverse();
    expect(entries.map((entry) => entry.action)).toEqual([
      'webhook.subscription_created',
      'webhook.subscription_updated',
      'webhook.secret_rotated',
      'webhook.subscription_deleted',
    ]);
    for (const entry of entries) {
      expect(entry.actor).toEqual({ kind: 'employee', id: admin.actor.id });
      expect(entry.channel).toBe('api');
    }
    expect(entries[1]!.details).toEqual({
      before: { url: 'https://example.com/audited?…', events: ['ticket.created'], active: true },
      after: {
        url: 'https://example.com/audited?…',
        events: ['ticket.created', 'ticket.updated'],
        active: false,
      },
    });
    const text = JSON.stringify(entries);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(rotated.secret);
    expect(text).not.toContain('receiver-token');
  });

  it('rotates the secret: the new one is returned once and replaces the old', async () => {
    const { subscription, secret } = await createWebhookSubscription(db, admin, {
      url: 'https://example.com/rotate',
      events: ['ticket.created'],
    });
    const rotated = await rotateWebhookSecret(db, admin, subscription.id);
    expect(rotated.secret).not.toBe(secret);
    expect(await secretOf(subscription.id)).toBe(rotated.secret);
    expect(JSON.stringify(rotated.subscription)).not.toContain(rotated.secret);
  });

  it('updates url, events and the active switch, and refuses an empty change', async () => {
    const { subscription } = await createWebhookSubscription(db, admin, {
      url: 'https://example.com/old',
      events: ['ticket.created'],
    });
    const updated = await updateWebhookSubscription(db, admin, subscription.id, {
      url: 'https://example.com/new',
      events: ['profile.merged'],
      active: false,
    });
    expect(updated).toMatchObject({
      url: 'https://example.com/new',
      events: ['profile.merged'],
      active: false,
    });
    await expect(updateWebhookSubscription(db, admin, subscription.id, {})).rejects.toBeInstanceOf(ZodError);
  });

  it('answers NotFoundError for a missing or malformed id', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      await expect(getWebhookSubscription(db, admin, id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(updateWebhookSubscription(db, admin, id, { active: true })).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(deleteWebhookSubscription(db, admin, id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(rotateWebhookSecret(db, admin, id)).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it('re-enabling a disabled subscription clears its streak and revives deliveries that died during it', async () => {
    const { subscription } = await createWebhookSubscription(db, admin, {
      url: 'https://example.com/flaky',
      events: ['ticket.created'],
    });
    const since = new Date(Date.now() - 3 * 86_400_000);
    await db.query(
      `UPDATE webhook_subscriptions SET consecutive_failures = 25, failing_since = $2, disabled_at = $3,
         disabled_reason = '25 delivery attempts failed in a row' WHERE id = $1`,
      [subscription.id, since, new Date(since.getTime() + 86_400_000)],
    );
    const [event] = await db.query<{ id: number }>(
      `INSERT INTO outbox (topic, payload, published_at) VALUES ('ticket.created', '{}', now()) RETURNING id`,
    );
    const [old] = await db.query<{ id: number }>(
      `INSERT INTO outbox (topic, payload, published_at) VALUES ('ticket.created', '{}', now()) RETURNING id`,
    );
    await db.query(
      `INSERT INTO webhook_deliveries (outbox_id, subscription_id, attempt, status, last_attempt_at)
       VALUES ($1, $3, 8, 'dead', $4), ($2, $3, 8, 'dead', $5)`,
      [
        event!.id,
        old!.id,
        subscription.id,
        new Date(since.getTime() + 3_600_000),
        new Date(since.getTime() - 1),
      ],
    );

    const enabled = await updateWebhookSubscription(db, admin, subscription.id, { active: true });
    expect(enabled).toMatchObject({
      consecutiveFailures: 0,
      failingSince: null,
      disabledAt: null,
      disabledReason: null,
    });
    const rows = await db.query<{ outbox_id: number; status: string; attempt: number }>(
      'SELECT outbox_id, status, attempt FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY outbox_id',
      [subscription.id],
    );
    // Died during the streak: back to pending. Died before the streak began: left alone.
    expect(rows).toEqual([
      { outbox_id: event!.id, status: 'pending', attempt: 0 },
      { outbox_id: old!.id, status: 'dead', attempt: 8 },
    ]);
    const [updated] = await auditOf(subscription.id);
    expect(updated!.details).toMatchObject({ reEnabled: true, revivedDeliveries: 1 });
  });
});
