import { ConflictError, Customer, ForbiddenError } from '@crm-bridge/core';
import { profilesSettings, resolvePending } from '@crm-bridge/profiles';
import {
  contentHash,
  type Db,
  finishSyncRun,
  listAudit,
  startSyncRun,
  upsertSourceRecords,
} from '@crm-bridge/store';
import {
  at,
  customer,
  DAY,
  HOUR,
  INJECTIONS,
  order,
  outbox,
  settings,
  team,
  testConfig,
  useDeskDb,
} from './desk-fixture.test-support';
import { addEmployee, deactivateEmployee, listEmployees, setEmployeeRole } from './employees/employees';
import { emitSyncRunEvent } from './events';
import { addNote } from './notes/notes';
import { timeline } from './notes/timeline';
import { mergeCustomers, splitCustomerRecord } from './profiles/profile-decisions';
import { createReminder } from './reminders/reminders';
import { createTicket } from './tickets/tickets';

const iso = (ms: number) => at(ms).toISOString();
const profiles = profilesSettings(testConfig());

/** Two customers in two ERPs that share no key: two profiles until someone merges them. */
async function twoProfiles(db: Db): Promise<[string, string]> {
  for (const [source, name] of [
    ['odoo', 'Romashka LLC'],
    ['erpnext', 'ООО Ромашка'],
  ] as const) {
    const record = Customer.parse({
      sourceId: source,
      externalId: '1',
      kind: 'organization',
      displayName: name,
    });
    await upsertSourceRecords(db, source, 'customers', [
      { customer: record, raw: null, contentHash: contentHash(record) },
    ]);
  }
  await resolvePending(db, profiles.resolution);
  const rows = await db.query<{ profile_id: string }>(
    `SELECT profile_id FROM source_records ORDER BY source DESC`,
  );
  return [rows[0]!.profile_id, rows[1]!.profile_id];
}

