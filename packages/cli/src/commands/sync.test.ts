import path from 'node:path';
import { startOneCSandbox } from '@crm-bridge/connector-onec';
import { openDb } from '@crm-bridge/store';
import type { SandboxHandle } from '@crm-bridge/sync/testing';
import { runCli, scratchDir } from '../cli-harness.test-support';
import { writeDemoConfig } from '../sync/demo-config';

describe('crm-bridge sync, runs and quarantine against a sandbox ERP', () => {
  let sandbox: SandboxHandle;
  let dir: string;
  let config: string;
  const count = async (sql: string) => {
    const db = await openDb({ dataDir: path.join(dir, 'pglite') });
    try {
      return (await db.query<{ n: number }>(sql))[0]!.n;
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    sandbox = await startOneCSandbox({ seed: 3, size: 60, faults: { malformedRate: 0.05 } });
    dir = scratchDir();
    config = writeDemoConfig(dir, [sandbox]);
    expect((await runCli(['--config', config, 'migrate'], { cwd: dir })).code).toBe(0);
  });
  afterAll(() => sandbox.close());

  it('shows what a dry run would write and writes nothing', async () => {
    const dry = await runCli(['--config', config, 'sync', '--dry-run'], { cwd: dir });
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout).toMatch(/would insert/);
    expect(dry.stdout).toMatch(/onec\s+customers\s+succeeded\s+\d+\s+[1-9]\d*/);
    expect(await count('SELECT count(*)::int AS n FROM source_records')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM sync_runs')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM quarantine')).toBe(0);
  });

  it('syncs with a summary, records its runs and shows the quarantine with reasons and raw payloads', async () => {
    const synced = await runCli(['--config', config, 'sync'], { cwd: dir });
    expect(synced.code).toBe(0);
    const expected = sandbox.expected();
    const stored = await count(`SELECT count(*)::int AS n FROM source_records WHERE stream = 'customers'`);
    expect(stored).toBe(expected.customers - sandbox.malformedIds('customers').length);

    const runs = await runCli(['--config', config, 'runs', '--json'], { cwd: dir });
    const list = JSON.parse(runs.stdout) as {
      stream: string;
      status: string;
      counts: { inserted: number };
    }[];
    expect(list.map((run) => [run.stream, run.status]).sort()).toEqual([
      ['contacts', 'succeeded'],
      ['customers', 'succeeded'],
      ['orders', 'succeeded'],
    ]);

    const quarantined = await runCli(['--config', config, 'quarantine', 'list'], { cwd: dir });
    const firstId = quarantined.stdout.split('\n')[1]?.trim().split(/\s+/)[0];
    expect(firstId).toMatch(/^\d+$/);
    const shown = await runCli(['--config', config, 'quarantine', 'show', firstId!], { cwd: dir });
    expect(shown.stdout).toMatch(/^reason: .+/m);
    expect(shown.stdout).toMatch(/^raw:\n\{/m);

    const unknown = await runCli(['--config', config, 'sync', 'nosuchsource'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown source nosuchsource; configured: onec');
  });

  it('re-reads quarantined streams on retry and reports what is still quarantined', async () => {
    const before = await count('SELECT count(*)::int AS n FROM quarantine');
    const retried = await runCli(['--config', config, 'quarantine', 'retry'], { cwd: dir });
    expect(retried.code).toBe(0);
    // The sandbox serves the same records malformed again: nothing leaves, nothing is added.
    expect(retried.stdout).toContain(`0 of ${before} left quarantine`);
    expect(await count('SELECT count(*)::int AS n FROM quarantine')).toBe(before);
  });
});
