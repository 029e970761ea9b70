/** What every listener needs, and the edge where a listener's failure is logged and told to the user. */
import type { ChatBot } from '@crm-bridge/bot-core';
import type { Logger } from '@crm-bridge/core';
import { platformErrorCode } from '../web-api-client';

/** The core's command lines the adapter sends for its own surfaces (bots/core's command table). */
export interface SlackCommandLines {
  /** Opens the new-ticket form. @defaultValue "ticket new" */
  newTicket: string;
  /** Opens the new-reminder form. @defaultValue "remind" */
  newReminder: string;
  /** The sections of the App Home tab, in order. @defaultValue ["tickets", "reminders", "dormant"] */
  home: string[];
}

export const DEFAULT_COMMAND_LINES: SlackCommandLines = {
  newTicket: 'ticket new',
  newReminder: 'remind',
  // My tickets, my due reminders, my customers gone dormant (the core's `dormant`, mine by default).
  home: ['tickets', 'reminders', 'dormant'],
};

export interface ListenerDeps {
  chatBot: ChatBot;
  log: Logger;
  lines: SlackCommandLines;
}

/** Logs a listener failure without payloads or tokens; the user is told the catalogue's slack.failure. */
export function logFailure(log: Logger, listener: string, error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  log.error(
    { listener, err: { type: err.name, message: err.message, code: platformErrorCode(error) ?? undefined } },
    'Slack listener failed',
  );
}
