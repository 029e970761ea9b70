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
  /** The sections of the App Home tab, in order. @defaultValue ["tickets", "reminders"] */
  home: string[];
}

export const DEFAULT_COMMAND_LINES: SlackCommandLines = {
  newTicket: 'ticket new',
  newReminder: 'remind',
  // The core has no "my dormant customers" command yet; add its line here when it does.
  home: ['tickets', 'reminders', 'dormant'],
};

export interface ListenerDeps {
  chatBot: ChatBot;
  log: Logger;
  lines: SlackCommandLines;
}

/** What a failed listener tells the user; the details go to the log only. */
export const FAILURE_TEXT = 'Sorry, that did not work. Please try again in a moment.';

/** Logs a listener failure without payloads or tokens: the error's name, code and message. */
export function logFailure(log: Logger, listener: string, error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  log.error(
    { listener, err: { type: err.name, message: err.message, code: platformErrorCode(error) ?? undefined } },
    'Slack listener failed',
  );
}
