/** The words of the Telegram adapter, all from the core's catalogue (the field-by-field form controls too). */
import { languageOfHint, t } from '@crm-bridge/bot-core';
import type { ChatLanguage } from '@crm-bridge/core';

export type TelegramLanguage = ChatLanguage;

export interface TelegramTexts {
  notRegistered: string;
  skip: string;
  cancel: string;
  cancelled: string;
  expired: string;
  noMatch: string;
  pick: string;
  pickAbove: string;
  current: string;
  failed: string;
}

/** The employee's language, else Telegram's language_code ("ru", "ru-RU"), else English. */
export function languageOf(
  employeeLanguage: ChatLanguage | string | null | undefined,
  languageCode?: string,
): TelegramLanguage {
  if (employeeLanguage === 'ru' || employeeLanguage === 'en') return employeeLanguage;
  return languageOfHint(languageCode) ?? 'en';
}

export function textsFor(language: TelegramLanguage): TelegramTexts {
  return {
    notRegistered: t(language, 'bot.not_registered'),
    skip: t(language, 'form.skip'),
    cancel: t(language, 'button.cancel'),
    cancelled: t(language, 'form.cancelled'),
    expired: t(language, 'form.expired'),
    noMatch: t(language, 'form.no_match'),
    pick: t(language, 'form.pick'),
    pickAbove: t(language, 'form.pick_above'),
    current: t(language, 'form.current'),
    failed: t(language, 'bot.error'),
  };
}
