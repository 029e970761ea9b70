import type { Config } from '@crm-bridge/core';
import {
  createTicket,
  deskReport,
  deskReportLines,
  deskSettings,
  dormantSweep,
  reminderDueSweep,
  slaSweep,
  systemActor,
} from '@crm-bridge/desk';
import { dormantCustomers } from '@crm-bridge/profiles';
import { addEmployee, type Db } from '@crm-bridge/store';

/** The demo's account manager: owner of every customer (config/demo.yaml `owners.default`). */
export const DEMO_MANAGER = {
  name: 'Demo Manager',
  email: 'demo.manager@example.com',
  role: 'manager',
} as const;

/**
 * The desk part of the demo: the demo manager exists, the two most valuable dormant customers get a
 * follow-up ticket on the first run, and the sweeps run as the worker would (dormant-customer reminders,
 * SLA state, due reminders). Returns the report lines: open tickets with their SLA state, due reminders.
 */
export async function demoDesk(db: Db, config: Config, now = new Date()): Promise<string> {
  const [manager] = await db.query(`SELECT 1 FROM employees WHERE email = $1`, [DEMO_MANAGER.email]);
  if (!manager) {
    await addEmployee(db, { ...DEMO_MANAGER }, { kind: 'cli', id: null, channel: 'cli' });
  }
  const settings = deskSettings(config);
  const [existing] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tickets`);
  if (existing?.n === 0) {
    for (const customer of (await dormantCustomers(db, { limit: 2, now })).customers) {
      await createTicket(
        db,
        systemActor,
        {
          subject: `Win back ${customer.displayName}`,
          description: customer.reason,
          priority: 'high',
          profileId: customer.profileId,
          channel: 'system',
        },
        settings,
        { now },
      );
    }
  }
  await dormantSweep(db, settings, now);
  await slaSweep(db, now);
  await reminderDueSweep(db, now);
  return [
    '',
    'desk:',
    ...deskReportLines(await deskReport(db, now, { limit: 5 })).map((line) => `  ${line}`),
  ].join('\n');
}
