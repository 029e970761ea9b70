import type { ChatLanguage, Config, Employee } from '@crm-bridge/core';
import { type DeskActor, type DeskSettings, deskSettings, employeeActor } from '@crm-bridge/desk';
import type { Db } from '@crm-bridge/store';
import type { ChatPlace, ChatUser } from './chat-contract';
import { type MessageKey, t } from './i18n/messages';

/** What the chat core needs of the config. */
export type ChatConfig = Pick<Config, 'bots' | 'phone' | 'sources' | 'tickets' | 'owners'>;

/** What createChatBot is built from. */
export interface ChatBotDeps {
  db: Db;
  config: ChatConfig;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
}

/** The settings read once from the config. */
export interface ChatSettings {
  desk: DeskSettings;
  defaultRegion: string;
  defaultTimeZone: string;
  defaultLanguage: ChatLanguage;
  /** Source id → where its web pages are (kind and base URL). */
  sources: Map<string, { kind: string; url: string; name: string }>;
  groupChats: ChatConfig['bots']['groupChats'];
  /** The Telegram bot's @username, for binding links; null when no bot is configured. */
  telegramBotUsername: string | null;
}

export function chatSettings(config: ChatConfig): ChatSettings {
  return {
    desk: deskSettings(config),
    defaultRegion: config.phone.defaultRegion,
    defaultTimeZone: config.bots.defaultTimeZone,
    defaultLanguage: config.bots.defaultLanguage,
    sources: new Map(
      config.sources.map((source) => [
        source.id,
        { kind: source.kind, url: source.url, name: source.name ?? source.id },
      ]),
    ),
    groupChats: config.bots.groupChats,
    telegramBotUsername: config.bots.telegram?.enabled ? (config.bots.telegram.botUsername ?? null) : null,
  };
}

/** One request as the command handlers see it: who, where, in which language and zone, at what time. */
export interface ChatContext {
  db: Db;
  settings: ChatSettings;
  employee: Employee;
  actor: DeskActor;
  user: ChatUser;
  place: ChatPlace;
  lang: ChatLanguage;
  zone: string;
  now: Date;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
}

export function chatContext(options: {
  db: Db;
  settings: ChatSettings;
  employee: Employee;
  user: ChatUser;
  place: ChatPlace;
  lang: ChatLanguage;
  now: Date;
}): ChatContext {
  const { lang } = options;
  return {
    ...options,
    actor: employeeActor(options.employee, options.user.channel),
    zone: options.employee.timeZone ?? options.settings.defaultTimeZone,
    t: (key, vars) => t(lang, key, vars),
  };
}

/** Whether a card in this place may show phones and e-mails: always in private, in groups only when allowed. */
export function showsPersonalData(ctx: Pick<ChatContext, 'place' | 'user' | 'settings'>): boolean {
  if (ctx.place.kind === 'private') return true;
  return ctx.settings.groupChats.some(
    (chat) => chat.channel === ctx.user.channel && chat.chatId === ctx.place.id && chat.showPersonalData,
  );
}
