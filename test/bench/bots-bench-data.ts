/** The bots bench's data: the bench database made ready, employees bound to chat ids, and lookups people type. */
import { performance } from 'node:perf_hooks';
import { rebuildNameIndex } from '@crm-bridge/profiles';
import { addEmployee, type Db, migrate, setEmployeeChat } from '@crm-bridge/store';
import { loadProfiles } from './api-bench-data';

const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const ACTOR = { kind: 'cli', id: 'bots-bench', channel: 'cli' } as const;

/** Slack user ids U BENCH 0000…, all in workspace T1. */
export const slackUserId = (i: number) => `UBENCH${String(i).padStart(4, '0')}`;
/** Telegram user ids past 32 bits, as real ones are. */
export const telegramUserId = (i: number) => 5_100_000_000 + i;

/** A fresh database: migrated, N profiles loaded, the name index rebuilt, vacuumed and analysed. */
export async function prepareDatabase(db: Db, size: number, log: (line: string) => void): Promise<void> {
  let started = performance.now();
  await migrate(db);
  await loadProfiles(db, size, log);
  log(`loaded in ${sec(performance.now() - started)}`);
  started = performance.now();
  await rebuildNameIndex(db);
  log(`name index rebuilt: ${sec(performance.now() - started)}`);
  started = performance.now();
  // Autovacuum is off on the bench server (perf-facts): without statistics the plans are guesses.
  await db.exec('VACUUM ANALYZE');
  log(`VACUUM ANALYZE: ${sec(performance.now() - started)}`);
}

/**
 * Agents bound to `slack` Slack users and `telegram` Telegram users through the store's audited
 * addEmployee / setEmployeeChat; those a kept database already has are left as they are. Returns how many
 * were added.
 */
export async function bindEmployees(db: Db, counts: { slack: number; telegram: number }): Promise<number> {
  const bound = await db.query<{ slack_user_id: string | null; telegram_user_id: string | null }>(
    `SELECT slack_user_id, telegram_user_id::text FROM employees WHERE email LIKE '%@bots-bench.example'`,
  );
  const slackBound = new Set(bound.map((row) => row.slack_user_id));
  const telegramBound = new Set(bound.map((row) => row.telegram_user_id));
  let added = 0;
  for (let i = 0; i < counts.slack; i++) {
    if (slackBound.has(slackUserId(i))) continue;
    const employee = await addEmployee(
      db,
      {
        name: `Slack Agent ${i}`,
        email: `slack-${i}@bots-bench.example`,
        role: 'agent',
        slackUserId: slackUserId(i),
      },
      ACTOR,
    );
    await setEmployeeChat(db, employee.id, { slackTeamId: 'T1', language: 'en' }, ACTOR);
    added += 1;
  }
  for (let i = 0; i < counts.telegram; i++) {
    if (telegramBound.has(String(telegramUserId(i)))) continue;
    await addEmployee(
      db,
      {
        name: `Telegram Agent ${i}`,
        email: `telegram-${i}@bots-bench.example`,
        role: 'agent',
        telegramUserId: telegramUserId(i),
        language: 'en',
      },
      ACTOR,
    );
    added += 1;
  }
  return added;
}

const LEGAL_FORMS = new Set(['ооо', 'ао', 'llc', 'gmbh', 'ltd', 'inc']);

/** Lookups of random active profiles, names and phones taking turns; phones as people type them. */
export async function lookupQueries(db: Db, count: number): Promise<string[]> {
  const rows = await db.query<{ display_name: string; primary_phone: string | null }>(
    `SELECT display_name, primary_phone FROM profiles WHERE status = 'active' ORDER BY random() LIMIT $1`,
    [count],
  );
  return rows.map((row, i) => {
    const phone = row.primary_phone;
    if (i % 2 === 1 && phone) {
      const d = phone.slice(2);
      const shown = [
        `8 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
        `+7 ${d}`,
        `8${d}`,
      ];
      return shown[i % 3]!;
    }
    return row.display_name
      .split(/[^\p{L}\d]+/u)
      .filter((word) => word && !LEGAL_FORMS.has(word.toLowerCase()))
      .join(' ');
  });
}
