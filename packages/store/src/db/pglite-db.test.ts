import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPgliteDb } from './pglite-db';

describe('PGlite file-backed store', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'crm-pglite-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates a missing data directory and keeps what was written after a reopen', async () => {
    const dataDir = path.join(root, 'nested', '.data', 'pglite');
    const first = await openPgliteDb({ dataDir });
    await first.exec(
      `CREATE TABLE notes (id int PRIMARY KEY, body text); INSERT INTO notes VALUES (1, 'kept')`,
    );
    await first.close();
    expect((await stat(dataDir)).isDirectory()).toBe(true);

    const second = await openPgliteDb({ dataDir });
    try {
      expect(await second.query('SELECT body FROM notes')).toEqual([{ body: 'kept' }]);
      const [settings] = await second.query<{ shared_buffers: string }>('SHOW shared_buffers');
      expect(settings?.shared_buffers).toBe('16MB');
    } finally {
      await second.close();
    }
  }, 60_000);
});
