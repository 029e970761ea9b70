import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDb } from '@crm-bridge/store';
import { createTestDatabase } from '@test/support/postgres';
import { runCli, scratchDir } from '../cli-harness.test-support';

/** A minimal config in a scratch folder whose embedded store lives in that folder. */
function writeConfig(dir: string, extra = ''): string {
  const file = path.join(dir, 'crm-bridge.yaml');
  writeFileSync(
    file,
    `version: 1
store:
  dataDir: .data/store
currency:
  base: EUR
phone:
  defaultRegion: DE
sources:
  - id: odoo
    kind: odoo
    url: https://user:pw-in-url@odoo.example.com
    database: acme
    credentials:
      username: bot
      password: \${ODOO_PASSWORD}
${extra}`,
  );
  return file;
}

describe.each(['pglite', 'postgres'] as const)('store commands on %s', (driver) => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let drop = async () => {};

  beforeAll(async () => {
    dir = scratchDir();
    writeConfig(dir);
    env = { ODOO_PASSWORD: 'odoo-secret-password' };
    if (driver === 'postgres') {
      const database = await createTestDatabase();
      env.DATABASE_URL = database.url;
      drop = database.drop;
    }
  });
  afterAll(() => drop());

  it('reports pending migrations and exits 1 before migrate, then applies them once', async () => {
    const before = await runCli(['status'], { cwd: dir, env });
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/migrations: 0 applied, \d+ pending/);
    expect(before.stdout).toContain('run: crm-bridge migrate');

    const first = await runCli(['migrate'], { cwd: dir, env });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^applied 001_/);
    const again = await runCli(['migrate'], { cwd: dir, env });
    expect(again.stdout.trim()).toBe('store is up to date');
  });

  it('shows the store, migrations and sources without any secret', async () => {
    const status = await runCli(['status'], { cwd: dir, env });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/migrations: \d+ applied, 0 pending/);
    expect(status.stdout).toMatch(/odoo\s+odoo\s+enabled/);
    expect(status.stdout).toContain(driver === 'pglite' ? 'embedded PGlite' : 'postgres postgres://');
    expect(status.stdout).not.toContain('pw-in-url');
    expect(status.stdout).not.toContain('odoo-secret-password');
    const json = JSON.parse((await runCli(['status', '--json'], { cwd: dir, env })).stdout);
    expect(json.store).toMatchObject({ reachable: true, pending: [], employees: 0 });
  });

  it('adds, lists and re-roles employees, auditing each write as the operator', async () => {
    const added = await runCli(
      ['employee', 'add', '--name', 'Anna Petrova', '--role', 'manager', '--slack', 'U0123ABCD'],
      {
        cwd: dir,
        env,
      },
    );
    expect(added).toMatchObject({ code: 0, stderr: '' });
    await runCli(['employee', 'add', '--name', 'Boris', '--telegram', '123456789'], { cwd: dir, env });

    const taken = await runCli(['employee', 'add', '--name', 'Impostor', '--slack', 'U0123ABCD'], {
      cwd: dir,
      env,
    });
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/Slack user U0123ABCD is already linked/);
    const badRole = await runCli(['employee', 'add', '--name', 'X', '--role', 'overlord'], { cwd: dir, env });
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role must be one of admin, manager, agent, viewer');

    const changed = await runCli(['employee', 'set-role', '123456789', 'admin'], { cwd: dir, env });
    expect(changed.stdout).toMatch(/admin\s+Boris/);
    const missing = await runCli(['employee', 'set-role', 'U999NOBODY', 'admin'], { cwd: dir, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no employee with id, Slack id or Telegram id "U999NOBODY"');

    const list = JSON.parse((await runCli(['employee', 'list', '--json'], { cwd: dir, env })).stdout);
    expect(list.map((e: { name: string; role: string }) => [e.name, e.role])).toEqual([
      ['Anna Petrova', 'manager'],
      ['Boris', 'admin'],
    ]);

    const db = await openDb(
      env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: path.join(dir, '.data/store') },
    );
    try {
      const audit = await db.query<{ action: string; actor_kind: string; actor_id: string | null }>(
        'SELECT action, actor_kind, actor_id FROM audit_log ORDER BY id',
      );
      expect(audit.map((row) => row.action)).toEqual([
        'employee.added',
        'employee.added',
        'employee.role_changed',
      ]);
      expect(audit.every((row) => row.actor_kind === 'cli' && row.actor_id)).toBe(true);
    } finally {
      await db.close();
    }
  });
});

describe('status when the store cannot be reached', () => {
  it('says so in one line and exits 1, without the password', async () => {
    const dir = scratchDir();
    writeConfig(dir);
    const result = await runCli(['status'], {
      cwd: dir,
      env: { ODOO_PASSWORD: 'x', DATABASE_URL: 'postgres://crm:db-password@127.0.0.1:1/crm' },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/not reachable: .*127\.0\.0\.1:1/);
    expect(result.stdout + result.stderr).not.toContain('db-password');
  });
});
