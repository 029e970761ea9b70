/**
 * Customer search at scale: N generated profiles (skewed Russian and Latin organisation names, one brand
 * repeated thousands of times at 1M, persons too) with e-mails, phones, INNs, orders and source records,
 * loaded with COPY; then the name index is rebuilt, the tables analysed, and sequential warmed-up queries
 * of each kind are timed against the target p99 ≤ 20 ms (perf-facts.md, "Search over 1,000,000
 * organisations").
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { rebuildNameIndex, refreshNameIndex, searchProfiles } from '@crm-bridge/profiles';
import { copyText, type Db } from '@crm-bridge/store';

/** Timings of one kind of query. */
export interface SearchBenchKind {
  kind: string;
  queries: number;
  p50Ms: number;
  p99Ms: number;
  /** p99 ≤ 20 ms. */
  met: boolean;
  /** Share of queries whose intended profile (or one of the same name) is in the top 20. */
  hitRate: number;
}

export interface SearchBenchResult {
  driver: string;
  profiles: number;
  loadMs: number;
  rebuildMs: number;
  analyzeMs: number;
  /** The three name index tables with their indexes. */
  indexMiB: number;
  /** refreshNameIndex of 1,000 renamed profiles. */
  refresh1000Ms: number;
  /** A `SELECT 1` round trip: the floor every query pays. */
  floor: { p50Ms: number; p99Ms: number };
  kinds: SearchBenchKind[];
}

const TARGET_P99_MS = 20;
const CHUNK = 25_000;
const REGION = 'RU';

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
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
/** Zipf-like: low indexes (the common words at the head of the list) are drawn far more often. */
const skewed = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(list.length * rand() ** 2.5)]!;
const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

// biome-ignore format: word lists read better packed
const CYR_HEAD = ['торг', 'строй', 'сервис', 'групп', 'техно', 'мир', 'дом', 'снаб', 'комплект', 'центр', 'альянс',
  'промышленная', 'компания', 'торговый', 'инвест', 'регион', 'проект', 'авто', 'мед', 'агро', 'ресурс', 'транс',
  'логистик', 'союз', 'капитал', 'энерго', 'монтаж', 'систем', 'плюс', 'развитие'];
// biome-ignore format: word lists read better packed
const LAT_HEAD = ['trade', 'group', 'service', 'tech', 'systems', 'logistics', 'consulting', 'solutions',
  'international', 'holding', 'capital', 'global', 'energy', 'partners', 'industries', 'digital', 'media',
  'invest', 'retail', 'foods'];
// biome-ignore format: word lists read better packed
const FIRST = ['Александр', 'Сергей', 'Дмитрий', 'Андрей', 'Алексей', 'Максим', 'Евгений', 'Иван', 'Михаил',
  'Николай', 'Елена', 'Ольга', 'Наталья', 'Татьяна', 'Ирина', 'Анна', 'Светлана', 'Мария', 'Юлия', 'Екатерина'];
// biome-ignore format: word lists read better packed
const PATRONYMIC = ['Александрович', 'Сергеевич', 'Дмитриевич', 'Андреевич', 'Иванович', 'Петрович', 'Николаевич',
  'Владимировна', 'Сергеевна', 'Александровна', 'Ивановна', 'Михайловна', 'Петровна', 'Юрьевна'];
// biome-ignore format: word lists read better packed
const LAT_FIRST = ['John', 'Michael', 'David', 'Thomas', 'Anna', 'Maria', 'Laura', 'Peter', 'Klaus', 'Sophie'];
const BRAND = 'Ромашка';

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
    const syllables = 2 + Math.floor(rand() * 3);
    for (let s = 0; s < syllables; s++) word += pick(rand, [...consonants]) + pick(rand, [...vowels]);
    if (rand() < 0.4) word += pick(rand, [...consonants]);
    words.add(word);
  }
  return [...words];
}

