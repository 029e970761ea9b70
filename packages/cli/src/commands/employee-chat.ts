import os from 'node:os';
import { createBindCode } from '@crm-bridge/bot-core';
import {
  ChatLanguage,
  ConfigError,
  type EmployeeChatChange,
  NotifyVia,
  SlackUserId,
  TimeZone,
} from '@crm-bridge/core';
import { type DeskActor, setEmployeeChat } from '@crm-bridge/desk';
import type { Actor } from '@crm-bridge/store';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { readConfig, withStore } from '../context';
import { employeeByReference } from './chat';

/** CLI writes are audited as the operating-system user who ran the command. */
function operator(): Actor {
  return { kind: 'cli', id: os.userInfo().username, channel: 'cli' };
}

/** The operator as the desk sees them: whoever may run the CLI against the store administers it. */
function deskOperator(): DeskActor {
  const name = os.userInfo().username;
  return { kind: 'cli', id: name, channel: 'cli', role: 'admin', employeeId: null, name };
}

interface ChatOptions {
  tz?: string;
  lang?: string;
  notify?: string;
  slack?: string;
  slackTeam?: string;
}

/** The change the options ask for; each value checked with the same schema the store uses. */
export function chatChange(options: ChatOptions): EmployeeChatChange {
  const change: EmployeeChatChange = {};
  if (options.tz !== undefined)
    change.timeZone = TimeZone.parse(options.tz, {
      error: () => '--tz must be an IANA zone such as Europe/Berlin',
    });
  if (options.lang !== undefined)
    change.language = ChatLanguage.parse(options.lang, { error: () => '--lang must be en or ru' });
  if (options.notify !== undefined) {
    change.notifyVia = NotifyVia.parse(options.notify, {
      error: () => '--notify must be slack, telegram or both',
    });
  }
  if (options.slack !== undefined)
    change.slackUserId = SlackUserId.parse(options.slack, {
      error: () => '--slack must be a Slack user id such as U012ABCDEF',
    });
  if (options.slackTeam !== undefined) change.slackTeamId = options.slackTeam;
  return change;
}

/** `crm-bridge employee chat <employee> …` and `crm-bridge employee telegram-link <employee>`. */
export function registerEmployeeChatCommands(employee: Command, context: CommandContext): void {
  const { io } = context;

  employee
    .command('chat <employee>')
    .description(
      "set an employee's chat settings and Slack binding (audited); <employee> is an id, e-mail or name",
    )
    .option('--tz <zone>', 'time zone for reading and showing times, e.g. Europe/Berlin')
    .option('--lang <lang>', 'language of bot messages: en or ru')
    .option('--notify <where>', 'where notifications go: slack, telegram or both')
    .option('--slack <userId>', 'bind a Slack user id, e.g. U0123ABCD')
    .option('--slack-team <teamId>', 'the Slack workspace id of --slack, e.g. T0123ABCD')
    .action(async (reference: string, options: ChatOptions) => {
      const change = chatChange(options);
      const config = readConfig(context.options(), io);
      const updated = await withStore(config, io, async (db) =>
        setEmployeeChat(db, deskOperator(), (await employeeByReference(db, reference)).id, change),
      );
      io.out(
        `${updated.name}: zone ${updated.timeZone ?? `${config.bots.defaultTimeZone} (default)`}, language ${updated.language ?? `${config.bots.defaultLanguage} (default)`}, notifications ${updated.notifyVia}` +
          `${updated.slackUserId ? `, Slack ${updated.slackUserId}${updated.slackTeamId ? `@${updated.slackTeamId}` : ''}` : ''}` +
          `${updated.telegramUserId ? `, Telegram ${updated.telegramUserId}` : ''}`,
      );
    });

  employee
    .command('telegram-link <employee>')
    .description("make a one-time link (24 h) that binds the employee's Telegram account to the bot")
    .action(async (reference: string) => {
      const config = readConfig(context.options(), io);
      const username = config.bots.telegram?.botUsername;
      if (!username) {
        throw new ConfigError(
          "bots.telegram.botUsername is not set: add the bot's username from @BotFather to crm-bridge.yaml",
          {
            code: 'cli.telegram_username_missing',
          },
        );
      }
      const {
        code,
        expiresAt,
        employee: bound,
      } = await withStore(config, io, async (db) =>
        createBindCode(db, (await employeeByReference(db, reference)).id, operator()),
      );
      io.out(`https://t.me/${username}?start=${code}`);
      io.err(
        `one-time link for ${bound.name}, valid until ${expiresAt.toISOString()}: open it in Telegram and press Start`,
      );
    });
}
