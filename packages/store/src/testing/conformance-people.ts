import { ConflictError, NotFoundError } from '@crm-bridge/core';
import { type Actor, appendAudit, listAudit } from '../repositories/audit-log';
import {
  addEmployee,
  deactivateEmployee,
  findEmployeeBySlackId,
  findEmployeeByTelegramId,
  getEmployee,
  listEmployees,
  setEmployeeRole,
} from '../repositories/employees';
import type { ConformanceContext } from './conformance-context';
import { uniqueSource } from './conformance-context';

const admin: Actor = { kind: 'cli', id: null, channel: 'cli' };

// Slack ids must look like U…; derive a fresh one per test so tests sharing a database never collide.
const slackId = () =>
  `U${uniqueSource('x')
    .replace(/[^a-z0-9]/g, '')
    .toUpperCase()}`;
let telegram = Math.floor(Math.random() * 1e9);

/** Employees and the audit log. */
export function describePeopleConformance(ctx: ConformanceContext): void {
  describe('employees and audit log', () => {
    it('adds employees and refuses a taken Slack or Telegram id with a ConflictError, writing nothing', async () => {
      const db = ctx.db();
      const slack = slackId();
      const tg = ++telegram;
      const anna = await addEmployee(db, { name: 'Anna', slackUserId: slack, telegramUserId: tg }, admin);
      expect(anna).toMatchObject({
        name: 'Anna',
        role: 'agent',
        active: true,
        slackUserId: slack,
        telegramUserId: tg,
      });
      expect(await findEmployeeBySlackId(db, slack)).toEqual(anna);
      expect(await findEmployeeByTelegramId(db, tg)).toEqual(anna);

      const bySlack = addEmployee(db, { name: 'Boris', slackUserId: slack }, admin);
      await expect(bySlack).rejects.toBeInstanceOf(ConflictError);
      await expect(bySlack).rejects.toThrow(`Slack user ${slack} is already linked`);
      const byTelegram = addEmployee(db, { name: 'Boris', telegramUserId: tg }, admin);
      await expect(byTelegram).rejects.toThrow(`Telegram user ${tg} is already linked`);
      const names = (await listEmployees(db, { includeInactive: true })).map((e) => e.name);
      expect(names).not.toContain('Boris');
      const added = await listAudit(db, { action: 'employee.added', limit: 1000 });
      expect(added.filter((entry) => entry.details.name === 'Boris')).toEqual([]);
    });

    it('changes a role and deactivates, each write audited with its actor', async () => {
      const db = ctx.db();
      const manager: Actor = {
        kind: 'employee',
        id: '1e2f3a4b-0000-4000-8000-000000000001',
        channel: 'slack',
      };
      const vera = await addEmployee(db, { name: 'Vera', role: 'viewer' }, admin);
      expect((await setEmployeeRole(db, vera.id, 'manager', manager)).role).toBe('manager');
      expect((await deactivateEmployee(db, vera.id, manager)).active).toBe(false);
      expect((await getEmployee(db, vera.id)).role).toBe('manager');
      expect((await listEmployees(db)).map((e) => e.id)).not.toContain(vera.id);

      const trail = await listAudit(db, { target: { kind: 'employee', id: vera.id } });
      expect(trail.map((entry) => entry.action)).toEqual([
        'employee.deactivated',
        'employee.role_changed',
        'employee.added',
      ]);
      expect(trail[1]).toMatchObject({
        actor: { kind: 'employee', id: manager.id },
        channel: 'slack',
        details: { from: 'viewer', to: 'manager' },
      });
      expect(await listAudit(db, { actor: { kind: 'employee', id: manager.id } })).toHaveLength(2);
    });

    it('answers NotFoundError for an unknown or malformed employee id', async () => {
      const db = ctx.db();
      await expect(getEmployee(db, '00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(getEmployee(db, 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
      await expect(setEmployeeRole(db, 'not-a-uuid', 'admin', admin)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('never stores a secret-looking detail in the audit log', async () => {
      const db = ctx.db();
      const target = { kind: 'api_key', id: uniqueSource('key') };
      await appendAudit(db, {
        actor: { kind: 'system', id: null },
        action: 'api_key.created',
        target,
        channel: 'api',
        details: { name: 'n8n', token: 'crm_live_abc', nested: { password: 'hunter2', scopes: ['read'] } },
      });
      const [entry] = await listAudit(db, { target });
      expect(entry?.details).toEqual({
        name: 'n8n',
        token: '[redacted]',
        nested: { password: '[redacted]', scopes: ['read'] },
      });
      expect(JSON.stringify(entry)).not.toMatch(/crm_live_abc|hunter2/);
    });
  });
}