// biome-ignore format: the alphabet reads better in one block
const TRANSLIT: Record<string, string> = { а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z',
  и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh',
  ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya' };
const translit = (text: string) =>
  [...text]
    .map((ch) => {
      const lower = ch.toLowerCase();
      const latin = TRANSLIT[lower];
      if (latin === undefined) return ch;
      return ch === lower ? latin : capital(latin);
    })
    .join('');

/** 10 digits with a valid INN checksum, unique per index. */
function innOf(index: number): string {
  const body = `${String(10 + (index % 89)).padStart(2, '0')}${String(index).padStart(7, '0')}`;
  const weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const sum = weights.reduce((total, w, i) => total + w * Number(body[i]), 0);
  return `${body}${(sum % 11) % 10}`;
}

/** A profile as the bench remembers it for its queries. */
interface Sample {
  id: string;
  displayName: string;
  /** The words of the name without the legal form, as a person would type them. */
  core: string[];
  latin: boolean;
  phone: string | null;
  email: string | null;
  inn: string | null;
}

interface Vocabulary {
  cyr: string[];
  lat: string[];
  surnames: string[];
}

interface GeneratedProfile {
  kind: 'organization' | 'person';
  displayName: string;
  legalName: string | null;
  core: string[];
  latin: boolean;
}

function organisation(rand: Rand, vocabulary: Vocabulary): GeneratedProfile {
  const latin = rand() < 0.3;
  const words = latin ? vocabulary.lat : vocabulary.cyr;
  const count = rand() < 0.4 ? 1 : rand() < 0.75 ? 2 : 3;
  const core = Array.from({ length: count }, () => capital(skewed(rand, words)));
  // One brand repeats ≈ 2,200 times per 1M, as in real registries.
  if (!latin && rand() < 0.0022)
    core.splice(0, core.length, BRAND, ...(rand() < 0.3 ? [capital(pick(rand, CYR_HEAD))] : []));
  const name = core.join(' ');
  if (latin) {
    const form = pick(rand, ['LLC', 'GmbH', 'Ltd', '', 'Inc']);
    return {
      kind: 'organization',
      displayName: form ? `${name} ${form}` : name,
      legalName: null,
      core,
      latin,
    };
  }
  const style = rand();
  const displayName =
    style < 0.55 ? `ООО «${name}»` : style < 0.63 ? `АО «${name}»` : style < 0.88 ? name : `${name}, ООО`;
  const legalName = rand() < 0.5 ? `Общество с ограниченной ответственностью «${name}»` : null;
  return { kind: 'organization', displayName, legalName, core, latin };
}

function person(rand: Rand, vocabulary: Vocabulary): GeneratedProfile {
  if (rand() < 0.15) {
    const core = [pick(rand, LAT_FIRST), capital(skewed(rand, vocabulary.lat))];
    return { kind: 'person', displayName: core.join(' '), legalName: null, core, latin: true };
  }
  const core = [capital(skewed(rand, vocabulary.surnames)), pick(rand, FIRST), pick(rand, PATRONYMIC)];
  return { kind: 'person', displayName: core.join(' '), legalName: null, core, latin: false };
}

/** Generates and COPYs the profiles in chunks; returns the samples the queries are drawn from. */
async function load(db: Db, profiles: number, sampleTarget: number): Promise<Sample[]> {
  const rand = mulberry32(42);
  const cyr = pseudoWords(rand, 'бвгдзклмнпрстфхчшж', 'аеиоуя', 45_000, CYR_HEAD);
  const lat = pseudoWords(rand, 'bcdfgklmnprstvz', 'aeiou', 25_000, LAT_HEAD);
  const surnames = pseudoWords(rand, 'бвгдзклмнпрстфх', 'аеиоу', 20_000, []).map(
    (w) => `${w}${pick(rand, ['ов', 'ев', 'ин'])}`,
  );
  const vocabulary: Vocabulary = { cyr, lat, surnames };
  const samples: Sample[] = [];
  const sampleShare = Math.min(1, sampleTarget / profiles);
  await db.exec('CREATE TEMP TABLE bench_keys (kind text, value text, profile_id uuid, external_id text)');
  for (let start = 0; start < profiles; start += CHUNK) {
    const rows = {
      profiles: [] as string[],
      records: [] as string[],
      keys: [] as string[],
      orders: [] as string[],
    };
    for (let i = start; i < Math.min(profiles, start + CHUNK); i++) {
      const id = randomUUID();
      const p = rand() < 0.8 ? organisation(rand, vocabulary) : person(rand, vocabulary);
      const merged = rand() < 0.005;
      const email =
        rand() < 0.7 ? `${p.latin ? p.core[0]!.toLowerCase() : 'client'}${i}@example${i % 97}.ru` : null;
      const phone = rand() < 0.7 ? `+79${String((i * 7919) % 1_000_000_000).padStart(9, '0')}` : null;
      const inn = p.kind === 'organization' && rand() < 0.8 ? innOf(i) : null;
      rows.profiles.push(
        copyText([id, p.kind, p.displayName, p.legalName, email, phone, merged ? 'merged' : 'active']),
      );
      const externalId = String(i).padStart(9, '0');
      const recordName = rand() < 0.6 ? p.displayName : p.core.join(' ');
      rows.records.push(
        copyText(['onec', 'customers', externalId, p.kind, recordName, p.legalName, 'h', id]),
      );
      if (rand() < 0.3) {
        // A second ERP that knows the customer under another spelling.
        const other = p.latin ? `${p.core.join(' ')} Ltd` : translit(p.core.join(' '));
        rows.records.push(copyText(['erpnext', 'customers', `CUST-${i}`, p.kind, other, null, 'h', id]));
      }
      if (email) rows.keys.push(copyText(['email', email, id, externalId]));
      if (phone) rows.keys.push(copyText(['phone', phone, id, externalId]));
      if (inn) rows.keys.push(copyText(['tax_id', `inn:${inn}`, id, externalId]));
      if (rand() < 0.3) {
        const number = `SO${String(i).padStart(7, '0')}`;
        rows.orders.push(
          copyText([
            'onec',
            number,
            number,
            externalId,
            'confirmed',
            '2026-01-01T00:00:00Z',
            'RUB',
            100,
            20,
            120,
            'h',
            id,
          ]),
        );
      }
      if (!merged && rand() < sampleShare) {
        samples.push({ id, displayName: p.displayName, core: p.core, latin: p.latin, phone, email, inn });
      }
    }
    await db.copyFrom(
      'profiles',
      ['id', 'kind', 'display_name', 'legal_name', 'primary_email', 'primary_phone', 'status'],
      rows.profiles,
    );
    await db.copyFrom(
      'source_records',
      ['source', 'stream', 'external_id', 'kind', 'display_name', 'legal_name', 'content_hash', 'profile_id'],
      rows.records,
    );
    await db.copyFrom('bench_keys', ['kind', 'value', 'profile_id', 'external_id'], rows.keys);
    // biome-ignore format: one order per line reads better
    await db.copyFrom('orders', ['source', 'external_id', 'number', 'customer_external_id', 'status', 'ordered_at',
      'currency', 'net_amount', 'tax_amount', 'total_amount', 'content_hash', 'profile_id'], rows.orders);
  }
  await db.exec(`
    INSERT INTO profile_keys (kind, value, profile_id, source_record_id)
    SELECT b.kind, b.value, b.profile_id, s.id
    FROM bench_keys b JOIN source_records s ON s.source = 'onec' AND s.stream = 'customers' AND s.external_id = b.external_id;
    DROP TABLE bench_keys;`);
  return samples;
}

// ------------------------------------------------------------------------------------------- queries

interface BenchQuery {
  text: string;
  sample: Sample;
  byName: boolean;
}

function typo(rand: Rand, word: string): string {
  const letters = [...word.toLowerCase()];
  const at = 1 + Math.floor(rand() * (letters.length - 2));
  const alphabet = /[а-я]/.test(word.toLowerCase()) ? 'абвгдежзиклмнопрстуфхя' : 'abcdefghiklmnoprstuvz';
  const edit = Math.floor(rand() * 4);
  if (edit === 0) letters.splice(at, 1);
  else if (edit === 1) letters.splice(at, 0, pick(rand, [...alphabet]));
  else if (edit === 2)
    letters[at] = pick(
      rand,
      [...alphabet].filter((ch) => ch !== letters[at]),
    );
  else [letters[at], letters[at + 1]] = [letters[at + 1]!, letters[at]!];
  return letters.join('');
}

function queriesOf(rand: Rand, kind: string, samples: Sample[], count: number): BenchQuery[] {
  const named = (latin: boolean | null) => samples.filter((s) => latin === null || s.latin === latin);
  const make: Record<string, () => BenchQuery | null> = {
    'name exact, Cyrillic': () => {
      const s = pick(rand, named(false));
      return { text: rand() < 0.5 ? s.displayName : s.core.join(' ').toLowerCase(), sample: s, byName: true };
    },
    'name exact, Latin': () => {
      const s = pick(rand, named(true));
      return { text: s.displayName, sample: s, byName: true };
    },
    'name, one typo': () => {
      const s = pick(rand, named(null));
      const longest = s.core.reduce((a, b) => (b.length > a.length ? b : a));
      if (longest.length < 5) return null;
      return {
        text: s.core.map((w) => (w === longest ? typo(rand, w) : w)).join(' '),
        sample: s,
        byName: true,
      };
    },
    'name prefix': () => {
      const s = pick(rand, named(null));
      const last = s.core[s.core.length - 1]!;
      const cut = last.slice(0, Math.max(3, Math.ceil(last.length * 0.6)));
      return { text: [...s.core.slice(0, -1), cut].join(' '), sample: s, byName: true };
    },
    'name, Cyrillic typed in Latin': () => {
      const s = pick(rand, named(false));
      return { text: translit(s.core.join(' ')).toLowerCase(), sample: s, byName: true };
    },
    phone: () => {
      const s = pick(
        rand,
        samples.filter((x) => x.phone),
      );
      const d = s.phone!.slice(2);
      return {
        text: `8 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
        sample: s,
        byName: false,
      };
    },
    'e-mail': () => {
      const s = pick(
        rand,
        samples.filter((x) => x.email),
      );
      return { text: capital(s.email!).replace('@example', '@Example'), sample: s, byName: false };
    },
    INN: () => {
      const s = pick(
        rand,
        samples.filter((x) => x.inn),
      );
      return { text: s.inn!, sample: s, byName: false };
    },
  };
  const queries: BenchQuery[] = [];
  while (queries.length < count) {
    const query = make[kind]!();
    if (query) queries.push(query);
  }
  return queries;
}

const KINDS = [
  'name exact, Cyrillic',
  'name exact, Latin',
  'name, one typo',
  'name prefix',
  'name, Cyrillic typed in Latin',
  'phone',
  'e-mail',
  'INN',
];

/** Two names that differ only in legal form, case and punctuation ("АО «Торг»", "Торг, ООО"). */
function sameName(a: string, b: string): boolean {
  const core = (name: string) =>
    name
      .toLowerCase()
      .split(/[^a-zа-яё0-9]+/)
      .filter((word) => word && !LEGAL_FORMS.has(word))
      .join(' ');
  return core(a) === core(b);
}

const LEGAL_FORMS = new Set(['ооо', 'ао', 'llc', 'gmbh', 'ltd', 'inc']);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

async function timeQueries(db: Db, queries: BenchQuery[], warm: number, showMiss: (line: string) => void) {
  const times: number[] = [];
  let hits = 0;
  for (const [index, query] of queries.entries()) {
    const started = performance.now();
    const found = await searchProfiles(db, query.text, { defaultRegion: REGION, limit: 20 });
    const ms = performance.now() - started;
    if (index < warm) continue;
    times.push(ms);
    // Profiles of one and the same name cannot be told apart by name: any of them is the right answer.
    const same = (hit: { profileId: string; displayName: string }) =>
      hit.profileId === query.sample.id ||
      (query.byName && sameName(hit.displayName, query.sample.displayName));
    if (found.some(same)) hits++;
    else
      showMiss(
        `  missed "${query.text}" (${query.sample.displayName}): ${found
          .slice(0, 3)
          .map((h) => h.displayName)
          .join(' | ')}`,
      );
  }
  times.sort((a, b) => a - b);
  return { p50Ms: percentile(times, 0.5), p99Ms: percentile(times, 0.99), hitRate: hits / times.length };
}

async function timeFloor(db: Db, count: number) {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await db.query('SELECT 1');
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: percentile(times, 0.5), p99Ms: percentile(times, 0.99) };
}

async function timeRefresh(db: Db, samples: Sample[]): Promise<number> {
  const ids = samples.slice(0, 1000).map((s) => s.id);
  await db.query(`UPDATE profiles SET display_name = display_name || ' Север' WHERE id = ANY($1::uuid[])`, [
    ids,
  ]);
  const started = performance.now();
  await refreshNameIndex(db, ids);
  const ms = performance.now() - started;
  await db.query(`UPDATE profiles SET display_name = left(display_name, -6) WHERE id = ANY($1::uuid[])`, [
    ids,
  ]);
  await refreshNameIndex(db, ids);
  return ms;
}

const ms = (n: number) => n.toFixed(2).padStart(7);
const sec = (n: number) => `${(n / 1000).toFixed(1)} s`;

/** Loads N profiles, rebuilds the name index and times each kind of query; logs a report as it goes. */
export async function benchSearch(
  db: Db,
  options: { profiles: number; queries: number; log: (line: string) => void; showMisses?: boolean },
): Promise<SearchBenchResult> {
  const { profiles, queries, log } = options;
  const showMiss = options.showMisses ? log : () => {};
  const warm = Math.min(50, queries);
  let started = performance.now();
  const samples = await load(db, profiles, Math.max(2000, 4 * KINDS.length * (queries + warm)));
  const loadMs = performance.now() - started;
  log(`loaded ${profiles.toLocaleString('en')} profiles with COPY in ${sec(loadMs)}`);
  started = performance.now();
  await rebuildNameIndex(db);
  const rebuildMs = performance.now() - started;
  started = performance.now();
  // Autovacuum is off on the bench server (perf-facts): without statistics the plans are guesses.
  await db.exec('VACUUM ANALYZE');
  const analyzeMs = performance.now() - started;
  const [size] = await db.query<{ bytes: string }>(
    `SELECT (pg_total_relation_size('profile_search_names') + pg_total_relation_size('profile_search_words')
      + pg_total_relation_size('profile_search_word_keys'))::text AS bytes`,
  );
  const indexMiB = Number(size!.bytes) / 2 ** 20;
  log(
    `name index rebuilt in ${sec(rebuildMs)} (${indexMiB.toFixed(0)} MiB), VACUUM ANALYZE ${sec(analyzeMs)}`,
  );
  const refresh1000Ms = await timeRefresh(db, samples);
  log(`refreshNameIndex of 1,000 renamed profiles: ${refresh1000Ms.toFixed(0)} ms`);
  // The machine may be shared: the load average says how far to trust the figures below.
  log(
    `load average ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(' / ')} (1 / 5 / 15 min) on ${os.cpus().length} cores`,
  );
  const floor = await timeFloor(db, 500);
  log(`floor, SELECT 1 round trip:      p50 ${ms(floor.p50Ms)} ms  p99 ${ms(floor.p99Ms)} ms`);
  const rand = mulberry32(7);
  const kinds: SearchBenchKind[] = [];
  for (const kind of KINDS) {
    const timed = await timeQueries(db, queriesOf(rand, kind, samples, queries + warm), warm, showMiss);
    const met = timed.p99Ms <= TARGET_P99_MS;
    kinds.push({ kind, queries, ...timed, met });
    log(
      `${kind.padEnd(32)} p50 ${ms(timed.p50Ms)} ms  p99 ${ms(timed.p99Ms)} ms  target p99 ≤ ${TARGET_P99_MS} ms ` +
        `${(met ? 'MET' : 'NOT MET').padEnd(7)}  in top 20: ${(timed.hitRate * 100).toFixed(1)} %`,
    );
  }
  log(
    `load average ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(' / ')} at the end`,
  );
  return { driver: db.driver, profiles, loadMs, rebuildMs, analyzeMs, indexMiB, refresh1000Ms, floor, kinds };
}
