import { startOdooSandbox } from '@crm-bridge/connector-odoo';
import type { SandboxHandle } from '@crm-bridge/sync/testing';
import { createTestDatabase } from '@test/support/postgres';
import { runCli, scratchDir, startServe, until } from '../cli-harness.test-support';
import { writeDemoConfig } from '../sync/demo-config';

interface Run {
  id: number;
  status: string;
  counts: { read: number; inserted: number; quarantined: number };
  streams: { stream: string; status: string }[];
}

describe('crm-bridge serve against an Odoo sandbox (PostgreSQL)', () => {
  let sandbox: SandboxHandle;
  let dir: string;
  let config: string;
  let env: NodeJS.ProcessEnv;
  let drop = async () => {};
  let key: string;

  beforeAll(async () => {
    sandbox = await startOdooSandbox({ seed: 5, size: 40, faults: { malformedRate: 0.05 } });
    dir = scratchDir();
    config = writeDemoConfig(dir, [sandbox]);
    const database = await createTestDatabase();
    env = { DATABASE_URL: database.url };
    drop = database.drop;
    expect((await runCli(['--config', config, 'migrate'], { cwd: dir, env })).code).toBe(0);
    const created = await runCli(
      ['--config', config, 'apikey', 'create', '--name', 'it', '--scopes', 'sync', '--json'],
      {
        cwd: dir,
        env,
      },
    );
    key = JSON.parse(created.stdout).key;
  });
  afterAll(async () => {
    await sandbox.close();
    await drop();
  });

  it('serves the API, runs a sync started over HTTP to its end, and stops on SIGTERM', async () => {
    const serve = startServe(['--config', config, 'serve', '--port', '0'], dir, env);
    const url = await serve.url;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    const started = await fetch(`${url}/v1/sync/runs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ source: 'odoo' }),
    });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as Run;
    const run = await until(async () => {
      const body = (await (await fetch(`${url}/v1/sync/runs/${id}`, { headers })).json()) as Run;
      return body.status !== 'running' && body;
    });
    expect(run.status).toBe('succeeded');
    const expected = sandbox.expected();
    expect(run.counts.read).toBe(expected.customers + expected.contacts + expected.orders);
    expect(run.counts.quarantined).toBeGreaterThan(0);
    expect(run.streams.map((s) => s.stream).sort()).toEqual(['contacts', 'customers', 'orders']);

    const search = await fetch(`${url}/v1/customers?q=a&limit=3`, { headers });
    expect(((await search.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);

    process.emit('SIGTERM');
    expect(await serve.exited).toBe(0);
    expect(serve.output().out).toMatch(/stopped\n$/);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('on SIGINT stops a sync run in flight after its current page and records it cancelled', async () => {
    sandbox.setFaults({ slowRate: 1, slowMs: 200 });
    const serve = startServe(['--config', config, 'serve', '--port', '0'], dir, env);
    const url = await serve.url;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const started = await fetch(`${url}/v1/sync/runs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ source: 'odoo', mode: 'full' }),
    });
    const { id } = (await started.json()) as Run;
    // Stop once the first stream is being read.
    await until(async () => {
      const body = (await (await fetch(`${url}/v1/sync/runs/${id}`, { headers })).json()) as Run;
      return body.streams.length > 0;
    });
    process.emit('SIGINT');
    expect(await serve.exited).toBe(0);
    sandbox.setFaults({});

    const runs = await runCli(['--config', config, 'runs', '--json'], { cwd: dir, env });
    const recorded = JSON.parse(runs.stdout) as { id: number; status: string; stream: string | null }[];
    expect(recorded.find((candidate) => candidate.id === id)).toMatchObject({
      stream: null,
      status: 'cancelled',
    });
    // The stream being read stopped after its page, as cancelled: nothing is left running.
    expect(recorded.filter((candidate) => candidate.id > id).map((run) => run.status)).toEqual(['cancelled']);
  });

  it('refuses a port that is taken, with exit status 1', async () => {
    const first = startServe(['--config', config, 'serve', '--port', '0'], dir, env);
    const port = new URL(await first.url).port;
    const second = await runCli(['--config', config, 'serve', '--port', port], { cwd: dir, env });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/EADDRINUSE/);
    process.emit('SIGTERM');
    expect(await first.exited).toBe(0);
  });
});
