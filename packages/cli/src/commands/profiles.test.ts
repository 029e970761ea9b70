import path from 'node:path';
import { startErpNextSandbox } from '@crm-bridge/connector-erpnext';
import { startOdooSandbox } from '@crm-bridge/connector-odoo';
import { startOneCSandbox } from '@crm-bridge/connector-onec';
import { type Db, openDb } from '@crm-bridge/store';
import type { SandboxHandle } from '@crm-bridge/sync/testing';
import { createTestDatabase } from '@test/support/postgres';
import { runCli, scratchDir } from '../cli-harness.test-support';
import { writeDemoConfig } from '../sync/demo-config';

// Syncing three sandboxes and opening the embedded store for every command takes a while on PGlite.
jest.setTimeout(120_000);

describe.each(['pglite', 'postgres'] as const)(
  'crm-bridge profiles on %s, over three synced sandbox ERPs',
  (driver) => {
    let sandboxes: SandboxHandle[] = [];
    let dir: string;
    let config: string;
    let env: NodeJS.ProcessEnv = {};
    let drop = async () => {};
    const cli = (...args: string[]) => runCli(['--config', config, ...args], { cwd: dir, env });
    const withDb = async <T>(fn: (db: Db) => Promise<T>): Promise<T> => {
      const db = await openDb(
        env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: path.join(dir, 'pglite') },
      );
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    };
    /** The profile of a record, and its store id and content hash. */
    const recordState = (ref: string) =>
      withDb(async (db) => {
        const [row] = await db.query<{
          id: number;
          profile_id: string;
          content_hash: string;
          resolved_hash: string;
        }>(
          `SELECT id, profile_id, content_hash, resolved_hash FROM source_records WHERE source || '/' || external_id = $1`,
          [ref],
        );
        return { ...row!, id: Number(row!.id) };
      });
    const refsOf = (profileId: string) =>
      withDb(async (db) =>
        (
          await db.query<{ ref: string }>(
            `SELECT source || '/' || external_id AS ref FROM source_records WHERE profile_id = $1 ORDER BY 1`,
            [profileId],
          )
        ).map((r) => r.ref),
      );
    /**
     * Organisation profiles with one record in each of `erps` ERPs that no earlier test decided on, by name
     * so the choice is the same every run.
     */
    const organisations = (erps: number) =>
      withDb(async (db) =>
        (
          await db.query<{ id: string }>(
            `SELECT p.id FROM profiles p JOIN source_records s ON s.profile_id = p.id
           WHERE p.kind = 'organization' AND p.status = 'active' AND p.id NOT IN (
             SELECT r.profile_id FROM source_records r JOIN profile_links l
               ON r.id IN (l.source_record_id, l.other_source_record_id) WHERE r.profile_id IS NOT NULL)
           GROUP BY p.id, p.display_name HAVING count(DISTINCT s.source) = $1 AND count(*) = $1
           ORDER BY p.display_name, p.id`,
            [erps],
          )
        ).map((r) => r.id),
      );

    beforeAll(async () => {
      for (const start of [startOdooSandbox, startErpNextSandbox, startOneCSandbox]) {
        sandboxes.push(await start({ seed: 7, size: 40 }));
      }
      dir = scratchDir();
      config = writeDemoConfig(dir, sandboxes);
      if (driver === 'postgres') {
        const database = await createTestDatabase();
        env = { DATABASE_URL: database.url };
        drop = database.drop;
      }
      expect((await cli('migrate')).code).toBe(0);
      expect((await cli('sync')).code).toBe(0);
    });
    afterAll(async () => {
      await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
      sandboxes = [];
      await drop();
    });

    it('explains a profile across ERPs record by record, and as JSON', async () => {
      const [id] = await organisations(3);
      const refs = await refsOf(id!);
      const explained = await cli('profiles', 'explain', id!);
      expect(explained.code).toBe(0);
      const lines = explained.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(new RegExp(`^.+ \\(${id}\\)$`));
      const recordLines = lines.filter((line) => /^ {2}\S+\/\S+ ".*": /.test(line));
      expect(recordLines).toHaveLength(3);
      expect(recordLines.filter((line) => line.endsWith(': first record'))).toHaveLength(1);
      for (const line of recordLines.filter((l) => !l.endsWith(': first record')))
        expect(line).toMatch(
          /: joined \S+\/\S+ by (INN|OGRN|VAT number|e-mail|phone|ERP cross-reference) \S+/,
        );
      for (const ref of refs) expect(explained.stdout).toContain(`  ${ref} "`);

      const json = JSON.parse((await cli('profiles', 'explain', id!, '--json')).stdout);
      expect(json.profileId).toBe(id);
      expect(json.records.map((r: { ref: string }) => r.ref).sort()).toEqual(refs);
    });

    it('splits a record out by source/externalId for good: a re-sync of the changed record keeps it apart', async () => {
      const [id] = await organisations(3);
      const [odooRef] = (await refsOf(id!)).filter((ref) => ref.startsWith('odoo/'));
      const before = await recordState(odooRef!);

      const split = await cli('profiles', 'split', id!, odooRef!, '--reason', 'a different legal entity');
      expect(split).toMatchObject({ code: 0, stderr: '' });
      const apart = (await recordState(odooRef!)).profile_id;
      expect(apart).not.toBe(id);
      expect(split.stdout).toMatch(
        new RegExp(`^record ${odooRef} split out of ${id} into profile ${apart} ".+"\\n$`),
      );
      expect(await refsOf(id!)).toHaveLength(2);
      const explained = await cli('profiles', 'explain', apart);
      expect(explained.stdout).toMatch(
        new RegExp(`decision #\\d+: split ${odooRef} by cli:\\S+ \\("a different legal entity"\\)`),
      );

      // Odoo's users edit every customer; the next sync reads and re-resolves them, the split one too.
      sandboxes[0]!.change({
        edits: 10_000,
        archives: 0,
        deletions: 0,
        additions: 0,
        streams: ['customers'],
      });
      expect((await cli('sync', 'odoo')).code).toBe(0);
      const after = await recordState(odooRef!);
      expect(after.content_hash).not.toBe(before.content_hash);
      expect(after.resolved_hash).toBe(after.content_hash);
      expect(after.profile_id).toBe(apart);
      expect(await refsOf(id!)).toHaveLength(2);

      // Re-resolving the whole store (as after a config change) keeps it apart too.
      const updated = await cli('profiles', 'update', '--all');
      expect(updated.stdout).toMatch(
        /^resolved [1-9]\d* records: 0 profiles created, 0 merged; metrics refreshed for \d+ profiles$/m,
      );
      expect((await recordState(odooRef!)).profile_id).toBe(apart);

      const unknownRecord = await cli('profiles', 'split', id!, 'odoo/no-such-record');
      expect(unknownRecord.code).toBe(1);
      expect(unknownRecord.stderr).toContain(
        `record odoo/no-such-record is not in profile ${id}; its records: `,
      );
    });

    it('merges two profiles by hand, shows the merge in explain and customers show, and undoes it', async () => {
      const [a, b] = await organisations(1);
      const [refsA, refsB] = [await refsOf(a!), await refsOf(b!)];
      const merged = await cli('profiles', 'merge', a!, b!, '--reason', 'same company, renamed');
      expect(merged.code).toBe(0);
      expect(merged.stdout).toMatch(/^merged \S+ ".+" into \S+ ".+"; the old id leads there/);
      const survivor = (await recordState(refsA[0]!)).profile_id;
      expect((await recordState(refsB[0]!)).profile_id).toBe(survivor);
      const absorbed = survivor === a ? b! : a!;

      const explained = await cli('profiles', 'explain', survivor);
      const mergeLine = explained.stdout.match(/^ {2}merge #(\d+): (\S+) into (\S+) by a manual merge.*$/m);
      expect(mergeLine?.slice(2)).toEqual([absorbed, survivor]);
      const shown = await cli('customers', 'show', absorbed);
      expect(shown.stdout).toContain(`${survivor}  (${absorbed} was merged into it)`);
      expect(shown.stdout).toContain('sources (2):');

      const undone = await cli('profiles', 'undo', mergeLine![1]!);
      expect(undone.stdout).toMatch(
        new RegExp(
          `^undid merge #${mergeLine![1]}: ${absorbed} ".+" is apart from ${survivor} ".+" again\\n$`,
        ),
      );
      expect(await refsOf(absorbed)).toEqual(survivor === a ? refsB : refsA);
      expect((await cli('profiles', 'explain', survivor)).stdout).toMatch(/merge #\d+: .* undone \d{4}-/);
      const again = await cli('profiles', 'undo', mergeLine![1]!);
      expect(again).toMatchObject({ code: 1, stderr: `error: merge ${mergeLine![1]} was undone already\n` });
    });

    it('keeps two profiles apart with never-merge, and refuses what cannot be done with a clear message', async () => {
      const [, , c, d] = await organisations(1);
      const kept = await cli('profiles', 'never-merge', c!, d!, '--reason', 'competitors');
      expect(kept.stdout).toMatch(new RegExp(`^${c} ".+" and ${d} ".+" will never be merged\\n$`));
      expect((await cli('profiles', 'explain', c!)).stdout).toMatch(
        /decision #\d+: never-merge \S+ \+ \S+ by cli:\S+ \("competitors"\)/,
      );
      expect(await refsOf(c!)).toHaveLength(1);

      const same = await cli('profiles', 'never-merge', c!, c!);
      expect(same.code).toBe(1);
      expect(same.stderr).toContain('are one profile now: split the record out first');
      const unknown = await cli('profiles', 'explain', '00000000-0000-4000-8000-000000000000');
      expect(unknown).toMatchObject({
        code: 1,
        stderr: 'error: no profile 00000000-0000-4000-8000-000000000000\n',
      });
      const notAnId = await cli('profiles', 'merge', c!, 'Romashka');
      expect(notAnId).toMatchObject({ code: 1, stderr: 'error: no profile Romashka\n' });
      expect((await cli('profiles', 'undo', '999999')).stderr).toBe('error: no merge 999999\n');
      const badNumber = await cli('profiles', 'undo', 'last');
      expect(badNumber.code).toBe(2);
      expect(badNumber.stderr).toContain('expected a merge number');
    });

    it('update on an up-to-date store resolves nothing and leaves every profile as it was', async () => {
      const partition = () =>
        withDb((db) =>
          db.query(`SELECT profile_id, source, external_id FROM source_records ORDER BY source, external_id`),
        );
      const before = await partition();
      const updated = await cli('profiles', 'update');
      expect(updated).toMatchObject({
        code: 0,
        stdout: expect.stringMatching(/^resolved 0 records: 0 profiles created, 0 merged/),
      });
      expect(await partition()).toEqual(before);
    });
  },
);
