import { createTestDatabase, type TestDatabase } from '@test/support/postgres';
import type { Db } from '../db/db';
import { openDb } from '../db/open-db';
import { migrate, migrationStatus } from './migrate';
import { loadMigrationFiles } from './migration-files';

describe('migrate on PostgreSQL', () => {
  let database: TestDatabase;
  const open: Db[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await Promise.all(open.map((db) => db.close()));
    await database?.drop();
  });

  it('lets only one of two processes apply each migration when they start together', async () => {
    const [a, b] = await Promise.all([openDb({ url: database.url }), openDb({ url: database.url })]);
    open.push(a, b);
    const [first, second] = await Promise.all([migrate(a), migrate(b)]);
    const labels = (await loadMigrationFiles()).map((file) => `${file.version}_${file.name}`);
    expect([...first.applied, ...second.applied].sort()).toEqual(labels);
    expect(await migrationStatus(a)).toEqual({ applied: labels, pending: [] });
  });
});
