/**
 * npm run bench:bots -- [--size 1000000] [--waves 5] [--wave-size 200] [--updates 1000] [--connections 40]
 *                       [--pool 10] [--log-level info] [--profile-sql] [--keep] [--database-url postgres://…]
 *
 * The chat bots under load (issue 8, "Speed"): N generated profiles on a fresh PostgreSQL database (or one
 * kept before), agents bound to Slack and Telegram ids; the API with the Slack app and the Telegram webhook
 * runs in a forked child as `crm-bridge serve` runs it, the fake Slack and Telegram APIs in another, and this
 * process sends the load. (1) Slack: waves of `/crm find <name|phone>` commands all at once, signed, each
 * with its own response_url: the acknowledgement and the answer's arrival at the fake, per command.
 * (2) Telegram: `/find <name|phone>` updates from as many bound users over the webhook: the time until every
 * answer reached the fake, first with the adapter's own pacing (Telegram's 30 messages/s in all), then with
 * that pacing lifted, to show what the server itself does. Each target is printed beside the figure.
 * Build first (the npm script does): tsc -b && tsc -p test/bench.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDb } from '@crm-bridge/store';
import { createTestDatabase } from '../support/postgres';
import { arg } from './bench-support';
import {
  bindEmployees,
  lookupQueries,
  prepareDatabase,
  slackUserId,
  telegramUserId,
} from './bots-bench-data';
import type { FakesMessage } from './bots-bench-fakes';
import {
  type BurstResult,
  nextMessage,
  percentile,
  type SlackTarget,
  slackWave,
  type TelegramTarget,
  telegramBurst,
  type WaveResult,
} from './bots-bench-load';
import { type ServerEnv, type ServerStats, TELEGRAM_WEBHOOK_PATH } from './bots-bench-server';
import type { SqlTiming } from './bots-bench-sql-profile';

/** Commands sent one at a time before the waves, for the floor. */
const SERIAL = 20;
const TARGET = { ackWithinMs: 3000, ackP99Ms: 300, answerP99Ms: 1000, telegramMs: 10_000 };

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const ms = (n: number) => (Number.isFinite(n) ? `${fmt(n)} ms` : 'never');
const sec = (n: number) => (Number.isFinite(n) ? `${(n / 1000).toFixed(2)} s` : 'never');
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
const loadAverage = () =>
  `load average ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ')} (1 / 5 / 15 min) on ${os.cpus().length} cores`;
const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
const secret = () => randomBytes(24).toString('base64url');

/** Forks a bench child (a compiled file beside this one); its stderr goes to `logFile`. */
function forkChild(file: string, env: Record<string, string>, logFile: string): ChildProcess {
  const logFd = openSync(logFile, 'a');
  const child = fork(path.join(__dirname, file), [], {
    stdio: ['ignore', 'ignore', logFd, 'ipc'],
    env: { ...process.env, ...env },
  });
  closeSync(logFd);
  return child;
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child?.connected) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send('stop');
  await exited;
}

async function stats(server: ChildProcess): Promise<ServerStats> {
  const reply = nextMessage<ServerStats>(server, 'stats');
  server.send('stats');
  return reply;
}

/** The server's CPU time and the clock now, to measure a phase from. */
async function cpuMark(server: ChildProcess) {
  return { cpuMicros: (await stats(server)).cpuMicros, at: performance.now() };
}

/** The server's CPU use since `mark` (as a share of one core) and its RSS now. */
async function cpuSince(server: ChildProcess, mark: { cpuMicros: number; at: number }): Promise<string> {
  const now = await stats(server);
  const share = (now.cpuMicros - mark.cpuMicros) / 10 / (performance.now() - mark.at);
  return `CPU ${share.toFixed(0)} % of one core over the phase, RSS ${mib(now.rss)}`;
}

/** With --profile-sql: the statements that took the server's store time since the last call, longest first. */
async function sqlProfile(server: ChildProcess, phase: string): Promise<string[]> {
  const reply = nextMessage<SqlTiming[]>(server, 'sql');
  server.send('sql');
  const top = await reply;
  if (top.length === 0 || !phase) return [];
  const rows = top.map(
    (t) =>
      `    ${fmt(t.totalMs).padStart(8)} ms in ${fmt(t.calls).padStart(5)} calls (max ${fmt(t.maxMs)} ms)  ${t.sql}`,
  );
  return [`  SQL time in ${phase}:`, ...rows];
}

