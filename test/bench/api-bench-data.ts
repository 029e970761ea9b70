/** The API bench's data: N generated profiles COPYed into staging and fanned out set-based into the tables. */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { copyText, type Db } from '@crm-bridge/store';

const CHUNK = 50_000;
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------- generation

export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;
export const pick = <T>(rand: Rand, list: ArrayLike<T>): T => list[Math.floor(rand() * list.length)]!;
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
export async function loadProfiles(db: Db, size: number, log: (line: string) => void): Promise<void> {
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
  // Each chunk is generated while the one before is being copied.
  let copying: Promise<unknown> = Promise.resolve();
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
    await copying;
    copying = db.copyFrom('bench_profiles', STAGING_COLUMNS, rows);
    copying.catch(() => {}); // awaited with the next chunk; this only keeps it from counting as unhandled
  }
  await copying;
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
