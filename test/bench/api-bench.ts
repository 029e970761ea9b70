/**
 * npm run bench:api -- [--size 1000000] [--duration 20] [--connections 10] [--warmup 3] [--pool 10]
 *                      [--log-level info] [--keep] [--database-url postgres://…]
 *
 * The HTTP API under load (issue 5): N generated profiles on a fresh PostgreSQL database (persons and
 * organisations with repeating Russian and Latin names, 1–3 source records each, e-mail / phone / INN
 * keys, orders, metrics), the name index rebuilt and the tables analysed; then the API runs in a forked
 * child process (so it does not share an event loop with the load generator) and autocannon drives, over
 * loopback, customer search by name, search by phone and the 360 card, each against the target
 * ≥ 1,000 requests/s with p99 ≤ 50 ms. `--keep` keeps the database; `--database-url` reuses one so kept.
 * Build first (the npm script does): tsc -b && tsc -p test/bench.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApiKey, startServer } from '@crm-bridge/api';
import { createLogger, parseConfig } from '@crm-bridge/core';
import { rebuildNameIndex } from '@crm-bridge/profiles';
import { type Db, migrate, openDb } from '@crm-bridge/store';
import { createTestDatabase } from '../support/postgres';
import { loadProfiles, mulberry32, pick, type Rand } from './api-bench-data';
import { arg } from './bench-support';

/** The part of autocannon 9 this bench uses (the package ships no types). */
interface LoadRequest {
  method?: string;
  path?: string;
  setupRequest?: (request: LoadRequest) => LoadRequest;
}
interface LoadHistogram {
  average: number;
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
  total: number;
}
interface LoadResult {
  requests: LoadHistogram;
  latency: LoadHistogram;
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
  requests: LoadRequest[];
}) => Promise<LoadResult>;
const autocannon = require('autocannon') as Autocannon;

const TARGET = { requestsPerSecond: 1000, p99Ms: 50 };
const _CHUNK = 50_000;

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const loadAverage = () =>
  `load average ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ')} (1 / 5 / 15 min) on ${os.cpus().length} cores`;

// ---------------------------------------------------------------------------------------------- queries

const LEGAL_FORMS = new Set(['ооо', 'ао', 'llc', 'gmbh', 'ltd', 'inc']);

/** A one-letter edit (drop, insert, replace or swap) inside the word. */
function typo(rand: Rand, word: string): string {
  const letters = [...word.toLowerCase()];
  const at = 1 + Math.floor(rand() * (letters.length - 2));
  const alphabet = /[а-я]/.test(letters.join('')) ? 'абвгдежзиклмнопрстуфхя' : 'abcdefghiklmnoprstuvz';
  const edit = Math.floor(rand() * 4);
  if (edit === 0) letters.splice(at, 1);
  else if (edit === 1) letters.splice(at, 0, pick(rand, alphabet));
  else if (edit === 2) letters[at] = pick(rand, alphabet.replace(letters[at]!, ''));
  else [letters[at], letters[at + 1]] = [letters[at + 1]!, letters[at]!];
  return letters.join('');
}

interface QuerySets {
  /** [query, the profile it was made from] */
  names: [string, string][];
  phones: [string, string][];
  cardIds: string[];
}

