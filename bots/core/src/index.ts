/** @crm-bridge/bot-core: the channel-neutral chat commands, views, texts and times every chat adapter shares. */

export {
  ACTIONS,
  type ActionVerb,
  type ChatAction,
  decodeAction,
  encodeAction,
  MAX_ACTION_BYTES,
  tryEncodeAction,
} from './actions/action-codec';
export { BIND_CODE_TTL_MS, createBindCode, redeemBindCode } from './binding/bind-codes';
export { type ChatBotOptions, createChatBot } from './chat-bot';
export { type ChatBotDeps, type ChatConfig, showsPersonalData } from './chat-context';
export * from './chat-contract';
export { COMMAND_WORDS, type CommandName, isSubWord, readCommand } from './commands/command-words';
export { DEFAULT_REMINDER_HOUR, parseWhen, type WhenResult } from './dates/parse-when';
export { catalogue, languageOfHint, type MessageKey, t } from './i18n/messages';
export * from './notifications/index';
export { type PlainMessage, renderPlain, renderPlainForm } from './render/plain-renderer';
export { formatTime } from './views/format';
export { PAGE_SIZE } from './views/paging-buttons';