describe.each(['pglite', 'postgres'] as const)(
  'employees, profiles, notes and the timeline on %s',
  (driver) => {
    const db = useDeskDb(driver);

    it('lets admins manage employees, audited with before and after; keeps one admin', async () => {
      const { admin, manager, viewer } = await team(db());
      await expect(addEmployee(db(), manager, { name: 'Eve' })).rejects.toBeInstanceOf(ForbiddenError);
      const eve = await addEmployee(db(), admin, { name: 'Eve', email: 'eve@example.com' });
      expect(eve).toMatchObject({ name: 'Eve', role: 'agent', active: true });
      await expect(setEmployeeRole(db(), manager, eve.id, 'admin')).rejects.toBeInstanceOf(ForbiddenError);
      expect((await setEmployeeRole(db(), admin, eve.id, 'manager')).role).toBe('manager');
      expect((await deactivateEmployee(db(), admin, eve.id)).active).toBe(false);
      expect((await listEmployees(db(), viewer)).map((e) => e.name)).not.toContain('Eve');
      expect((await listEmployees(db(), viewer, { includeInactive: true })).map((e) => e.name)).toContain(
        'Eve',
      );

      const trail = await listAudit(db(), { target: { kind: 'employee', id: eve.id } });
      expect(trail.map((a) => [a.action, a.details.before, a.details.after])).toEqual([
        ['employee.deactivated', { active: true }, { active: false }],
        ['employee.role_changed', { role: 'agent' }, { role: 'manager' }],
        ['employee.added', null, { name: 'Eve', role: 'agent', active: true }],
      ]);
      expect(trail.every((a) => a.actor.id === admin.id && a.channel === 'slack')).toBe(true);

      await expect(setEmployeeRole(db(), admin, admin.employeeId!, 'manager')).rejects.toBeInstanceOf(
        ConflictError,
      );
      await expect(deactivateEmployee(db(), admin, admin.employeeId!)).rejects.toThrow('last active admin');
    });

    it('merges two profiles for a manager only, and emits profile.merged after the merge', async () => {
      const { agent, manager } = await team(db());
      const [a, b] = await twoProfiles(db());
      await expect(mergeCustomers(db(), agent, profiles, { a, b })).rejects.toBeInstanceOf(ForbiddenError);
      expect(await outbox(db(), 'profile.merged')).toEqual([]);
      const merged = await mergeCustomers(db(), manager, profiles, { a, b, reason: 'same INN on paper' });
      const [event] = await outbox(db(), 'profile.merged');
      expect(event?.payload).toMatchObject({
        survivor: { id: merged.profileId },
        absorbed: [[a, b].find((id) => id !== merged.profileId)],
        reason: 'same INN on paper',
        actor: { kind: 'employee', name: 'Max Manager' },
      });
      const [record] = await db().query<{ id: number }>(
        `SELECT id FROM source_records WHERE source = 'erpnext'`,
      );
      await expect(
        splitCustomerRecord(db(), agent, profiles, {
          profileId: merged.profileId,
          recordId: Number(record!.id),
        }),
      ).rejects.toBeInstanceOf(ForbiddenError);
      await splitCustomerRecord(db(), manager, profiles, {
        profileId: merged.profileId,
        recordId: Number(record!.id),
      });
      expect(
        (await listAudit(db(), { actor: { kind: 'employee', id: manager.id } })).map((e) => e.action),
      ).toEqual(['profile.split', 'profile.merged']);
    });

    it('adds notes for agents, not viewers, to the surviving profile of a merged id', async () => {
      const { agent, viewer } = await team(db());
      const survivor = await customer(db(), 'ACME GmbH');
      const folded = await customer(db(), 'ACME (old)');
      await db().query(`UPDATE profiles SET status = 'merged', merged_into = $1 WHERE id = $2`, [
        survivor,
        folded,
      ]);
      await expect(addNote(db(), viewer, survivor, { body: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
      const note = await addNote(db(), agent, folded, {
        kind: 'call',
        body: 'Wants a quote',
        occurredAt: iso(HOUR),
      });
      expect(note).toMatchObject({
        profileId: survivor,
        kind: 'call',
        occurredAt: iso(HOUR),
        author: { name: 'Anna Agent' },
      });
      const [audit] = await listAudit(db(), { action: 'note.added' });
      expect(audit).toMatchObject({
        target: { kind: 'profile', id: survivor },
        details: { after: { kind: 'call' } },
      });
      for (const text of INJECTIONS) await addNote(db(), agent, survivor, { body: text });
      const bodies = (await timeline(db(), viewer, survivor, { limit: 100 })).items.flatMap((e) =>
        e.kind === 'note' ? [e.note.body] : [],
      );
      expect(bodies).toEqual(expect.arrayContaining([...INJECTIONS, 'Wants a quote']));
    });

    it('shows orders, tickets, reminders and notes newest first, paging across the kinds', async () => {
      const { agent } = await team(db());
      const acme = await customer(db(), 'ACME GmbH');
      const stranger = await customer(db(), 'Someone else');
      await order(db(), acme, 'SO-1', at(-30 * DAY));
      await order(db(), acme, 'SO-2', at(-2 * DAY), 'erpnext');
      await order(db(), stranger, 'SO-X', at(-DAY));
      await createTicket(db(), agent, { subject: 'Late delivery', profileId: acme }, settings, {
        now: at(-DAY),
      });
      await createReminder(
        db(),
        agent,
        { text: 'Follow up', dueAt: iso(DAY), profileId: acme },
        { now: at(-HOUR) },
      );
      await addNote(db(), agent, acme, { body: 'Visited them', occurredAt: iso(-3 * DAY) });
      // Two entries at the same moment: kinds break the tie (ticket before note).
      await addNote(db(), agent, acme, { body: 'Called', occurredAt: iso(-DAY) });

      const all = await timeline(db(), agent, acme, { limit: 100 });
      const describe = (e: (typeof all.items)[number]) =>
        e.kind === 'order'
          ? `order ${e.order.number} (${e.order.source})`
          : e.kind === 'ticket'
            ? `ticket ${e.ticket.number}`
            : e.kind === 'reminder'
              ? `reminder ${e.reminder.text} due ${e.reminder.dueAt}`
              : `note ${e.note.body}`;
      expect(all.items.map(describe)).toEqual([
        `reminder Follow up due ${iso(DAY)}`,
        'ticket T-1',
        'note Called',
        'order SO-2 (erpnext)',
        'note Visited them',
        'order SO-1 (odoo)',
      ]);
      expect(all.nextCursor).toBeNull();

      const seen: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 10; i++) {
        const page = await timeline(db(), agent, acme, { limit: 2, cursor });
        seen.push(...page.items.map(describe));
        cursor = page.nextCursor;
        if (cursor === null) break;
      }
      expect(seen).toEqual(all.items.map(describe));
    });

    it('emits sync.completed and sync.failed once per finished run', async () => {
      const run = await startSyncRun(db(), { source: 'odoo', mode: 'full' });
      const finished = await finishSyncRun(db(), run.id, { status: 'failed', error: 'ERP unreachable' });
      expect(await emitSyncRunEvent(db(), finished)).toBe('sync.failed');
      expect(await emitSyncRunEvent(db(), finished)).toBeNull();
      expect(await outbox(db())).toMatchObject([
        {
          topic: 'sync.failed',
          dedupe_key: `sync.failed:${run.id}`,
          payload: { run: { source: 'odoo' }, error: 'ERP unreachable' },
        },
      ]);
    });
  },
);
