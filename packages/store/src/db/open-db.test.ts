import { ConfigError, TransientError } from '@crm-bridge/core';
import { testServerUrl } from '@test/support/postgres';
import { openDb, redactUrl } from './open-db';

describe('openDb on PostgreSQL', () => {
  it('names host and port, never the password, when nothing listens there', async () => {
    const error = await openDb({ url: 'postgres://crm:s3cret-pass@127.0.0.1:1/crm' }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(TransientError);
    const { message, code, cause } = error as TransientError;
    expect(message).toBe('PostgreSQL is not reachable at 127.0.0.1:1 (ECONNREFUSED)');
    expect(code).toBe('store.unreachable');
    expect((cause as { code?: string }).code).toBe('ECONNREFUSED');
    expect(JSON.stringify({ message, stack: (error as Error).stack })).not.toContain('s3cret');
  });

  it('reports a database that does not exist as a config error', async () => {
    const url = new URL(testServerUrl);
    url.pathname = '/crm_no_such_database';
    const error = await openDb({ url: url.toString() }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /^PostgreSQL at .+:\d+ refused the connection: the database does not exist$/,
    );
  });
});

describe('redactUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactUrl('postgres://crm:p%40ss@db.example:6543/crm?sslmode=require')).toBe(
      'postgres://crm:***@db.example:6543/crm?sslmode=require',
    );
    expect(redactUrl('postgres://db.example/crm')).toBe('postgres://db.example/crm');
    expect(redactUrl('not a url :secret@')).toBe('(unparseable URL)');
  });
});
