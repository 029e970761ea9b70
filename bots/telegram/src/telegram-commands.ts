/**
 * The bot's commands: what setMyCommands registers (English by default, Russian for language_code "ru"),
 * and how a command line from Telegram ("/find@crm_bot Иванов") becomes the core's text ("find Иванов").
 * Which words are commands is the core's (COMMAND_WORDS): every one of them is passed on, none is kept here.
 */
import { COMMAND_WORDS, type CommandName } from '@crm-bridge/bot-core';
import type { ChatLanguage } from '@crm-bridge/core';
import type { BotCommand } from 'node-telegram-bot-api';

/** The commands in the menu: all of the core's but /start (it comes from the t.me deep link with a code). */
export type MenuCommand = Exclude<CommandName, 'start'>;

/** The menu descriptions, in the order the menu shows them (1-256 characters each). */
export const MENU_DESCRIPTIONS: Readonly<Record<MenuCommand, Record<ChatLanguage, string>>> = {
  find: {
    en: 'Find a customer: name, phone, e-mail, tax id or order',
    ru: 'Найти клиента: имя, телефон, e-mail, ИНН или заказ',
  },
  card: { en: "A customer's card", ru: 'Карточка клиента' },
  orders: { en: 'Orders of a customer from every ERP', ru: 'Заказы клиента из всех ERP' },
  timeline: { en: 'Orders, tickets, notes and reminders of a customer', ru: 'История клиента' },
  note: { en: 'Add a note to a customer', ru: 'Заметка к клиенту' },
  tickets: { en: 'My open tickets', ru: 'Мои открытые заявки' },
  ticket: {
    en: 'A ticket (/ticket T-12), or a new one: /ticket new',
    ru: 'Заявка (/ticket T-12) или новая: /ticket new',
  },
  assign: { en: 'Assign a ticket: /assign T-12 me', ru: 'Назначить заявку: /assign T-12 я' },
  comment: { en: 'Comment on a ticket: /comment T-12 text', ru: 'Комментарий: /comment T-12 текст' },
  status: { en: 'Change a ticket status: /status T-12 pending', ru: 'Статус заявки: /status T-12 ожидание' },
  resolve: { en: 'Resolve a ticket: /resolve T-12', ru: 'Решить заявку: /resolve T-12' },
  reopen: { en: 'Reopen a ticket: /reopen T-12', ru: 'Переоткрыть заявку: /reopen T-12' },
  remind: {
    en: 'Remind me: /remind tomorrow 10am call back',
    ru: 'Напомнить: /remind завтра в 10 перезвонить',
  },
  reminders: { en: 'My reminders', ru: 'Мои напоминания' },
  done: { en: 'Mark a reminder done', ru: 'Отметить напоминание выполненным' },
  snooze: { en: 'Snooze a reminder: /snooze <id> 1h', ru: 'Отложить напоминание: /snooze <id> 1h' },
  cancel: {
    en: 'Cancel the form in progress, or a reminder: /cancel <id>',
    ru: 'Отменить форму или напоминание: /cancel <id>',
  },
  dormant: { en: 'My customers who stopped ordering', ru: 'Мои клиенты, переставшие заказывать' },
  settings: { en: 'Language, time zone, notifications', ru: 'Язык, часовой пояс, уведомления' },
  help: { en: 'What the bot can do', ru: 'Что умеет бот' },
};

/** The form's own command: /skip keeps a field's value or leaves an optional one out. */
export const SKIP_COMMAND = 'skip';
/** /cancel drops the form in progress; with no form it is the core's (cancel a reminder). */
export const CANCEL_COMMAND: CommandName = 'cancel';

/** Every word the core takes as a command, lower-case (English and Russian: "/найти" works in a DM). */
const CORE_WORDS = new Set<string>(Object.values(COMMAND_WORDS).flat());

/** Telegram's rule for a command name in setMyCommands. */
const MENU_NAME = /^[a-z0-9_]{1,32}$/;

/** The command menu for setMyCommands in one language (≤ 100 commands). */
export function commandList(language: ChatLanguage): BotCommand[] {
  return Object.entries(MENU_DESCRIPTIONS)
    .filter(([command]) => MENU_NAME.test(command))
    .slice(0, 100)
    .map(([command, description]) => ({ command, description: description[language] }));
}

export interface ParsedCommand {
  /** The command word, lower-case, without the slash and @botname. */
  command: string;
  args: string;
  /** A word the core knows (COMMAND_WORDS). */
  known: boolean;
  /** Written as /command@our_bot: meant for us even in a group with other bots. */
  addressed: boolean;
}

/**
 * A message's command, or null when the text is no command for us: not a command at all, or one addressed
 * to another bot (/find@other_bot).
 */
export function parseCommand(text: string, botUsername: string | undefined): ParsedCommand | null {
  const match = /^\/([^\s@/]{1,32})(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/u.exec(text.trim());
  if (!match) return null;
  const command = match[1]!.toLowerCase();
  const addressee = match[2];
  const ours = botUsername !== undefined && addressee?.toLowerCase() === botUsername.toLowerCase();
  if (addressee !== undefined && botUsername !== undefined && !ours) return null;
  return { command, args: (match[3] ?? '').trim(), known: CORE_WORDS.has(command), addressed: ours };
}

/** The core's command line for a Telegram command: "find Иванов", "start <code>", "help". */
export function coreText(parsed: Pick<ParsedCommand, 'command' | 'args'>): string {
  return parsed.args === '' ? parsed.command : `${parsed.command} ${parsed.args}`;
}
