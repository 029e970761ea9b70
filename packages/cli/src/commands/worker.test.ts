import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase } from '@test/support/postgres';
import { Redis } from 'ioredis';
import { runCli, scratchDir } from '../cli-harness.test-support';
import type { Io } from '../io';
import { main } from '../main';

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/** A command running in-process until a signal: resolves `started` at the first line matching `ready`. */
function startCommand(args: string[], cwd: string, env: NodeJS.ProcessEnv, ready: RegExp) {
  let out = '';
  let err = '';
  let onReady: (line: string) => void = () => {};
  const started = new Promise<string>((resolve) => {
    onReady = resolve;
  });
  const io: Io = {
    out: (text) => {
      out += `${text}\n`;
      if (ready.test(text)) onReady(text);
    },
    err: (text) => {
      err += `${text}\n`;
    },
    env,
    cwd,
  };
  const exited = main(args, io);
  return {
    started: Promise.race([
      started,
      exited.then((code) => Promise.reject(new Error(`exited ${code}: ${err}`))),
    ]),
    exited,
    output: () => ({ out, err }),
  };
}

describe('crm-bridge worker and serve with Redis (PostgreSQL)', () => {
  let dir: string;
  let config: string;
  let env: NodeJS.ProcessEnv;
  let drop = async () => {};
  const prefix = `test-${randomUUID()}`;

  beforeAll(async () => {
    dir = scratchDir();
    config = path.join(dir, 'crm-bridge.yaml');
    writeFileSync(
      config,
      `version: 1\ncurrency: { base: EUR }\nphone: { defaultRegion: DE }\nlogging: { level: error }\n` +
        `redis:\n  url: \${REDIS_URL:-}\n  prefix: ${prefix}\n`,
    );
    const database = await createTestDatabase();
    drop = database.drop;
    env = { DATABASE_URL: database.url, REDIS_URL };
    expect((await runCli(['--config', config, 'migrate'], { cwd: dir, env })).code).toBe(0);
  });
  afterAll(async () => {
    await drop();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('runs the worker until SIGTERM; worker status shows every queue', async () => {
    const worker = startCommand(['--config', config, 'worker'], dir, env, /worker running/);
    await worker.started;
    const status = await runCli(['--config', config, 'worker', 'status', '--json'], { cwd: dir, env });
    expect(status.code).toBe(0);
    const health = JSON.parse(status.stdout) as { queue: string; delayed: number; waiting: number }[];
    expect(health.map((h) => h.queue)).toEqual(['sync', 'reminders', 'sla', 'dormant', 'webhooks', 'chat']);
    // Each sweep's scheduler keeps one job waiting or delayed.
    expect(
      health.find((h) => h.queue === 'sla')!.delayed + health.find((h) => h.queue === 'sla')!.waiting,
    ).toBe(1);
    const table = await runCli(['--config', config, 'worker', 'status'], { cwd: dir, env });
    expect(table.stdout).toMatch(/^queue\s+waiting\s+active\s+delayed\s+failed\s+lateness$/m);
    process.emit('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(worker.output().out).toMatch(/stopped\n$/);
  });

  it('serve leaves the duties to the worker and shows queue health in /metrics', async () => {
    const serve = startCommand(['--config', config, 'serve', '--port', '0'], dir, env, /listening on/);
    const url = /listening on (http:\/\/\S+)/.exec(await serve.started)![1]!;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(serve.output().out).toMatch(/background duties: run crm-bridge worker/);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/crm_bridge_queue_delayed_jobs\{queue="reminders"\} \d+/);
    expect(metrics).toMatch(/crm_bridge_queue_lateness_seconds\{queue="sla"\} [\d.]+/);
    process.emit('SIGTERM');
    expect(await serve.exited).toBe(0);
  });

  it('refuses to run the worker without Redis, with a clear error and status 2', async () => {
    const result = await runCli(['--config', config, 'worker'], { cwd: dir, env: { ...env, REDIS_URL: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/the worker needs Redis: set redis.url in the config or REDIS_URL/);
  });
});
