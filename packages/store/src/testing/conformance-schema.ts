import { migrate, migrationStatus } from '../migrations/migrate';
import { loadMigrationFiles } from '../migrations/migration-files';
import type { ConformanceContext } from './conformance-context';
import { sqlState } from './conformance-context';

/** Every table ARCHITECTURE.md lists, plus the runner's own. */
export const expectedTables = [
  'api_keys',
  'audit_log',
  'employees',
  'interactions',
  'order_lines',
  'orders',
  'outbox',
  'profile_keys',
  'profile_links',
  'profile_metrics',
  'profiles',
  'quarantine',
  'reminders',
  'schema_migrations',
  'source_records',
  'sync_cursors',
  'sync_runs',
  'ticket_events',
  'tickets',
  'webhook_subscriptions',
];

/** Migrations, tables, constraints and the name search index. */
export function describeSchemaConformance(ctx: ConformanceContext): void {
  describe('migrations and schema', () => {
    it('applies every migration file, in order, to a fresh database', async () => {
      const files = await loadMigrationFiles();
      const labels = files.map((file) => `${file.version}_${file.name}`);
      expect(labels.length).toBeGreaterThanOrEqual(2);
      expect(ctx.statusBefore()).toEqual({ applied: [], pending: labels });
      expect(ctx.firstMigrate().applied).toEqual(labels);
    });

    it('applies nothing when run again and reports nothing pending', async () => {
      expect(await migrate(ctx.db())).toEqual({ applied: [] });
      const status = await migrationStatus(ctx.db());
      expect(status.pending).toEqual([]);
      expect(status.applied).toEqual(ctx.firstMigrate().applied);
    });

    it('refuses to run when an applied migration was edited afterwards', async () => {
      const db = ctx.db();
      const [first] = await db.query<{ version: string; checksum: string }>(
        'SELECT version, checksum FROM schema_migrations ORDER BY version LIMIT 1',
      );
      await db.query('UPDATE schema_migrations SET checksum = $1 WHERE version = $2', [
        'edited',
        first!.version,
      ]);
      try {
        await expect(migrate(db)).rejects.toThrow(/was changed after it was applied/);
        await expect(migrationStatus(db)).rejects.toThrow(/was changed after it was applied/);
      } finally {
        await db.query('UPDATE schema_migrations SET checksum = $1 WHERE version = $2', [
          first!.checksum,
          first!.version,
        ]);
      }
      expect(await migrate(db)).toEqual({ applied: [] });
    });

    it('creates every table the architecture lists', async () => {
      const rows = await ctx
        .db()
        .query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`,
        );
      expect(rows.map((row) => row.table_name).sort()).toEqual(expect.arrayContaining(expectedTables));
    });

    it('rejects values outside an enum column', async () => {
      const db = ctx.db();
      expect(await sqlState(db.query(`INSERT INTO employees (name, role) VALUES ('Eve', 'owner')`))).toBe(
        '23514',
      );
      expect(await sqlState(db.query(`INSERT INTO sync_runs (source, mode) VALUES ('x', 'partial')`))).toBe(
        '23514',
      );
      expect(
        await sqlState(
          db.query(`INSERT INTO tickets (title, priority, channel) VALUES ('Broken', 'asap', 'slack')`),
        ),
      ).toBe('23514');
      const [row] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM employees WHERE name = 'Eve'`);
      expect(row!.n).toBe(0);
    });
  });
}
