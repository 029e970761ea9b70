/**
 * The words of the Telegram adapter: "not registered", "something went wrong" and Cancel come from the core's
 * catalogue; the controls of the field-by-field forms (which only Telegram has) are kept here.
 */
import { t } from '@crm-bridge/bot-core';

export type TelegramLanguage = 'en' | 'ru';

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

const FORM_TEXTS: Record<TelegramLanguage, Omit<TelegramTexts, 'notRegistered' | 'cancel' | 'failed'>> = {
  en: {
    skip: 'Skip',
    cancelled: 'Cancelled.',
    expired: 'This form has expired. Start again.',
    noMatch: 'No customer found. Type another name, phone or e-mail.',
    pick: 'Pick one:',
    pickAbove: 'Pick one of the buttons above, or Cancel.',
    current: 'Now',
  },
  ru: {
    skip: 'Пропустить',
    cancelled: 'Отменено.',
    expired: 'Форма устарела. Начните заново.',
    noMatch: 'Клиент не найден. Введите другое имя, телефон или e-mail.',
    pick: 'Выберите:',
    pickAbove: 'Нажмите одну из кнопок выше или «Отменить».',
    current: 'Сейчас',
  },
};

/** The employee's language, else Telegram's language_code ("ru", "ru-RU"), else English. */
export function languageOf(
  employeeLanguage: string | null | undefined,
  languageCode?: string,
): TelegramLanguage {
  if (employeeLanguage === 'ru' || employeeLanguage === 'en') return employeeLanguage;
  return languageCode?.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

export function textsFor(language: TelegramLanguage): TelegramTexts {
  return {
    ...FORM_TEXTS[language],
    notRegistered: t(language, 'bot.not_registered'),
    cancel: t(language, 'button.cancel'),
    failed: t(language, 'bot.error'),
  };
}
