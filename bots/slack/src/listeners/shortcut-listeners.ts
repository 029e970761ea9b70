/**
 * Shortcuts: global "New ticket" / "New reminder" and the message shortcut "Create ticket from message". Each
 * opens a loading modal with the trigger at once (it expires in 3 s), then asks the core for the form and
 * swaps it in with views.update.
 */
import { CHAT_THREAD_FIELD, type ChatForm } from '@crm-bridge/bot-core';
import type { App, MessageShortcut, webApi } from '@slack/bolt';
import { slackPlace } from '../slack-identity';
import { type ListenerDeps, logFailure } from './listener-deps';
import { openFormFromCore } from './open-form';

/** callback_ids of the shortcuts (config/slack-manifest.yml). */
export const SHORTCUTS = {
  newTicket: 'crm_new_ticket',
  newReminder: 'crm_new_reminder',
  ticketFromMessage: 'crm_ticket_from_message',
} as const;

/** Slack message text as plain text: its three entities decoded. */
function messagePlainText(text: string | undefined): string {
  return (text ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The new-ticket form with the message as its description and the thread as a hidden value. */
function ticketFromMessage(
  deps: ListenerDeps,
  client: webApi.WebClient,
  shortcut: MessageShortcut,
): (form: ChatForm) => Promise<ChatForm> {
  return async (form) => {
    const channel = shortcut.channel.id;
    const ts = shortcut.message.thread_ts ?? shortcut.message.ts;
    let permalink: string | undefined;
    try {
      const answer = await client.chat.getPermalink({ channel, message_ts: shortcut.message.ts });
      permalink = answer.permalink;
    } catch (error) {
      logFailure(deps.log, 'chat.getPermalink', error);
    }
    const text = messagePlainText(shortcut.message.text);
    const target =
      form.fields.find((field) => field.id === 'description') ??
      form.fields.find((field) => field.kind === 'multiline');
    return {
      ...form,
      fields: form.fields.map((field) => (field === target ? { ...field, initial: text } : field)),
      hidden: {
        ...form.hidden,
        [CHAT_THREAD_FIELD]: JSON.stringify({
          channel: 'slack',
          channelId: channel,
          ts,
          ...(permalink ? { permalink } : {}),
        }),
      },
    };
  };
}

export function registerShortcutListeners(app: App, deps: ListenerDeps): void {
  const globalShortcut = (callbackId: string, line: string) =>
    app.shortcut({ type: 'shortcut', callback_id: callbackId }, async ({ shortcut, ack, client }) => {
      await ack();
      try {
        await openFormFromCore(deps, {
          client,
          triggerId: shortcut.trigger_id,
          userId: shortcut.user.id,
          teamId: shortcut.team?.id,
          place: slackPlace(null, shortcut.user.id),
          input: { kind: 'text', text: line },
          listener: `shortcut ${callbackId}`,
        });
      } catch (error) {
        logFailure(deps.log, `shortcut ${callbackId}`, error);
      }
    });
  globalShortcut(SHORTCUTS.newTicket, deps.lines.newTicket);
  globalShortcut(SHORTCUTS.newReminder, deps.lines.newReminder);

  app.shortcut(
    { type: 'message_action', callback_id: SHORTCUTS.ticketFromMessage },
    async ({ shortcut, ack, client }) => {
      await ack();
      try {
        await openFormFromCore(deps, {
          client,
          triggerId: shortcut.trigger_id,
          userId: shortcut.user.id,
          teamId: shortcut.team?.id,
          place: slackPlace(shortcut.channel.id, shortcut.user.id),
          input: { kind: 'text', text: deps.lines.newTicket },
          listener: `shortcut ${SHORTCUTS.ticketFromMessage}`,
          prepare: ticketFromMessage(deps, client, shortcut),
        });
      } catch (error) {
        logFailure(deps.log, `shortcut ${SHORTCUTS.ticketFromMessage}`, error);
      }
    },
  );
}
