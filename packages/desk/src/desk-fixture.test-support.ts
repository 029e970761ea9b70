import { type Config, parseConfig, type Role } from '@crm-bridge/core';
import { type Db, migrate } from '@crm-bridge/store';
import { openTestDb, type TestDb } from '@test/support/stores';
import type { DeskActor } from './actor';
import { type DeskSettings, deskSettings } from './settings';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
export const DAY = 24 * HOUR;
/** Sunday 1 March 2026, midnight UTC: every test's clock starts here. */
export const T0 = new Date('2026-03-01T00:00:00.000Z');
export const at = (ms: number) => new Date(T0.getTime() + ms);

/** Strings that would do harm if anything pasted them into SQL. */
export const INJECTIONS = [
  `Robert'); DROP TABLE tickets; --`,
  `' OR '1'='1`,
  `$1; DELETE FROM reminders WHERE true; --`,
  `\\'; TRUNCATE audit_log; --`,
];

/** A config around the clock (so due times are plain sums), VIP halves targets, at risk at 80 %. */
export function testConfig(extra = ''): Config {
  return parseConfig(`version: 1\ncurrency:\n  base: EUR\nphone:\n  defaultRegion: DE\n${extra}`, {
    fileName: 'crm-bridge.yaml',
    env: {},
  });
}

export const settings: DeskSettings = deskSettings(testConfig());

/**
 * One migrated database per test file and driver (migrating PGlite is slow); call in a describe block.
 * Every test starts from empty tables.
 */
export function useDeskDb(driver: 'pglite' | 'postgres'): () => Db {
  let handle: TestDb;
  beforeAll(async () => {
    handle = await openTestDb(driver);
    await migrate(handle.db);
  }, 120_000);
  beforeEach(() => emptyTables(handle.db));
  afterAll(() => handle?.cleanup());
  return () => handle.db;
}

/** Empties every table but the migrations' record, restarting the ids. */
export async function emptyTables(db: Db): Promise<void> {
  const tables = await db.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`,
  );
  await db.exec(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
}

/** An employee written straight to the table, and the actor they are through Slack. */
export async function employee(
  db: Db,
  name: string,
  role: Role,
  options: { email?: string; active?: boolean } = {},
): Promise<DeskActor> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO employees (name, email, role, active) VALUES ($1, $2, $3, $4) RETURNING id`,
    [name, options.email ?? null, role, options.active ?? true],
  );
  return { kind: 'employee', id: row!.id, channel: 'slack', role, employeeId: row!.id, name };
}

/** The usual team: an admin, a manager, two agents and a viewer. */
export async function team(db: Db) {
  return {
    admin: await employee(db, 'Ada Admin', 'admin', { email: 'ada@example.com' }),
    manager: await employee(db, 'Max Manager', 'manager', { email: 'max@example.com' }),
    agent: await employee(db, 'Anna Agent', 'agent', { email: 'anna@example.com' }),
    other: await employee(db, 'Boris Agent', 'agent', { email: 'boris@example.com' }),
    viewer: await employee(db, 'Vera Viewer', 'viewer', { email: 'vera@example.com' }),
  };
}

export interface CustomerOptions {
  vip?: boolean;
  dormant?: boolean;
  lastOrderAt?: Date | null;
  segment?: string | null;
  ownerId?: string | null;
  source?: string;
  reason?: string;
}

/** A profile with one source record and metrics, written straight to the tables. */
export async function customer(db: Db, name: string, options: CustomerOptions = {}): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO profiles (kind, display_name, owner_id, source_count) VALUES ('organization', $1, $2, 1) RETURNING id`,
    [name, options.ownerId ?? null],
  );
  const id = row!.id;
  await db.query(
    `INSERT INTO source_records (source, stream, external_id, kind, display_name, content_hash, profile_id)
     VALUES ($1, 'customers', $2, 'organization', $3, 'h', $4)`,
    [options.source ?? 'odoo', `ext-${id}`, name, id],
  );
  await writeMetrics(db, id, options);
  return id;
}

/** (Re)writes a profile's metrics: VIP, dormancy, last order, segment. */
export async function writeMetrics(db: Db, profileId: string, options: CustomerOptions): Promise<void> {
  await db.query(
    `INSERT INTO profile_metrics (profile_id, base_currency, vip, dormant, last_order_at, segment, reason)
     VALUES ($1, 'EUR', $2, $3, $4, $5, $6)
     ON CONFLICT (profile_id) DO UPDATE SET vip = excluded.vip, dormant = excluded.dormant,
       last_order_at = excluded.last_order_at, segment = excluded.segment, reason = excluded.reason`,
    [
      profileId,
      options.vip ?? false,
      options.dormant ?? false,
      options.lastOrderAt ?? null,
      options.segment ?? null,
      options.reason ?? (options.dormant ? 'no order for 240 days; usually every 90' : null),
    ],
  );
}

/** An ERP order of a profile. */
export async function order(
  db: Db,
  profileId: string | null,
  number: string,
  orderedAt: Date,
  source = 'odoo',
): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO orders (source, external_id, number, customer_external_id, status, ordered_at, currency,
       net_amount, tax_amount, total_amount, content_hash, profile_id)
     VALUES ($1, $2, $2, 'c', 'fulfilled', $3, 'EUR', 100, 0, 100, 'h', $4) RETURNING id`,
    [source, number, orderedAt, profileId],
  );
  return Number(row!.id);
}

/** The outbox rows of a topic, oldest first. */
export async function outbox(db: Db, topic?: string) {
  return db.query<{ topic: string; dedupe_key: string | null; payload: Record<string, unknown> }>(
    `SELECT topic, dedupe_key, payload FROM outbox WHERE $1::text IS NULL OR topic = $1 ORDER BY id`,
    [topic ?? null],
  );
}
