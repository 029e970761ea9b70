import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createApi } from '@crm-bridge/api';
import { createLogger, loadConfig } from '@crm-bridge/core';
import { openDb } from '@crm-bridge/store';
import { createTestDatabase } from '@test/support/postgres';
import { runCli, scratchDir } from '../cli-harness.test-support';

describe('crm-bridge apikey (PostgreSQL)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let drop = async () => {};
  const cli = (args: string[]) => runCli(args, { cwd: dir, env });

  beforeAll(async () => {
    dir = scratchDir();
    writeFileSync(
      path.join(dir, 'crm-bridge.yaml'),
      'version: 1\ncurrency:\n  base: EUR\nphone:\n  defaultRegion: DE\nsources: []\nlogging:\n  level: silent\n',
    );
    const database = await createTestDatabase();
    env = { DATABASE_URL: database.url };
    drop = database.drop;
    expect((await cli(['migrate'])).code).toBe(0);
  });
  afterAll(() => drop());

  it('creates a key, prints it once, lists it without the secret, and revokes it', async () => {
    const created = await cli([
      'apikey',
      'create',
      '--name',
      'n8n production',
      '--scopes',
      'read,write',
      '--expires',
      '90d',
    ]);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const key = /^\s+(crmb_[0-9a-f]{12}_\S{43})$/m.exec(created.stdout)?.[1];
    expect(key).toBeDefined();
    expect(created.stdout).toMatch(
      /created API key crmb_[0-9a-f]{12} "n8n production" \(read, write\), expires \d{4}-/,
    );
    expect(created.stdout).toContain('shown only this once');
    const prefix = key!.slice(0, 17);

    const list = await cli(['apikey', 'list']);
    expect(list.stdout).toMatch(new RegExp(`${prefix}\\s+n8n production\\s+read,write\\s+-\\s+active`));
    const json = await cli(['apikey', 'list', '--json']);
    expect(json.stdout).not.toContain(key!.slice(18));
    expect(json.stdout).not.toContain('hash');

    // The key works against the API until it is revoked.
    const config = loadConfig(path.join(dir, 'crm-bridge.yaml'), env);
    const db = await openDb({ url: env.DATABASE_URL! });
    const app = createApi({
      db,
      config,
      log: createLogger({ level: 'silent' }),
      authCacheTtlMs: 0,
      processMetrics: false,
    });
    try {
      const headers = { authorization: `Bearer ${key}` };
      expect((await app.inject({ url: '/v1/sync/runs', headers })).statusCode).toBe(200);
      const revoked = await cli(['apikey', 'revoke', prefix]);
      expect(revoked.stdout).toBe(`revoked API key ${prefix} "n8n production"\n`);
      expect((await app.inject({ url: '/v1/sync/runs', headers })).statusCode).toBe(401);
      const audit = await db.query<{ action: string; actor_kind: string }>(
        `SELECT action, actor_kind FROM audit_log WHERE target_kind = 'api_key' ORDER BY id`,
      );
      expect(audit).toEqual([
        { action: 'api_key.created', actor_kind: 'cli' },
        { action: 'api_key.revoked', actor_kind: 'cli' },
      ]);
    } finally {
      await app.close();
      await db.close();
    }

    expect((await cli(['apikey', 'list'])).stdout).toBe('no API keys yet (crm-bridge apikey create)\n');
    expect((await cli(['apikey', 'list', '--all'])).stdout).toMatch(/revoked/);
    const twice = await cli(['apikey', 'revoke', prefix]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('was revoked already');
  });

  it('refuses unknown scopes, a past expiry and an unknown employee', async () => {
    const scopes = await cli(['apikey', 'create', '--name', 'x', '--scopes', 'read,root']);
    expect(scopes.code).toBe(2);
    expect(scopes.stderr).toContain('expected a comma-separated list of read, write, sync, admin');
    const past = await cli([
      'apikey',
      'create',
      '--name',
      'x',
      '--scopes',
      'read',
      '--expires',
      '2001-01-01',
    ]);
    expect(past.code).toBe(2);
    const employee = await cli([
      'apikey',
      'create',
      '--name',
      'x',
      '--scopes',
      'read',
      '--employee',
      '00000000-0000-4000-8000-000000000000',
    ]);
    expect(employee.code).toBe(1);
    expect(employee.stderr).toContain('No employee with id 00000000-0000-4000-8000-000000000000');
  });
});
