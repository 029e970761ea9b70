/**
 * `crm-bridge serve` with both chat bots on HTTP, end to end over loopback: Slack in http mode against the fake
 * Web API, Telegram in webhook mode against the fake Bot API, the embedded duties (no Redis) delivering a due
 * reminder to Telegram. Only real HTTP in and out: signed Slack requests, Telegram updates with the secret header.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { customerInTwoErps, storeCounts } from '@crm-bridge/bot-core/testing';
import { commandBody, FakeSlack, postSigned } from '@crm-bridge/bot-slack/testing';
import {
  type FakeTelegramApi,
  postUpdate,
  type RecordedCall,
  startFakeTelegramApi,
  textUpdate,
} from '@crm-bridge/bot-telegram/testing';
import { type Db, openDb } from '@crm-bridge/store';
import { createTestDatabase } from '@test/support/postgres';
import { runCli, scratchDir, startServe, until } from '../cli-harness.test-support';

const SIGNING_SECRET = 'serve-bots-signing-secret';
const WEBHOOK_SECRET = 'serve_bots-Webhook_secret-42';
const WEBHOOK_URL = 'https://crm.example.com/hooks/telegram';
const ANNA = { id: 5_000_000_001, first_name: 'Anna', language_code: 'en' };
const NAME = 'Romashka <GmbH> & Co';

function configYaml(slackApiUrl: string, telegramApiRoot: string, token: string): string {
  return `version: 1
currency:
  base: EUR
phone:
  defaultRegion: DE
logging:
  level: silent
bots:
  defaultTimeZone: Europe/Berlin
  slack:
    mode: http
    botToken: xoxb-serve-bots
    signingSecret: \${SLACK_SIGNING_SECRET}
    apiUrl: ${slackApiUrl}
  telegram:
    mode: webhook
    botToken: "${token}"
    apiRoot: ${telegramApiRoot}
    webhookUrl: ${WEBHOOK_URL}
    webhookSecret: \${TELEGRAM_WEBHOOK_SECRET}
    botUsername: crm_test_bot
`;
}

/** The inline buttons of a Telegram message. */
function buttonsOf(call: RecordedCall): string[] {
  const markup = call.params.reply_markup as { inline_keyboard?: Array<Array<{ text: string }>> } | undefined;
  return (markup?.inline_keyboard ?? []).flat().map((button) => button.text);
}

