import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeDemoConfig } from '@crm-bridge/cli';
import { erpNextConnector, startErpNextSandbox } from '@crm-bridge/connector-erpnext';
import { createLogger, loadConfig } from '@crm-bridge/core';
import { type Db, migrate, openDb } from '@crm-bridge/store';
import { type Connector, syncSource } from '@crm-bridge/sync';
import { insertedVersusStored, type SandboxHandle, storeSnapshot } from '@crm-bridge/sync/testing';
import { createTestDatabase } from '@test/support/postgres';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'packages/cli/bin/crm-bridge.js');

/** Runs the built CLI in a child process, optionally killing it with SIGKILL after `killAfterMs`. */
function runChild(
  args: string[],
  env: NodeJS.ProcessEnv,
  killAfterMs?: number,
): Promise<{ code: number | null; signal: string | null; output: string }> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, ...env, CI: '1' },
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

describe('a sync killed with SIGKILL at a random moment', () => {
  let sandbox: SandboxHandle;
  const drops: (() => Promise<void>)[] = [];
  const dbs: Db[] = [];

  beforeAll(() => {
    // The child runs the built CLI: build it (incremental, quick when nothing changed).
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b'], {
      cwd: root,
      stdio: 'inherit',
    });
  }, 300_000);
  afterAll(async () => {
    await sandbox?.close();
    await Promise.all(dbs.map((db) => db.close()));
    for (const drop of drops) await drop();
  });

  async function database(): Promise<{ url: string; db: Db }> {
    const created = await createTestDatabase();
    drops.push(created.drop);
    const db = await openDb({ url: created.url });
    dbs.push(db);
    await migrate(db);
    return { url: created.url, db };
  }

  it('ends, when run again, with exactly the rows of an uninterrupted sync', async () => {
    sandbox = await startErpNextSandbox({ seed: 11, size: 1500, faults: { malformedRate: 0.02 } });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'crm-kill-'));
    const file = writeDemoConfig(dir, [sandbox]);
    const config = loadConfig(file, {});
    const source = config.sources[0]!;

    const clean = await database();
    const started = Date.now();
    const uninterrupted = await syncSource({
      db: clean.db,
      connector: erpNextConnector as Connector,
      source,
      log: createLogger({ level: 'silent' }),
    });
    expect(uninterrupted.streams.every((s) => s.status === 'succeeded')).toBe(true);
    const expected = await storeSnapshot(clean.db, source.id);
    expect(expected.length).toBeGreaterThan(1000);

    const killed = await database();
    const env = { DATABASE_URL: killed.url };
    // Strike anywhere in the sync: after the child's start-up (~0.5 s), within the time a whole sync takes.
    const syncMs = Date.now() - started;
    const delays = [0, 1, 2].map(() => 500 + Math.floor(Math.random() * syncMs));
    for (const delay of delays) {
      const run = await runChild(['--config', file, 'sync'], env, delay);
      // Either it died where we struck, or it finished first; both must leave a consistent store.
      expect([run.signal, run.code]).not.toEqual([null, 2]);
    }
    const final = await runChild(['--config', file, 'sync'], env);
    expect({ code: final.code, delays }).toEqual({ code: 0, delays });
    const counted = await insertedVersusStored(killed.db, source.id);
    expect(counted.inserted).toBe(counted.stored);
    expect(await storeSnapshot(killed.db, source.id)).toEqual(expected);
  }, 240_000);
});
