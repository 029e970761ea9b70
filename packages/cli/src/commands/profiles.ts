import os from 'node:os';
import { NotFoundError } from '@crm-bridge/core';
import {
  customerCard,
  type Decider,
  explainProfile,
  explanationLines,
  findProfileRef,
  mergeProfiles,
  neverMerge,
  type PassResult,
  type ProfilesSettings,
  profileRecordIds,
  profileRef,
  profilesSettings,
  splitRecord,
  undoMerge,
  updateProfiles,
} from '@crm-bridge/profiles';
import type { Db } from '@crm-bridge/store';
import { type Command, InvalidArgumentError } from 'commander';
import type { CommandContext } from '../command-context';
import { readConfig, withStore } from '../context';

/** The CLI decides on profiles as an admin, audited as the operating-system user who ran it. */
function decider(): Decider {
  return { actor: { kind: 'cli', id: os.userInfo().username, channel: 'cli' }, role: 'admin' };
}

function parseMergeId(value: string): number {
  if (!/^\d+$/.test(value))
    throw new InvalidArgumentError('expected a merge number, as profiles explain shows it');
  return Number(value);
}

/** `crm-bridge profiles explain|merge|split|never-merge|undo|update`: see and correct identity resolution. */
export function registerProfilesCommands(program: Command, context: CommandContext): void {
  const { io } = context;
  const profiles = program
    .command('profiles')
    .description('why records are one profile, and the manual merges and splits that correct it');
  const store = <T>(fn: (db: Db, settings: ProfilesSettings) => Promise<T>) => {
    const config = readConfig(context.options(), io);
    return withStore(config, io, (db) => fn(db, profilesSettings(config)));
  };

  profiles
    .command('explain <id>')
    .description('each record of a profile and the key it joined by, its merges, decisions and refusals')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const explanation = await store((db) => explainProfile(db, id));
      io.out(options.json ? JSON.stringify(explanation, null, 2) : explanationLines(explanation).join('\n'));
    });

  profiles
    .command('merge <a> <b>')
    .description('make two profiles one, for good: no later sync undoes it (the older profile keeps its id)')
    .option('--reason <text>', 'why, for the audit log and explain')
    .action(async (a: string, b: string, options: { reason?: string }) => {
      const message = await store(async (db, settings) => {
        const names = [await nameOf(db, a), await nameOf(db, b)];
        await mergeProfiles(db, settings, a, b, decider(), options.reason);
        // The resolver keeps the older profile's id: the survivor is the one whose id still resolves to itself.
        const survivorId = (await findProfileRef(db, names[0]!.id))?.id;
        const [absorbed, survivor] =
          survivorId === names[0]!.id ? [names[1]!, names[0]!] : [names[0]!, names[1]!];
        return (
          `merged ${absorbed.label} into ${survivor.label}; the old id leads there ` +
          `(crm-bridge profiles explain ${survivor.id} shows the merge and its number for undo)`
        );
      });
      io.out(message);
    });

  profiles
    .command('split <profileId> <record>')
    .description(
      'take one record out of a profile for good; <record> is a store id or source/externalId (odoo/42)',
    )
    .option('--reason <text>', 'why, for the audit log and explain')
    .action(async (profileId: string, reference: string, options: { reason?: string }) => {
      const message = await store(async (db, settings) => {
        const ref = (await profileRef(db, profileId)).id;
        const record = await recordOf(db, ref, reference);
        const pass = await splitRecord(db, settings, ref, record.id, decider(), options.reason);
        const home = await profileHolding(db, pass, record.id);
        return `record ${record.ref} split out of ${ref} into profile ${home ? (await nameOf(db, home)).label : '?'}`;
      });
      io.out(message);
    });

  profiles
    .command('never-merge <a> <b>')
    .description('keep two profiles apart whatever keys they come to share')
    .option('--reason <text>', 'why, for the audit log and explain')
    .action(async (a: string, b: string, options: { reason?: string }) => {
      const message = await store(async (db, settings) => {
        const names = [await nameOf(db, a), await nameOf(db, b)];
        await neverMerge(db, settings, a, b, decider(), options.reason);
        return `${names[0]!.label} and ${names[1]!.label} will never be merged`;
      });
      io.out(message);
    });

  profiles
    .command('undo')
    .argument('<mergeId>', 'the merge number, as profiles explain shows it', parseMergeId)
    .description('reverse a merge; the absorbed profile comes back under its own id')
    .action(async (mergeId: number) => {
      const message = await store(async (db, settings) => {
        await undoMerge(db, settings, mergeId, decider());
        const [merge] = await db.query<{ survivor_id: string; absorbed_id: string }>(
          'SELECT survivor_id, absorbed_id FROM profile_merges WHERE id = $1',
          [mergeId],
        );
        const [absorbed, survivor] = [
          await nameOf(db, merge!.absorbed_id),
          await nameOf(db, merge!.survivor_id),
        ];
        return `undid merge #${mergeId}: ${absorbed.label} is apart from ${survivor.label} again`;
      });
      io.out(message);
    });

  profiles
    .command('update')
    .description('resolve pending records, refresh metrics and re-score RFM, segments and VIP')
    .option(
      '--all',
      're-resolve every record and recompute every metric (after changing identity or analytics config)',
    )
    .action(async (options: { all?: boolean }) => {
      const summary = await store(async (db, settings) => {
        return updateProfiles(db, settings, { rescore: true, all: options.all ?? false });
      });
      io.out(
        `resolved ${summary.records} records: ${summary.profilesCreated} profiles created, ` +
          `${summary.profilesMerged} merged; metrics refreshed for ${summary.metricsRefreshed} profiles`,
      );
    });
}

/** A profile's id (as it resolves today) and how to print it. */
async function nameOf(db: Db, id: string): Promise<{ id: string; label: string }> {
  const { profile } = await customerCard(db, id, { orders: 0 });
  return { id: profile.id, label: `${profile.id} "${profile.displayName}"` };
}

/** A record of the profile by store id or by `source/externalId`. */
async function recordOf(db: Db, profileId: string, reference: string): Promise<{ id: number; ref: string }> {
  const { records } = await customerCard(db, profileId, { orders: 0 });
  const refs = records.map((r) => ({ id: r.id, ref: `${r.source}/${r.externalId}` }));
  const found = refs.find((r) => String(r.id) === reference || r.ref === reference);
  if (!found) {
    throw new NotFoundError(
      `record ${reference} is not in profile ${profileId}; its records: ${refs.map((r) => `${r.ref} (${r.id})`).join(', ')}`,
      { code: 'profiles.record_not_in_profile' },
    );
  }
  return found;
}

/** The profile that holds a record after a pass (the pass names every profile it wrote). */
async function profileHolding(db: Db, pass: PassResult, recordId: number): Promise<string | null> {
  for (const id of pass.profiles) if ((await profileRecordIds(db, id)).includes(recordId)) return id;
  return null;
}
