import type { ChatLanguage } from '@crm-bridge/core';
import { en, type MessageKey } from './catalogue-en';
import { ru } from './catalogue-ru';

export type { MessageKey } from './catalogue-en';

const catalogues: Record<ChatLanguage, Record<MessageKey, string>> = { en, ru };

/** The catalogue of a language, for the test that both have the same keys. */
export function catalogue(lang: ChatLanguage): Readonly<Record<MessageKey, string>> {
  return catalogues[lang];
}

/** A text of the catalogue with `{name}` placeholders filled in; an unknown placeholder stays visible. */
export function t(lang: ChatLanguage, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return catalogues[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

/** The catalogue language for a platform hint (Telegram `ru-RU`, Slack `en-US`), or null. */
export function languageOfHint(hint: string | undefined): ChatLanguage | null {
  const code = hint?.slice(0, 2).toLowerCase();
  return code === 'ru' || code === 'en' ? code : null;
}
