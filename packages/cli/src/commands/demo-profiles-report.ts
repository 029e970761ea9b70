import { describeKey, describeReason, type ProfilesReport, type RefusalExample } from '@crm-bridge/profiles';
import { formatTable } from '../format-table';
import { money } from './customers';

const count = (n: number) => n.toLocaleString('en-US');
const indent = (text: string, by = '  ') =>
  text
    .split('\n')
    .map((line) => by + line)
    .join('\n');

/** The demo report's profiles section: what resolution made of the records, and what the metrics say. */
export function renderProfilesReport(report: ProfilesReport): string {
  const { records, profiles } = report;
  return [
    '\nprofiles:',
    `  ${count(records.total)} ERP records (${count(records.customers)} customers, ${count(records.contacts)} contacts)` +
      ` → ${count(profiles.total)} profiles (${count(profiles.organizations)} organisations, ${count(profiles.persons)} persons)`,
    `  profiles by ERPs holding them: ${report.byErpCount.map((g) => `${g.erps} ERP${g.erps === 1 ? '' : 's'}: ${count(g.profiles)}`).join(', ')}`,
    ...crossErpLines(report),
    ...refusalLines(report),
    ...customerLines(report),
  ].join('\n');
}

function crossErpLines({ crossErp }: ProfilesReport): string[] {
  if (crossErp.length === 0) return [];
  return [
    '\none customer across ERPs (each record and the key it joined by):',
    ...crossErp.flatMap((example) => [
      `  ${example.displayName}  ${example.profileId}`,
      indent(
        formatTable(
          ['record', 'name', 'joined by', 'joined to'],
          example.records.map((r) => [
            r.ref,
            r.displayName,
            r.joinedBy === null ? 'first record' : describeKey(r.joinedBy, r.joinedKey),
            r.joinedVia ?? '',
          ]),
        ),
        '    ',
      ),
    ]),
  ];
}

function refusalExample(e: RefusalExample): string {
  const what = describeKey(e.kind, e.key);
  if (e.type === 'key') return `${what} (${e.holders ?? '?'} holders)`;
  return `${e.records.map((r) => `${r.ref} "${r.displayName}"`).join(' and ')} share ${what}`;
}

function refusalLines({ keptApart, refusedValues }: ProfilesReport): string[] {
  return [
    '\nkept apart (joins the resolver refused):',
    ...(keptApart.length === 0
      ? ['  none']
      : keptApart.flatMap((group) => [
          `  ${count(group.count)}× ${describeReason(group.reason)}`,
          ...group.examples.map((e) => `      e.g. ${refusalExample(e)}`),
        ])),
    '\nvalues not used as keys:',
    ...(refusedValues.length === 0
      ? ['  none']
      : [
          indent(
            formatTable(
              ['records', 'kind', 'why'],
              refusedValues.map((v) => [v.count, describeKey(v.kind, null), describeReason(v.reason)]),
            ),
          ),
        ]),
  ];
}

function customerLines({ topByLtv, segments, dormant, churnRisk }: ProfilesReport): string[] {
  const ltv = topByLtv.map((c) => money(c.ltv, c.baseCurrency));
  const width = Math.max(0, ...ltv.map((v) => v.length));
  const revenue = dormant.customers.map((c) => money(c.revenueBase, c.baseCurrency));
  const revenueWidth = Math.max(0, ...revenue.map((v) => v.length));
  return [
    '\ntop customers by lifetime value:',
    topByLtv.length === 0
      ? '  none (no orders yet)'
      : indent(
          formatTable(
            ['name', 'LTV', 'orders', 'segment', 'VIP'],
            topByLtv.map((c, i) => [
              c.displayName,
              ltv[i]!.padStart(width),
              c.orderCount,
              c.segment ?? '-',
              c.vip ? 'VIP' : '',
            ]),
          ),
        ),
    `\nRFM segments: ${segments.length === 0 ? 'none' : segments.map((s) => `${s.segment} ${count(s.customers)}${s.vip ? ` (${s.vip} VIP)` : ''}`).join(', ')}`,
    `\ndormant: ${count(dormant.total)} customers${dormant.total > dormant.customers.length ? `, the ${dormant.customers.length} worth most:` : dormant.total ? ':' : ''}`,
    ...(dormant.customers.length
      ? [
          indent(
            formatTable(
              ['name', 'revenue', 'last order', 'why'],
              dormant.customers.map((c, i) => [
                c.displayName,
                revenue[i]!.padStart(revenueWidth),
                c.lastOrderAt?.slice(0, 10) ?? '-',
                c.reason,
              ]),
            ),
          ),
        ]
      : []),
    `at risk of churning (not dormant yet): ${count(churnRisk.total)} customers`,
  ];
}

/** A word for a shell: bare when safe, else single-quoted. */
function shellWord(text: string): string {
  return /^[\w@.+/-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The name with one letter of its longest word left out: search forgives one typo per word. */
function withTypo(name: string): string {
  const words = name.split(/\s+/);
  const longest = words.reduce((best, word, i) => (word.length > words[best]!.length ? i : best), 0);
  const word = words[longest]!;
  if (word.length < 5) return name;
  const at = Math.floor(word.length / 2);
  words[longest] = word.slice(0, at) + word.slice(at + 1);
  return words.join(' ');
}

/** The demo's closing hints, with a real customer of this run where there is one. */
export function demoNextSteps(configFile: string, report: ProfilesReport): string {
  const cli = `npx crm-bridge --config ${shellWord(configFile)}`;
  const example = report.crossErp[0] ?? report.topByLtv[0];
  return [
    ...(example
      ? [
          `\nnext: ${cli} customers search ${shellWord(withTypo(example.displayName))}   (a typo is fine)`,
          `      ${cli} customers show ${example.profileId}`,
          `      ${cli} profiles explain ${example.profileId}`,
          `      ${cli} customers dormant`,
        ]
      : [`\nnext: ${cli} customers dormant`]),
    `      ${cli} runs   (or: quarantine list, quarantine show <id>)`,
    '      npm run demo again: the second sync reads only what changed',
    `\ntry the chat bot: ${cli} chat --as demo.manager@example.com   (numbers press buttons, "quit" ends)`,
  ].join('\n');
}
