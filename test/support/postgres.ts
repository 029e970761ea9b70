import { randomBytes } from 'node:crypto';
import { describeUrl } from '@crm-bridge/store';
import pg from 'pg';

/** The server tests create their databases on: TEST_DATABASE_URL or the default local port. */
export const testServerUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** A throw-away database on the test server. */
export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function connectAdmin(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: testServerUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return client;
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    throw new Error(
      `PostgreSQL is not reachable at ${describeUrl(testServerUrl)}${code ? ` (${code})` : ''}. ` +
        'These tests need a PostgreSQL server: install and start one ' +
        '(Debian/Ubuntu: apt-get install postgresql && service postgresql start) ' +
        'or set TEST_DATABASE_URL to a server where this user may CREATE DATABASE.',
      { cause },
    );
  }
}

/** Creates a uniquely named database `crm_test_<random>`; `drop()` removes it (even with open sessions). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `crm_test_${randomBytes(6).toString('hex')}`;
  const admin = await connectAdmin();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = await connectAdmin();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
