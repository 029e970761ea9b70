/** Bolt's Logger interface over our pino logger, so Bolt's lines land in the same JSON stream. */
import type { Logger } from '@crm-bridge/core';
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';

function line(parts: unknown[]): string {
  return parts.map((part) => (part instanceof Error ? part.message : String(part))).join(' ');
}

/** A Bolt logger writing through `log` (component slack). */
export function boltLogger(log: Logger): BoltLogger {
  let child = log.child({ component: 'slack' });
  let level = LogLevel.INFO;
  return {
    debug: (...parts) => child.debug(line(parts)),
    info: (...parts) => child.info(line(parts)),
    warn: (...parts) => child.warn(line(parts)),
    error: (...parts) => child.error(line(parts)),
    // The level of our logger (config logging.level) decides what is written, not Bolt's.
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: (name) => {
      child = log.child({ component: 'slack', name });
    },
  };
}