/** 200 names (half as shown, half with a typo), 200 phones as people type them, and many card ids. */
async function querySets(db: Db, cards: number): Promise<QuerySets> {
  const rand = mulberry32(7);
  const rows = await db.query<{ id: string; display_name: string; primary_phone: string | null }>(
    `SELECT id, display_name, primary_phone FROM profiles WHERE status = 'active' ORDER BY random() LIMIT $1`,
    [Math.max(cards, 1000)],
  );
  const names: [string, string][] = [];
  for (const row of rows) {
    if (names.length === 200) break;
    const words = row.display_name
      .split(/[^\p{L}\d]+/u)
      .filter((w) => w && !LEGAL_FORMS.has(w.toLowerCase()));
    const longest = words.reduce((a, b) => (b.length > a.length ? b : a), '');
    if (names.length % 2 === 0)
      names.push([rand() < 0.5 ? words.join(' ') : words.join(' ').toLowerCase(), row.id]);
    else if (longest.length >= 5)
      names.push([words.map((w) => (w === longest ? typo(rand, w) : w)).join(' '), row.id]);
  }
  const phones = rows
    .filter((row) => row.primary_phone)
    .slice(0, 200)
    .map((row, i): [string, string] => {
      const d = row.primary_phone!.slice(2);
      const shown = [
        `8 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
        `+7 ${d}`,
        `8${d}`,
      ];
      return [shown[i % 3]!, row.id];
    });
  return { names, phones, cardIds: rows.slice(0, cards).map((row) => row.id) };
}

// ----------------------------------------------------------------------------------------------- server

/** What the server child reports when asked. */
interface ServerStats {
  rss: number;
  maxRss: number;
  cpuMicros: number;
}

/** The child: the API as `crm-bridge serve` runs it, but with the rate limit out of the way. */
async function serve(): Promise<void> {
  const url = process.env.API_BENCH_DATABASE_URL!;
  const yaml = [
    'version: 1',
    'currency: { base: RUB }',
    'phone: { defaultRegion: RU }',
    `store: { url: ${JSON.stringify(url)}, pool: { max: ${process.env.API_BENCH_POOL} } }`,
    `logging: { level: ${process.env.API_BENCH_LOG_LEVEL} }`,
  ].join('\n');
  const config = parseConfig(yaml, { fileName: 'api-bench.yaml', env: {} });
  const db = await openDb({ url, poolMax: config.store.pool.max });
  const server = await startServer({
    db,
    config,
    log: createLogger({ level: config.logging.level }),
    // The limit is per key and the bench has one key: 429s would measure the limiter, not the API.
    rateLimit: { max: 1_000_000_000, windowMs: 60_000 },
    host: '127.0.0.1',
    port: 0,
  });
  process.on('message', async (message) => {
    if (message === 'stats') {
      const cpu = process.cpuUsage();
      const stats: ServerStats = {
        rss: process.memoryUsage().rss,
        maxRss: process.resourceUsage().maxRSS * 1024,
        cpuMicros: cpu.user + cpu.system,
      };
      process.send!({ stats });
    } else if (message === 'stop') {
      await server.close();
      await db.close();
      process.disconnect();
    }
  });
  // A parent that died without saying stop leaves no server behind.
  process.once('disconnect', () => process.exit(0));
  process.send!({ url: server.url });
}

/** The next message from the child that carries `key`. */
function nextMessage<T>(child: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the API child exited with ${code}`));
    const onMessage = (message: Record<string, T>) => {
      if (!(key in message)) return;
      child.off('message', onMessage).off('exit', onExit);
      resolve(message[key]!);
    };
    child.on('message', onMessage).once('exit', onExit);
  });
}

async function stats(child: ChildProcess): Promise<ServerStats> {
  const reply = nextMessage<ServerStats>(child, 'stats');
  child.send('stats');
  return reply;
}

// ------------------------------------------------------------------------------------------------- load

interface RouteLoad {
  name: string;
  paths: string[];
  /** A route without the database, to show what this machine allows right now; judged by no target. */
  floor?: boolean;
}

/** Where the API listens, its key, and how to load it. */
interface ApiUnderLoad {
  url: string;
  key: string;
  duration: number;
  warmup: number;
  connections: number;
}

