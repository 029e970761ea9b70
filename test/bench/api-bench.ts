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
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApiKey, startServer } from '@crm-bridge/api';
import { createLogger, parseConfig } from '@crm-bridge/core';
import { rebuildNameIndex } from '@crm-bridge/profiles';
import { copyText, type Db, migrate, openDb } from '@crm-bridge/store';
import { createTestDatabase } from '../support/postgres';

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
const CHUNK = 50_000;

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const loadAverage = () =>
  `load average ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ')} (1 / 5 / 15 min) on ${os.cpus().length} cores`;

// ---------------------------------------------------------------------------------------- generation

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(rand: Rand, list: ArrayLike<T>): T => list[Math.floor(rand() * list.length)]!;
/** Zipf-like: the words at the head of a list are drawn far more often, so names repeat. */
const skewed = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(list.length * rand() ** 2.5)]!;
const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

// biome-ignore format: word lists read better packed
const CYR_HEAD = ['торг', 'строй', 'сервис', 'групп', 'техно', 'мир', 'дом', 'снаб', 'комплект', 'центр', 'альянс',
  'промышленная', 'компания', 'торговый', 'инвест', 'регион', 'проект', 'авто', 'мед', 'агро', 'ресурс', 'транс'];
// biome-ignore format: word lists read better packed
const LAT_HEAD = ['trade', 'group', 'service', 'tech', 'systems', 'logistics', 'consulting', 'solutions',
  'international', 'holding', 'capital', 'global', 'energy', 'partners', 'industries', 'digital'];
// biome-ignore format: word lists read better packed
const FIRST = ['Александр', 'Сергей', 'Дмитрий', 'Андрей', 'Алексей', 'Максим', 'Иван', 'Михаил', 'Елена',
  'Ольга', 'Наталья', 'Татьяна', 'Ирина', 'Анна', 'Светлана', 'Мария'];
// biome-ignore format: word lists read better packed
const PATRONYMIC = ['Александрович', 'Сергеевич', 'Дмитриевич', 'Иванович', 'Петрович', 'Владимировна',
  'Сергеевна', 'Ивановна', 'Михайловна'];
