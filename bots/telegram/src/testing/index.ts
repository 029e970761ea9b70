/** Test doubles for Telegram: the fake Bot API and real Update JSON, for this package and the CLI's tests. */
export * from './fake-telegram-api';
export * from './telegram-updates';