/** autocannon with each request's path taken in turn from `paths`. */
function drive(url: string, key: string, paths: string[], seconds: number, connections: number) {
  let next = 0;
  return autocannon({
    url,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${key}` },
    requests: [
      { method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }) },
    ],
  });
}

/**
 * Asks every query once, one at a time: the share that answered 200 and found the profile it was made
 * from, and the latency without concurrency (the floor the loaded figures are read against).
 */
async function checkAnswers(url: string, key: string, queries: [string, string][]): Promise<string> {
  let ok = 0;
  let found = 0;
  const times: number[] = [];
  for (const [q, id] of queries) {
    const started = performance.now();
    const response = await fetch(`${url}/v1/customers?q=${encodeURIComponent(q)}&limit=20`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const body = (await response.json()) as { items?: { profileId: string }[] };
    times.push(performance.now() - started);
    if (response.status === 200) ok++;
    if (body.items?.some((hit) => hit.profileId === id)) found++;
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!.toFixed(1);
  const share = (n: number) => `${((100 * n) / queries.length).toFixed(0)} %`;
  return (
    `${share(ok)} answered 200, the source profile in the top 20 for ${share(found)}; ` +
    `one at a time p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`
  );
}

/** Runs one route under load after its warm-up; the line that reports it, with the verdict. */
async function measure(child: ChildProcess, api: ApiUnderLoad, route: RouteLoad): Promise<string[]> {
  const { url, key, duration, warmup, connections } = api;
  if (warmup > 0) await drive(url, key, route.paths, warmup, connections);
  const before = await stats(child);
  const result = await drive(url, key, route.paths, duration, connections);
  const after = await stats(child);
  const rate = result.requests.total / result.duration;
  const met = rate >= TARGET.requestsPerSecond && result.latency.p99 <= TARGET.p99Ms;
  const verdict = route.floor ? 'floor, no target' : met ? 'MET' : 'NOT MET';
  const cpu = (after.cpuMicros - before.cpuMicros) / 1e4 / result.duration;
  const codes = Object.entries(result.statusCodeStats).map(([code, { count }]) => `${code}×${fmt(count)}`);
  const { p50, p97_5, p99, max } = result.latency;
  return [
    `${route.name.padEnd(30)} ${fmt(rate).padStart(6)} req/s  p50 ${p50} ms  p97.5 ${p97_5} ms  p99 ${p99} ms  ` +
      `max ${max} ms  non-2xx ${result.non2xx}  errors ${result.errors}  ` +
      `(target ≥ ${fmt(TARGET.requestsPerSecond)} req/s and p99 ≤ ${TARGET.p99Ms} ms) ${verdict}`,
    `  ${fmt(result.requests.total)} requests (${codes.join(' ')}); server RSS ${mib(after.rss)}, ` +
      `server CPU ${cpu.toFixed(0)} % of one core`,
  ];
}

/** A fresh database: migrated, loaded, the name index rebuilt, vacuumed and analysed. */
async function prepare(db: Db, size: number, log: (line: string) => void): Promise<void> {
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

/** Forks this file as the API server; its log (stderr) goes to `logFile`. */
async function forkServer(env: Record<string, string>, logFile: string) {
  const logFd = openSync(logFile, 'w');
  const child = fork(__filename, ['--serve'], {
    stdio: ['ignore', 'ignore', logFd, 'ipc'],
    env: { ...process.env, ...env },
  });
  closeSync(logFd);
  return { child, url: await nextMessage<string>(child, 'url') };
}

async function main(): Promise<void> {
  const size = Number(arg('size', '1000000'));
  const pool = arg('pool', '10');
  const logLevel = arg('log-level', 'info');
  const reuse = arg('database-url', '');
  const log = (line: string) => console.log(line);
  log(`API benchmark: ${fmt(size)} profiles on PostgreSQL; node ${process.version}; ${loadAverage()}`);

  const database = reuse ? null : await createTestDatabase();
  const dbUrl = reuse || database!.url;
  const db = await openDb({ url: dbUrl });
  let dbOpen = true;
  const closeDb = async () => {
    if (dbOpen) await db.close();
    dbOpen = false;
  };
  let child: ChildProcess | undefined;
  const serverLog = path.join(os.tmpdir(), `api-bench-${process.pid}.log`);
  try {
    if (!reuse) await prepare(db, size, log);
    const actor = { kind: 'cli', id: 'api-bench', channel: 'cli' } as const;
    const { key } = await createApiKey(db, { name: 'api bench', scopes: ['read'] }, actor);
    const queries = await querySets(db, 20_000);
    await closeDb();

    const env = { API_BENCH_DATABASE_URL: dbUrl, API_BENCH_POOL: pool, API_BENCH_LOG_LEVEL: logLevel };
    const server = await forkServer(env, serverLog);
    child = server.child;
    log(
      `API in a forked child (pid ${child.pid}) at ${server.url}: pg pool ${pool}, log level ${logLevel} to a ` +
        `file, rate limit raised; RSS ${mib((await stats(child)).rss)} idle`,
    );
    log(`check, names:  ${await checkAnswers(server.url, key, queries.names)}`);
    log(`check, phones: ${await checkAnswers(server.url, key, queries.phones)}`);

    const search = (q: string) => `/v1/customers?q=${encodeURIComponent(q)}&limit=20`;
    const routes: RouteLoad[] = [
      { name: 'floor: GET /healthz, no DB', paths: ['/healthz'], floor: true },
      {
        name: `search by name (${queries.names.length} names)`,
        paths: queries.names.map(([q]) => search(q)),
      },
      {
        name: `search by phone (${queries.phones.length} phones)`,
        paths: queries.phones.map(([q]) => search(q)),
      },
      {
        name: `360 card (${fmt(queries.cardIds.length)} ids)`,
        paths: queries.cardIds.map((id) => `/v1/customers/${id}`),
      },
    ];
    const api: ApiUnderLoad = {
      url: server.url,
      key,
      duration: Number(arg('duration', '20')),
      warmup: Number(arg('warmup', '3')),
      connections: Number(arg('connections', '10')),
    };
    log(
      `autocannon in this process: ${api.connections} connections, ${api.duration} s per route after ` +
        `${api.warmup} s of warm-up; ${loadAverage()}`,
    );
    const summary: string[] = [];
    for (const route of routes) {
      const lines = await measure(child, api, route);
      for (const line of lines) log(line);
      summary.push(lines[0]!);
    }
    const end = await stats(child);
    log('\nsummary');
    for (const line of summary) log(`  ${line}`);
    log(`server RSS ${mib(end.rss)} at the end, peak ${mib(end.maxRss)}; ${loadAverage()}`);
    const lines = readFileSync(serverLog, 'utf8').split('\n');
    const failures = lines.filter((l) => /"level":(50|60)/.test(l));
    log(`server log: ${fmt(lines.length - 1)} lines, ${failures.length} errors ${failures[0] ?? ''}`);
  } finally {
    if (child?.connected) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.send('stop');
      await exited;
    }
    rmSync(serverLog, { force: true });
    await closeDb();
    if (database && process.argv.includes('--keep')) log(`kept database ${database.url}`);
    else await database?.drop();
  }
}

if (process.argv.includes('--serve')) {
  serve().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