const LAT_FIRST = ['John', 'Michael', 'David', 'Anna', 'Maria', 'Peter', 'Klaus', 'Sophie'];
// biome-ignore format: the alphabet reads better in one block
const TRANSLIT: Record<string, string> = { а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z',
  и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh',
  ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya' };
const translit = (text: string) =>
  [...text]
    .map((ch) => (ch === ch.toLowerCase() ? (TRANSLIT[ch] ?? ch) : capital(TRANSLIT[ch.toLowerCase()] ?? ch)))
    .join('');

function pseudoWords(
  rand: Rand,
  consonants: string,
  vowels: string,
  count: number,
  head: string[],
): string[] {
  const words = new Set(head);
  while (words.size < count) {
    let word = '';
    for (let s = 2 + Math.floor(rand() * 3); s > 0; s--) word += pick(rand, consonants) + pick(rand, vowels);
    words.add(rand() < 0.4 ? word + pick(rand, consonants) : word);
  }
  return [...words];
}

/** 10 digits with a valid INN checksum, unique per n. */
function innOf(n: number): string {
  const body = `${String(10 + (n % 89)).padStart(2, '0')}${String(n).padStart(7, '0')}`;
  const sum = [2, 4, 10, 3, 5, 9, 4, 6, 8].reduce((total, w, i) => total + w * Number(body[i]), 0);
  return `${body}${(sum % 11) % 10}`;
}

interface Vocabulary {
  cyr: string[];
  lat: string[];
  surnames: string[];
}

/** One profile's names: what it shows, its legal name, and how a second and a third ERP spell it. */
function profileNames(rand: Rand, v: Vocabulary) {
  if (rand() < 0.2) {
    const latin = rand() < 0.15;
    const core = latin
      ? [pick(rand, LAT_FIRST), capital(skewed(rand, v.lat))]
      : [capital(skewed(rand, v.surnames)), pick(rand, FIRST), pick(rand, PATRONYMIC)];
    const name = core.join(' ');
    return { kind: 'person', display: name, legal: null, other: latin ? name : translit(name), core };
  }
  const latin = rand() < 0.3;
  const core = Array.from({ length: rand() < 0.4 ? 1 : rand() < 0.75 ? 2 : 3 }, () =>
    capital(skewed(rand, latin ? v.lat : v.cyr)),
  );
  // One brand repeats ≈ 2,200 times per 1M, as in real registries (perf-facts).
  if (!latin && rand() < 0.0022) core.splice(0, core.length, 'Ромашка');
  const name = core.join(' ');
  if (latin) {
    const form = pick(rand, ['LLC', 'GmbH', 'Ltd', '', 'Inc']);
    return {
      kind: 'organization',
      display: form ? `${name} ${form}` : name,
      legal: null,
      other: `${name} Ltd`,
      core,
    };
  }
  const style = rand();
  const display =
    style < 0.55 ? `ООО «${name}»` : style < 0.65 ? `АО «${name}»` : style < 0.9 ? name : `${name}, ООО`;
  const legal = rand() < 0.5 ? `Общество с ограниченной ответственностью «${name}»` : null;
  return { kind: 'organization', display, legal, other: translit(name), core };
}

/** The staging table every target table is filled from, set-based. */
const STAGING_COLUMNS =
  'n id kind display_name legal_name email phone inn status other_name third_name orders org_n'.split(' ');

/*
 * Fan-out from bench_profiles, each statement one pass: profiles; the 1C record of each, a second ERP's
 * record for some (another spelling) and a third for fewer; their keys; orders; metrics from the orders.
 */
const FILL_SQL: Record<string, string> = {
  profiles: `
    INSERT INTO profiles (id, kind, display_name, legal_name, primary_email, primary_phone, tax_ids, status, source_count)
    SELECT id, kind, display_name, legal_name, email, phone,
      CASE WHEN inn IS NULL THEN '[]' ELSE jsonb_build_array(jsonb_build_object('kind', 'inn', 'value', inn)) END,
      status, 1 + (other_name IS NOT NULL)::int + (third_name IS NOT NULL)::int
    FROM bench_profiles`,
  source_records: `
    INSERT INTO source_records (id, source, stream, external_id, kind, display_name, legal_name, emails, phones,
      tax_ids, organization_external_id, content_hash, profile_id, first_profile_id, joined_by, joined_key,
      source_modified_at)
    OVERRIDING SYSTEM VALUE
    SELECT 3 * b.n - r.k, r.source, 'customers', r.external_id, b.kind, r.name, r.legal_name,
      array_remove(ARRAY[b.email], NULL), CASE WHEN r.first THEN array_remove(ARRAY[b.phone], NULL) ELSE '{}' END,
      CASE WHEN b.inn IS NULL THEN '[]' ELSE jsonb_build_array(jsonb_build_object('kind', 'inn', 'value', b.inn)) END,
      CASE WHEN r.first THEN lpad(b.org_n::text, 9, '0') END, md5(r.external_id), b.id, b.id,
      CASE WHEN r.first THEN NULL WHEN b.inn IS NOT NULL THEN 'inn' WHEN b.email IS NOT NULL THEN 'email' ELSE 'manual' END,
      CASE WHEN r.first THEN NULL ELSE coalesce('inn:' || b.inn, b.email) END,
      now() - (b.n % 1000) * interval '1 day'
    FROM bench_profiles b CROSS JOIN LATERAL (VALUES
      (2, true, 'onec', lpad(b.n::text, 9, '0'), b.display_name, b.legal_name),
      (1, false, 'erpnext', 'CUST-' || b.n, b.other_name, NULL),
      (0, false, 'odoo', b.n::text, b.third_name, NULL)) AS r(k, first, source, external_id, name, legal_name)
    WHERE r.name IS NOT NULL;
    SELECT setval(pg_get_serial_sequence('source_records', 'id'), (SELECT max(id) FROM source_records))`,
  profile_keys: `
    INSERT INTO profile_keys (kind, value, profile_id, source_record_id)
    SELECT k.kind, k.value, b.id, 3 * b.n - r.k
    FROM bench_profiles b
    CROSS JOIN LATERAL (VALUES (2, true), (1, b.other_name IS NOT NULL), (0, b.third_name IS NOT NULL)) AS r(k, present)
    CROSS JOIN LATERAL (VALUES ('email', b.email), ('phone', CASE WHEN r.k = 2 THEN b.phone END),
      ('tax_id', 'inn:' || b.inn)) AS k(kind, value)
    WHERE r.present AND k.value IS NOT NULL`,
  orders: `
    INSERT INTO orders (source, external_id, number, customer_external_id, status, erp_status, ordered_at, currency,
      net_amount, tax_amount, total_amount, content_hash, profile_id)
    SELECT 'onec', b.n || '-' || k, 'SO-' || b.n || '-' || k, lpad(b.n::text, 9, '0'),
      (ARRAY['confirmed', 'fulfilled', 'fulfilled', 'closed', 'cancelled'])[1 + (b.n + k) % 5], 'Проведён',
      now() - random() * interval '1095 days', 'RUB', a.net, round(a.net * 0.2, 4), round(a.net * 1.2, 4), 'h', b.id
    FROM bench_profiles b CROSS JOIN LATERAL generate_series(1, b.orders) AS k
    CROSS JOIN LATERAL (SELECT round((500 + random() * 250000)::numeric, 2) AS net) AS a
    WHERE b.orders > 0`,
  profile_metrics: `
    INSERT INTO profile_metrics (profile_id, revenue, revenue_base, base_currency, order_count, first_order_at,
      last_order_at, average_order_value, typical_gap_days, rfm_r, rfm_f, rfm_m, segment, ltv, dormant, vip)
    SELECT profile_id, jsonb_build_object('RUB', revenue::text), revenue, 'RUB', n, first_at, last_at,
      round(revenue / n, 4), gap, r, f, m,
      CASE WHEN r = 5 AND f >= 4 THEN 'champions' WHEN r >= 3 AND f >= 4 THEN 'loyal' WHEN r >= 4 THEN 'promising'
        WHEN r = 3 THEN 'about to sleep' ELSE 'hibernating' END,
      round(revenue * 1.5, 4), last_at < now() - interval '180 days', r = 5 AND f >= 4
    FROM (
      SELECT profile_id, sum(total_amount) AS revenue, count(*)::int AS n, min(ordered_at) AS first_at,
        max(ordered_at) AS last_at,
        CASE WHEN count(*) >= 3 THEN round((extract(epoch FROM max(ordered_at) - min(ordered_at)) / 86400
          / (count(*) - 1))::numeric, 2) END AS gap,
        ntile(5) OVER (ORDER BY max(ordered_at)) AS r, least(5, count(*))::int AS f,
        ntile(5) OVER (ORDER BY sum(total_amount)) AS m
      FROM orders GROUP BY profile_id) AS o`,
};

const LOADED_TABLES = ['profiles', 'source_records', 'profile_keys', 'orders', 'profile_metrics'];

/*
 * $1 text[] table names. The tables' indexes and unique constraints that no foreign key needs (primary keys
 * stay): how to drop each and how to create it again, read from the catalog so the migrations stay their
 * definition. A sorted build after the load is several times faster than row-by-row inserts.
 */
const SECONDARY_INDEXES_SQL = `
  SELECT format('DROP INDEX %s', i.indexrelid::regclass) AS drop_sql, pg_get_indexdef(i.indexrelid) AS create_sql
  FROM pg_index i
  WHERE i.indrelid = ANY($1::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
  UNION ALL
  SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
    format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
  FROM pg_constraint c
  WHERE c.conrelid = ANY($1::regclass[]) AND c.contype = 'u'
    AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid)`;

/** Generates N profiles into a staging table with COPY and fans them out set-based into the real tables. */
async function loadProfiles(db: Db, size: number, log: (line: string) => void): Promise<void> {
  const rand = mulberry32(42);
  const vocabulary: Vocabulary = {
    cyr: pseudoWords(rand, 'бвгдзклмнпрстфхчшж', 'аеиоуя', 45_000, CYR_HEAD),
    lat: pseudoWords(rand, 'bcdfgklmnprstvz', 'aeiou', 25_000, LAT_HEAD),
    surnames: pseudoWords(rand, 'бвгдзклмнпрстфх', 'аеиоу', 20_000, []).map(
      (w) => w + pick(rand, ['ов', 'ев', 'ин']),
    ),
  };
  const recentOrgs = new Array<number | undefined>(1000);
  let started = performance.now();
  await db.exec(`CREATE UNLOGGED TABLE bench_profiles (n int, id uuid, kind text, display_name text, legal_name text,
    email text, phone text, inn text, status text, other_name text, third_name text, orders int, org_n int)`);
  for (let start = 1; start <= size; start += CHUNK) {
    const rows: string[] = [];
    for (let n = start; n < Math.min(size + 1, start + CHUNK); n++) {
      const p = profileNames(rand, vocabulary);
      const latinCore = /^[A-Za-z]/.test(p.core[0]!);
      const email =
        rand() < 0.7 ? `${latinCore ? p.core[0]!.toLowerCase() : 'client'}${n}@example${n % 97}.ru` : null;
      // 7919 is prime to 10⁹: every n gets its own number.
      const phone = rand() < 0.7 ? `+79${String((n * 7919) % 1_000_000_000).padStart(9, '0')}` : null;
      const inn = p.kind === 'organization' && rand() < 0.8 ? innOf(n) : null;
      const other = rand() < 0.35 ? p.other : null;
      const third = rand() < 0.1 ? p.core.join(' ').toUpperCase() : null;
      const orders = rand() < 0.3 ? 1 + Math.floor(rand() ** 3 * 12) : 0;
      const status = rand() < 0.005 ? 'inactive' : 'active';
      // A contact person of one of the recent organisations, so the card's related profiles have work to do.
      const orgN = p.kind === 'person' && rand() < 0.4 ? (pick(rand, recentOrgs) ?? null) : null;
      if (p.kind === 'organization') recentOrgs[n % recentOrgs.length] = n;
      // biome-ignore format: one row on one line
      rows.push(copyText([n, randomUUID(), p.kind, p.display, p.legal, email, phone, inn, status, other, third, orders, orgN]));
    }
    await db.copyFrom('bench_profiles', STAGING_COLUMNS, rows);
  }
  log(`  generated and copied ${fmt(size)} profiles into staging: ${sec(performance.now() - started)}`);
  const indexes = await db.query<{ drop_sql: string; create_sql: string }>(SECONDARY_INDEXES_SQL, [
    LOADED_TABLES,
  ]);
  await db.exec(indexes.map((index) => `${index.drop_sql};`).join('\n'));
  for (const [table, sql] of Object.entries(FILL_SQL)) {
    started = performance.now();
    // One script, so the SET holds on the connection that runs it: the joins and sorts stay in memory.
    await db.exec(`SET work_mem = '256MB';\n${sql};\nRESET work_mem;`);
    const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    log(`  ${table.padEnd(16)} ${fmt(count!.n).padStart(10)} rows: ${sec(performance.now() - started)}`);
  }
  started = performance.now();
  // One script, so the SET holds on the connection that builds the indexes.
  await db.exec(
    `SET maintenance_work_mem = '512MB';\n${indexes.map((index) => `${index.create_sql};`).join('\n')}\n` +
      'RESET maintenance_work_mem;\nDROP TABLE bench_profiles;',
  );
  log(
    `  ${indexes.length} secondary indexes and unique constraints built after the load: ${sec(performance.now() - started)}`,
  );
}

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
  const yaml = `version: 1\ncurrency:\n  base: RUB\nphone:\n  defaultRegion: RU\nstore:\n  url: ${url}\n  pool:\n    max: ${process.env.API_BENCH_POOL}\nlogging:\n  level: ${process.env.API_BENCH_LOG_LEVEL}\n`;
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