/** p50 / p99 / max of a list in which `missing` entries never happened (counted as infinitely late). */
function spread(values: number[], missing = 0) {
  const all = [...values, ...Array.from({ length: missing }, () => Number.POSITIVE_INFINITY)];
  return {
    p50: percentile(all, 0.5),
    p99: percentile(all, 0.99),
    max: percentile(all, 1),
    count: all.length,
  };
}

/** The Slack lines: one per wave, then the three targets over every measured command. */
function slackReport(waves: WaveResult[]): { lines: string[]; summary: string[] } {
  const lines = waves.map((wave, i) => {
    const ack = spread(wave.ackMs);
    const answer = spread(wave.answerMs, wave.unanswered);
    const via = Object.entries(wave.via).map(([how, n]) => `${how}×${n}`);
    return (
      `  wave ${i + 1}: ${wave.ackMs.length} commands; ack p50 ${ms(ack.p50)} p99 ${ms(ack.p99)} max ${ms(ack.max)}; ` +
      `answer p50 ${ms(answer.p50)} p99 ${ms(answer.p99)} max ${ms(answer.max)}; non-200 ${wave.non200}, ` +
      `unanswered ${wave.unanswered}, refusals ${wave.refusals}; answers via ${via.join(' ')}`
    );
  });
  const ackMs = waves.flatMap((wave) => wave.ackMs);
  const non200 = waves.reduce((n, wave) => n + wave.non200, 0);
  const ack = spread(ackMs);
  const answer = spread(
    waves.flatMap((wave) => wave.answerMs),
    waves.reduce((n, wave) => n + wave.unanswered, 0),
  );
  const refusals = waves.reduce((n, wave) => n + wave.refusals, 0);
  const within = ackMs.filter((value) => value <= TARGET.ackWithinMs).length;
  const summary = [
    `Slack, every command acknowledged within 3 s: ${fmt(within)} of ${fmt(ackMs.length)} (HTTP 200 within ` +
      `${sec(TARGET.ackWithinMs)}), slowest ${ms(ack.max)}   target all → ${verdict(within === ackMs.length)}`,
    `Slack, ack p99 ≤ ${ms(TARGET.ackP99Ms)}: p99 ${ms(ack.p99)} (p50 ${ms(ack.p50)}, max ${ms(ack.max)})   ` +
      `→ ${verdict(non200 === 0 && ack.p99 <= TARGET.ackP99Ms)}`,
    `Slack, answer posted p99 ≤ ${ms(TARGET.answerP99Ms)}: p99 ${ms(answer.p99)} (p50 ${ms(answer.p50)}, ` +
      `max ${ms(answer.max)}; ${refusals} refusals or failures among the answers)   ` +
      `→ ${verdict(refusals === 0 && answer.p99 <= TARGET.answerP99Ms)}`,
  ];
  return { lines, summary };
}

/** The Telegram lines of one burst and its target line. */
function telegramReport(
  name: string,
  burst: BurstResult,
  updates: number,
): { lines: string[]; summary: string } {
  const answer = spread(burst.answerMs, burst.unanswered);
  const ack = spread(burst.ackMs);
  const handled = burst.unanswered === 0 ? burst.totalMs : Number.POSITIVE_INFINITY;
  const met =
    burst.unanswered === 0 && burst.non200 === 0 && burst.refusals === 0 && handled <= TARGET.telegramMs;
  return {
    lines: [
      `  ${name}: ${fmt(updates)} updates; webhook ack p50 ${ms(ack.p50)} p99 ${ms(ack.p99)} max ${ms(ack.max)}; ` +
        `each update's first answer p50 ${ms(answer.p50)} p99 ${ms(answer.p99)}; every update answered after ` +
        `${sec(burst.allFirstAnswersMs)}, the last message after ${sec(burst.totalMs)}; ${fmt(burst.messages)} ` +
        `messages; non-200 ${burst.non200}, unanswered ${burst.unanswered}, refusals ${burst.refusals}`,
    ],
    summary:
      `Telegram, ${fmt(updates)} updates handled in ≤ ${sec(TARGET.telegramMs)} (${name}): ${sec(handled)}   ` +
      `→ ${verdict(met)}`,
  };
}

interface Settings {
  size: number;
  waves: number;
  waveSize: number;
  updates: number;
  connections: number;
  pool: string;
  logLevel: string;
  reuse: string;
}

function settings(): Settings {
  return {
    size: Number(arg('size', '1000000')),
    waves: Number(arg('waves', '5')),
    waveSize: Number(arg('wave-size', '200')),
    updates: Number(arg('updates', '1000')),
    connections: Number(arg('connections', '40')),
    pool: arg('pool', '10'),
    logLevel: arg('log-level', 'info'),
    reuse: arg('database-url', ''),
  };
}

