import { ChatLanguage, type EmployeeChatChange, isTimeZone, NotifyVia } from '@crm-bridge/core';
import { setEmployeeChat, storeActor } from '@crm-bridge/desk';
import { encodeAction } from '../actions/action-codec';
import { createBindCode } from '../binding/bind-codes';
import { type ChatContext, chatContext } from '../chat-context';
import type { ChatReply, ChatView } from '../chat-contract';
import type { MessageKey } from '../i18n/messages';
import { isSubWord } from './command-words';
import { textReply, viewReply } from './replies';

function settingsView(ctx: ChatContext, headline?: string): ChatView {
  const notify = ctx.employee.notifyVia;
  return {
    summary: headline ?? ctx.t('settings.title'),
    blocks: [
      ...(headline ? [{ type: 'line' as const, spans: [{ bold: headline }] }] : []),
      { type: 'heading', text: ctx.t('settings.title') },
      {
        type: 'fields',
        fields: [
          { label: ctx.t('settings.zone'), value: [ctx.zone] },
          { label: ctx.t('settings.language'), value: [ctx.lang === 'ru' ? 'Русский' : 'English'] },
          { label: ctx.t('settings.notify'), value: [ctx.t(`notify.${notify}` as MessageKey)] },
        ],
      },
      { type: 'context', spans: [ctx.t('settings.zone_hint')] },
    ],
    buttons: [
      [
        { label: ctx.t('button.lang_en'), action: encodeAction('settingsLanguage', 'en') },
        { label: ctx.t('button.lang_ru'), action: encodeAction('settingsLanguage', 'ru') },
      ],
      NotifyVia.options
        .filter((via) => via !== notify)
        .map((via) => ({
          label: ctx.t(`button.notify_${via}` as MessageKey),
          action: encodeAction('settingsNotify', via),
        })),
    ],
  };
}

export function showSettings(ctx: ChatContext): ChatReply {
  return viewReply(settingsView(ctx));
}

/** Saves a chat setting (audited with the channel) and answers in the new language. */
async function save(ctx: ChatContext, change: EmployeeChatChange): Promise<ChatReply> {
  const employee = await setEmployeeChat(ctx.db, ctx.actor, ctx.employee.id, change);
  const next = chatContext({ ...ctx, employee, lang: employee.language ?? ctx.lang });
  return viewReply(settingsView(next, next.t('settings.saved')));
}

export function setLanguage(ctx: ChatContext, value: string): Promise<ChatReply> | ChatReply {
  const lang = ChatLanguage.safeParse(value.toLowerCase());
  return lang.success ? save(ctx, { language: lang.data }) : textReply(ctx.t('settings.usage'));
}

export function setNotify(ctx: ChatContext, value: string): Promise<ChatReply> | ChatReply {
  const via = NotifyVia.safeParse(value.toLowerCase());
  return via.success ? save(ctx, { notifyVia: via.data }) : textReply(ctx.t('settings.usage'));
}

/** "settings", "settings tz Europe/Berlin", "settings lang ru", "settings notify telegram". */
export async function settingsCommand(ctx: ChatContext, args: string): Promise<ChatReply> {
  const [what, value = ''] = args.split(/\s+/, 2);
  if (!what) return showSettings(ctx);
  if (isSubWord(what, 'zone')) {
    if (!isTimeZone(value) || !value.includes('/'))
      return textReply(ctx.t('settings.bad_zone', { zone: value }));
    return save(ctx, { timeZone: value });
  }
  if (isSubWord(what, 'language')) return setLanguage(ctx, value);
  if (isSubWord(what, 'notify')) return setNotify(ctx, value);
  if (isSubWord(what, 'telegram')) return telegramLink(ctx);
  return textReply(ctx.t('settings.usage'));
}

/** The employee's own one-time Telegram binding link (t.me/<bot>?start=<code>), only in a private chat. */
async function telegramLink(ctx: ChatContext): Promise<ChatReply> {
  if (ctx.place.kind !== 'private') return textReply(ctx.t('settings.telegram_private'));
  const bot = ctx.settings.telegramBotUsername;
  if (!bot) return textReply(ctx.t('settings.telegram_unknown'));
  const { code } = await createBindCode(ctx.db, ctx.employee.id, storeActor(ctx.actor));
  return textReply(ctx.t('settings.telegram_link', { link: `https://t.me/${bot}?start=${code}` }));
}
