/**
 * The bot's commands: what setMyCommands registers (English by default, Russian for language_code "ru"),
 * and how a command line from Telegram ("/find@crm_bot Иванов") becomes the core's text ("find Иванов").
 */
import type { BotCommand } from 'node-telegram-bot-api';

/** Commands the core understands, with their menu descriptions. */
export const TELEGRAM_COMMANDS: ReadonlyArray<{ command: string; en: string; ru: string }> = [
  {
    command: 'find',
    en: 'Find a customer: name, phone, e-mail, tax id or order',
    ru: 'Найти клиента: имя, телефон, e-mail, ИНН или заказ',
  },
  { command: 'card', en: "A customer's card", ru: 'Карточка клиента' },
  { command: 'tickets', en: 'My open tickets', ru: 'Мои открытые обращения' },
  {
    command: 'ticket',
    en: 'A ticket (/ticket T-12), or a new one: /ticket new',
    ru: 'Обращение (/ticket T-12) или новое: /ticket new',
  },
  { command: 'reminders', en: 'My reminders', ru: 'Мои напоминания' },
  {
    command: 'remind',
    en: 'Remind me: /remind tomorrow 10am call back',
    ru: 'Напомнить: /remind завтра в 10 перезвонить',
  },
  { command: 'note', en: 'Add a note to a customer', ru: 'Заметка к клиенту' },
  { command: 'settings', en: 'Language, time zone, notifications', ru: 'Язык, часовой пояс, уведомления' },
  { command: 'help', en: 'What the bot can do', ru: 'Что умеет бот' },
];

/** Commands of the field-by-field forms, handled here and not passed on: /cancel drops a form, /skip a field. */
export const CANCEL_COMMAND = 'cancel';
export const SKIP_COMMAND = 'skip';

const KNOWN = new Set([...TELEGRAM_COMMANDS.map((c) => c.command), 'start', CANCEL_COMMAND, SKIP_COMMAND]);

export function commandList(language: 'en' | 'ru'): BotCommand[] {
  return TELEGRAM_COMMANDS.map((c) => ({ command: c.command, description: c[language] }));
}

export interface ParsedCommand {
  command: string;
  args: string;
}

/**
 * A message's command, or null when the text is no command of ours: not a command, a command addressed to
 * another bot (/find@other_bot), or one we do not know.
 */
export function parseCommand(text: string, botUsername: string | undefined): ParsedCommand | null {
  const match = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return null;
  const command = match[1]!.toLowerCase();
  const addressee = match[2];
  if (
    addressee !== undefined &&
    botUsername !== undefined &&
    addressee.toLowerCase() !== botUsername.toLowerCase()
  ) {
    return null;
  }
  if (!KNOWN.has(command)) return null;
  return { command, args: (match[3] ?? '').trim() };
}

/** The core's command line for a Telegram command: "find Иванов", "start <code>", "help". */
export function coreText(parsed: ParsedCommand): string {
  return parsed.args === '' ? parsed.command : `${parsed.command} ${parsed.args}`;
}