async function main(): Promise<void> {
  const s = settings();
  const log = (line: string) => console.log(line);
  log(`Bots benchmark: ${fmt(s.size)} profiles on PostgreSQL; node ${process.version}; ${loadAverage()}`);
  const database = s.reuse ? null : await createTestDatabase();
  const dbUrl = s.reuse || database!.url;
  if (database && process.argv.includes('--keep')) log(`database ${database.url} (kept at the end: --keep)`);
  const children: ChildProcess[] = [];
  const logFile = path.join(os.tmpdir(), `bots-bench-${process.pid}.log`);
  const telegramToken = `700000001:${secret()}`;
  const keys = {
    SLACK_BOT_TOKEN: `xoxb-bench-${randomBytes(8).toString('hex')}`,
    SLACK_SIGNING_SECRET: secret(),
    TELEGRAM_BOT_TOKEN: telegramToken,
    TELEGRAM_WEBHOOK_SECRET: secret(),
  };
  try {
    const db = await openDb({ url: dbUrl });
    const slackQueries = s.waveSize * (s.waves + 2);
    const warmUpdates = Math.min(50, s.updates);
    let queries: string[];
    try {
      if (!s.reuse) await prepareDatabase(db, s.size, log);
      const added = await bindEmployees(db, { slack: s.waveSize, telegram: s.updates });
      log(
        `employees bound: ${fmt(s.waveSize)} Slack users, ${fmt(s.updates)} Telegram users (${fmt(added)} added now)`,
      );
      queries = await lookupQueries(db, slackQueries + 2 * (s.updates + warmUpdates));
    } finally {
      await db.close();
    }

    const fakes = forkChild('bots-bench-fakes.js', { BOTS_BENCH_TELEGRAM_TOKEN: telegramToken }, logFile);
    children.push(fakes);
    const ready = await nextMessage<Extract<FakesMessage, { ready: unknown }>['ready']>(fakes, 'ready');
    const startServer = async (telegramGlobal: string) => {
      const env: ServerEnv = {
        BOTS_BENCH_DATABASE_URL: dbUrl,
        BOTS_BENCH_POOL: s.pool,
        BOTS_BENCH_LOG_LEVEL: s.logLevel,
        BOTS_BENCH_SLACK_API: `${ready.slackUrl}/api/`,
        BOTS_BENCH_TELEGRAM_ROOT: ready.telegramRoot,
        BOTS_BENCH_TELEGRAM_GLOBAL: telegramGlobal,
        BOTS_BENCH_PROFILE_SQL: process.argv.includes('--profile-sql') ? '1' : '',
        ...keys,
      };
      const child = forkChild('bots-bench-server.js', { ...env }, logFile);
      children.push(child);
      return { child, url: await nextMessage<string>(child, 'url') };
    };

    // ------------------------------------------------------------------------- the server as serve runs it
    let server = await startServer('');
    log(
      `server in a forked child (pid ${server.child.pid}) at ${server.url}: API + Slack (Bolt HTTPReceiver on ` +
        `/slack/events) + Telegram webhook, pg pool ${s.pool}, log level ${s.logLevel} to a file; fakes in ` +
        `another child (pid ${fakes.pid}); RSS ${mib((await stats(server.child)).rss)} idle`,
    );
    const slack: SlackTarget = {
      endpoint: `${server.url}/slack/events`,
      signingSecret: keys.SLACK_SIGNING_SECRET,
      fakeUrl: ready.slackUrl,
    };
    let nextQuery = 0;
    const take = (n: number) => {
      nextQuery += n;
      return queries.slice(nextQuery - n, nextQuery);
    };
    const slackLookups = () =>
      take(s.waveSize).map((query, i) => ({ userId: slackUserId(i), text: `find ${query}` }));

    log(`\n(1) Slack: ${s.waves} waves of ${s.waveSize} /crm find commands at once, after one warm-up wave`);
    await slackWave(slack, fakes, slackLookups(), 'warm');
    await pause(1000);
    await sqlProfile(server.child, '');
    // The floor the loaded figures are read against: the same commands without concurrency.
    const alone: WaveResult[] = [];
    for (const [i, lookup] of slackLookups().slice(0, SERIAL).entries())
      alone.push(await slackWave(slack, fakes, [lookup], `alone${i}`));
    const aloneAck = spread(alone.flatMap((one) => one.ackMs));
    const aloneAnswer = spread(
      alone.flatMap((one) => one.answerMs),
      alone.reduce((n, one) => n + one.unanswered, 0),
    );
    log(
      `  floor, ${SERIAL} commands one at a time (no target): ack p50 ${ms(aloneAck.p50)} max ${ms(aloneAck.max)}; ` +
        `answer p50 ${ms(aloneAnswer.p50)} p99 ${ms(aloneAnswer.p99)} max ${ms(aloneAnswer.max)}`,
    );
    for (const line of await sqlProfile(server.child, `the ${SERIAL} commands one at a time`)) log(line);
    const waves: WaveResult[] = [];
    let mark = await cpuMark(server.child);
    for (let w = 0; w < s.waves; w++) {
      waves.push(await slackWave(slack, fakes, slackLookups(), `w${w}`));
      await pause(1000);
    }
    const slackResult = slackReport(waves);
    for (const line of slackResult.lines) log(line);
    log(`  sample answer: ${JSON.stringify(waves[0]?.sample ?? '')}`);
    log(`  server ${await cpuSince(server.child, mark)}; ${loadAverage()}`);
    for (const line of await sqlProfile(server.child, `the ${s.waves} waves (pool waits included)`))
      log(line);

    // -------------------------------------------------------------------------------------------- Telegram
    const telegram = (url: string): TelegramTarget => ({
      webhookUrl: `${url}${TELEGRAM_WEBHOOK_PATH}`,
      secretToken: keys.TELEGRAM_WEBHOOK_SECRET,
      connections: s.connections,
    });
    const telegramLookups = (n: number) =>
      take(n).map((query, i) => ({ userId: telegramUserId(i), text: `/find ${query}` }));
    const burst = async (url: string, child: ChildProcess, answerWaitMs: number) => {
      await telegramBurst(telegram(url), fakes, telegramLookups(warmUpdates), { answerWaitMs: 30_000 });
      await pause(2000); // every chat's pace (1 message/s) and the global bucket refill
      mark = await cpuMark(child);
      const result = await telegramBurst(telegram(url), fakes, telegramLookups(s.updates), { answerWaitMs });
      const idle = nextMessage<true>(child, 'idle');
      child.send('idle');
      await idle;
      return { result, server: await cpuSince(child, mark) };
    };
    log(
      `\n(2) Telegram: ${fmt(s.updates)} /find updates, one from each of ${fmt(s.updates)} bound users (a private ` +
        `chat each: the adapter paces 1 message/s per chat), over ${s.connections} webhook connections ` +
        `(setWebhook's default max_connections), after ${warmUpdates} warm-up updates`,
    );
    const { result: paced, server: pacedServer } = await burst(server.url, server.child, 120_000);
    const pacedName = 'adapter pacing as configured: 30 messages/s in all, Telegram bulk limit';
    const pacedReport = telegramReport(pacedName, paced, s.updates);
    for (const line of pacedReport.lines) log(line);
    log(`    server ${pacedServer}`);
    log(
      `    (at 30 messages/s, ${fmt(s.updates)} answers cannot all be sent before ${sec(((s.updates - 30) / 30) * 1000)}: ` +
        'the target is out of reach by the platform limit itself, whatever the server does)',
    );
    const pacedStats = await stats(server.child);
    await stopChild(server.child);

    server = await startServer('100000');
    const { result: lifted, server: liftedServer } = await burst(server.url, server.child, 120_000);
    const liftedName = 'global pacing lifted (per chat still 1/s): the server’s own speed';
    const liftedReport = telegramReport(liftedName, lifted, s.updates);
    for (const line of liftedReport.lines) log(line);
    log(`    server ${liftedServer}`);
    const end = await stats(server.child);
    log(`  server RSS ${mib(end.rss)}; ${loadAverage()}`);

    log('\nsummary (targets of issue 8, "Speed")');
    for (const line of [...slackResult.summary, pacedReport.summary, liftedReport.summary]) log(`  ${line}`);
    log(
      `server RSS: ${mib(pacedStats.rss)} after Slack + paced Telegram (peak ${mib(pacedStats.maxRss)}); ` +
        `${mib(end.rss)} after the second server's Telegram run (peak ${mib(end.maxRss)}); ${loadAverage()}`,
    );
  } finally {
    for (const child of children.reverse()) await stopChild(child);
    try {
      const lines = readFileSync(logFile, 'utf8').split('\n');
      const failures = lines.filter((line) => /"level":(50|60)/.test(line) || /^\w*Error/.test(line));
      log(
        `server log: ${fmt(lines.length - 1)} lines, ${failures.length} errors ${failures[0]?.slice(0, 300) ?? ''}`,
      );
    } catch {
      // no children were started
    }
    rmSync(logFile, { force: true });
    if (database && process.argv.includes('--keep')) log(`kept database ${database.url}`);
    else await database?.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
