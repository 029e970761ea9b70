/** Real Telegram Update JSON for tests, and the POST Telegram makes to a webhook (with the secret-token header). */
import type { Update } from 'node-telegram-bot-api';
import { SECRET_HEADER } from '../telegram-webhook';

export const SECRET = 'test_Secret-token_0123456789';
export const WEBHOOK_PATH = '/telegram/webhook';
export const BOT_USERNAME = 'crm_test_bot';

let nextUpdateId = 10_000;
let nextMessageId = 1;

export interface TelegramPerson {
  id: number;
  first_name: string;
  language_code?: string;
}

const chatOf = (person: TelegramPerson, group?: number) =>
  group === undefined
    ? { id: person.id, type: 'private', first_name: person.first_name }
    : { id: group, type: 'supergroup', title: 'Sales' };

export function textUpdate(from: TelegramPerson, text: string, options: { group?: number } = {}): Update {
  const entities = text.startsWith('/')
    ? [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]!.length }]
    : undefined;
  return {
    update_id: nextUpdateId++,
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      from: { is_bot: false, ...from },
      chat: chatOf(from, options.group),
      text,
      ...(entities ? { entities } : {}),
    },
  } as Update;
}

export function callbackUpdate(
  from: TelegramPerson,
  data: string,
  message: { chatId: number; messageId: number } = { chatId: from.id, messageId: 1 },
): Update {
  return {
    update_id: nextUpdateId++,
    callback_query: {
      id: `cq-${nextUpdateId}`,
      from: { is_bot: false, ...from },
      chat_instance: 'ci-1',
      data,
      message: {
        message_id: message.messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: message.chatId, type: 'private', first_name: from.first_name },
        text: 'old',
      },
    },
  } as Update;
}

export function chatMemberUpdate(from: TelegramPerson, status: 'kicked' | 'member'): Update {
  const bot = { id: 123456, is_bot: true, first_name: 'CRM Bridge', username: BOT_USERNAME };
  return {
    update_id: nextUpdateId++,
    my_chat_member: {
      chat: chatOf(from),
      from: { is_bot: false, ...from },
      date: Math.floor(Date.now() / 1000),
      old_chat_member: { status: status === 'kicked' ? 'member' : 'kicked', user: bot },
      new_chat_member: { status, user: bot, ...(status === 'kicked' ? { until_date: 0 } : {}) },
    },
  } as Update;
}

/** POSTs `update` to a webhook URL as Telegram does: JSON, with the secret header unless `secret` is null. */
export function postUpdate(url: string, update: Update, secret: string | null = SECRET): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret === null ? {} : { [SECRET_HEADER]: secret }),
    },
    body: JSON.stringify(update),
  });
}