describe('crm-bridge serve with the Slack and Telegram bots (PostgreSQL, embedded duties)', () => {
  const slack = new FakeSlack();
  let telegram: FakeTelegramApi;
  let dir: string;
  let config: string;
  let env: NodeJS.ProcessEnv;
  let db: Db;
  let drop = async () => {};
  let key: string;
  let annaId: string;
  let serve: ReturnType<typeof startServe>;
  let url: string;
  let stopped = false;

  beforeAll(async () => {
    await slack.start();
    telegram = await startFakeTelegramApi();
    dir = scratchDir();
    config = path.join(dir, 'crm-bridge.yaml');
    writeFileSync(config, configYaml(slack.apiUrl, telegram.apiRoot, telegram.token));
    const database = await createTestDatabase();
    drop = database.drop;
    // No REDIS_URL: serve runs the duties itself.
    env = {
      DATABASE_URL: database.url,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    };
    const cli = async (args: string[]) => {
      const result = await runCli(['--config', config, ...args], { cwd: dir, env });
      expect(result).toMatchObject({ code: 0 });
      return result.stdout;
    };
    await cli(['migrate']);
    await cli([
      'employee',
      'add',
      '--name',
      'Anna Agent',
      '--email',
      'anna@example.com',
      '--slack',
      'U0ANNA',
      '--telegram',
      String(ANNA.id),
    ]);
    const employees = JSON.parse(await cli(['employee', 'list', '--json'])) as Array<{ id: string }>;
    annaId = employees[0]!.id;
    await cli(['employee', 'chat', annaId, '--notify', 'telegram', '--tz', 'Europe/Berlin']);
    key = JSON.parse(
      await cli([
        'apikey',
        'create',
        '--name',
        'it',
        '--scopes',
        'read,write',
        '--employee',
        annaId,
        '--json',
      ]),
    ).key;
    db = await openDb({ url: database.url });
    await customerInTwoErps(db, NAME);
    expect(env.REDIS_URL).toBeUndefined();
    serve = startServe(['--config', config, 'serve', '--port', '0'], dir, env);
    url = await serve.url;
  }, 180_000);

  afterAll(async () => {
    if (serve && !stopped) {
      process.emit('SIGTERM');
      await serve.exited;
    }
    await db?.close();
    await slack.stop();
    await telegram?.close();
    await drop();
  });

  const slackEndpoint = () => `${url}/slack/events`;
  const telegramEndpoint = () => `${url}${new URL(WEBHOOK_URL).pathname}`;

  it('runs the duties itself without Redis, and registers the Telegram webhook with its secret and the commands', async () => {
    expect(serve.output().out).toContain('background duties: running in this process');
    expect(serve.output().out).toContain('chat bots: Slack (Events API at /slack/events), Telegram');
    const [webhook] = telegram.callsOf('setWebhook');
    expect(webhook!.params).toMatchObject({ url: WEBHOOK_URL, secret_token: WEBHOOK_SECRET });
    const commands = telegram.callsOf('setMyCommands');
    expect(commands.map((call) => call.params.language_code ?? 'default')).toEqual(['default', 'ru']);
    expect(commands[0]!.params.commands).toEqual(
      expect.arrayContaining([expect.objectContaining({ command: 'find' })]),
    );
  });

  it('answers a signed /crm find with 200 and sends the card to the response_url', async () => {
    const find = commandBody({ text: 'find Romashka', userId: 'U0ANNA', responseUrl: slack.responseUrl(1) });
    const answered = await postSigned(slackEndpoint(), find, { secret: SIGNING_SECRET });
    expect(answered.status).toBe(200);
    const card = await slack.waitFor(() => slack.responses.find((r) => r.path === '/resp/1'));
    expect(JSON.stringify(card.body.blocks)).toContain('Romashka');
    expect(card.body.text).toContain('&lt;GmbH&gt; &amp; Co');
  });

  it('refuses a forged Slack signature with 401, answers nothing and writes nothing', async () => {
    const before = await storeCounts(db);
    const forged = await postSigned(
      slackEndpoint(),
      commandBody({ text: 'remind tomorrow 10am call', userId: 'U0ANNA', responseUrl: slack.responseUrl(2) }),
      { secret: 'not-the-signing-secret' },
    );
    expect(forged.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slack.responses.filter((r) => r.path === '/resp/2')).toEqual([]);
    expect(await storeCounts(db)).toEqual(before);
  });

  it('answers a Telegram update with the right secret header: 200 and the card sent to the chat', async () => {
    const update = await postUpdate(telegramEndpoint(), textUpdate(ANNA, '/find Romashka'), WEBHOOK_SECRET);
    expect(update.status).toBe(200);
    const sent = await until(async () => {
      const message = telegram.callsOf('sendMessage').find((call) => call.params.chat_id === ANNA.id);
      return message ?? false;
    });
    expect(sent.params).toMatchObject({ parse_mode: 'HTML' });
    expect(String(sent.params.text)).toContain('Romashka &lt;GmbH&gt; &amp; Co');
  });

  it('refuses a Telegram update with a wrong secret with 401, sends nothing and writes nothing', async () => {
    const before = await storeCounts(db);
    const callsBefore = telegram.calls.length;
    const wrong = await postUpdate(
      telegramEndpoint(),
      textUpdate(ANNA, '/remind tomorrow 10am call'),
      'wrong_secret',
    );
    expect(wrong.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(telegram.calls).toHaveLength(callsBefore);
    expect(await storeCounts(db)).toEqual(before);
  });

  it("delivers a due reminder to the employee's Telegram chat once, with Done and Snooze buttons", async () => {
    const created = await fetch(`${url}/v1/reminders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        text: 'Call back <Romashka> & Co',
        dueAt: new Date(Date.now() - 1000).toISOString(),
      }),
    });
    expect(created.status).toBe(201);
    const { id: reminderId } = (await created.json()) as { id: string };
    const notification = await until(async () => {
      const message = telegram
        .callsOf('sendMessage')
        .find((call) => String(call.params.text).includes('Call back &lt;Romashka&gt; &amp; Co'));
      return message ?? false;
    });
    expect(notification.params.chat_id).toBe(ANNA.id);
    expect(buttonsOf(notification)).toEqual(expect.arrayContaining(['Done', 'Snooze 1h']));
    const rows = await db.query<{ status: string; channel: string }>(
      `SELECT n.status, n.channel FROM chat_notifications n JOIN outbox o ON o.id = n.outbox_id
        WHERE n.employee_id = $1 AND o.payload::text LIKE '%' || $2 || '%'`,
      [annaId, reminderId],
    );
    expect(rows).toEqual([{ status: 'sent', channel: 'telegram' }]);
    // Sent once, though the chat drain runs every second.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const reminders = telegram
      .callsOf('sendMessage')
      .filter((call) => String(call.params.text).includes('Call back'));
    expect(reminders).toHaveLength(1);
  });

  it('stops on SIGTERM with status 0', async () => {
    process.emit('SIGTERM');
    stopped = true;
    expect(await serve.exited).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
