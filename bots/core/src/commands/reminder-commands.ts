import {
  cancelReminder,
  completeReminder,
  createReminder,
  listReminders,
  type ReminderView,
  snoozeReminder,
} from '@crm-bridge/desk';
import { DateTime } from 'luxon';
import type { ChatContext } from '../chat-context';
import type { ChatReply } from '../chat-contract';
import { DEFAULT_REMINDER_HOUR, parseWhen } from '../dates/parse-when';
import { formatTime } from '../views/format';
import { reminderListView, reminderView } from '../views/reminder-views';
import { pageAt } from './page-walk';
import { textReply, viewReply } from './replies';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The answer to a time that could not be read or lies in the past: with examples, never a guess. */
export function whenProblem(
  ctx: ChatContext,
  text: string,
  result: { reason: 'unparsed' | 'past'; at?: Date },
): ChatReply {
  if (result.reason === 'past' && result.at) {
    return textReply(ctx.t('when.past', { when: formatTime(result.at, ctx.zone, ctx.lang) }));
  }
  return textReply(ctx.t('when.unparsed', { text }));
}

/** "remind tomorrow 10am call them back": the time phrase and the rest as the text. */
export async function remind(
  ctx: ChatContext,
  text: string,
  about: { profileId?: string | null } = {},
): Promise<ChatReply> {
  const when = parseWhen(text, { zone: ctx.zone, now: ctx.now });
  if (!when.ok) return whenProblem(ctx, text, when);
  if (!when.rest) return textReply(ctx.t('reminder.no_text'));
  return createFor(ctx, { text: when.rest, dueAt: when.at, profileId: about.profileId ?? null });
}

export async function createFor(
  ctx: ChatContext,
  input: { text: string; dueAt: Date; profileId: string | null },
): Promise<ChatReply> {
  const reminder = await createReminder(ctx.db, ctx.actor, input, { now: ctx.now });
  return viewReply(
    reminderView(
      ctx,
      reminder,
      ctx.t('reminder.created', { due: formatTime(reminder.dueAt, ctx.zone, ctx.lang), text: reminder.text }),
    ),
  );
}

async function reminderPage(ctx: ChatContext, page: number) {
  return pageAt(page, async (cursor: string | null, limit) => {
    const found = await listReminders(
      ctx.db,
      ctx.actor,
      { owner: 'me' },
      { limit, cursor },
      { now: ctx.now },
    );
    return { items: found.items, next: found.nextCursor };
  });
}

export async function myReminders(ctx: ChatContext, page: number): Promise<ChatReply> {
  return viewReply(reminderListView(ctx, await reminderPage(ctx, page)));
}

/** A reminder named in text: its uuid, or the 8-character short id shown in lists (mine, open). */
export async function findMyReminderId(ctx: ChatContext, reference: string): Promise<string | null> {
  const text = reference.trim().replace(/^#/, '').toLowerCase();
  if (UUID.test(text)) return text;
  if (!/^[0-9a-f]{4,8}$/.test(text)) return null;
  let cursor: string | null = null;
  // Open reminders of one employee: a handful of pages at most; bounded all the same.
  for (let i = 0; i < 10; i++) {
    const found: { items: ReminderView[]; nextCursor: string | null } = await listReminders(
      ctx.db,
      ctx.actor,
      { owner: 'me' },
      { limit: 100, cursor },
      { now: ctx.now },
    );
    const hit = found.items.find((r) => r.id.startsWith(text));
    if (hit) return hit.id;
    if (!found.nextCursor) return null;
    cursor = found.nextCursor;
  }
  return null;
}

export async function done(ctx: ChatContext, id: string): Promise<ChatReply> {
  const reminder = await completeReminder(ctx.db, ctx.actor, id, { now: ctx.now });
  return {
    ...viewReply(reminderView(ctx, reminder, ctx.t('reminder.done', { text: reminder.text }))),
    replaceOrigin: true,
    notice: ctx.t('button.done'),
  };
}

export async function cancel(ctx: ChatContext, id: string): Promise<ChatReply> {
  const reminder = await cancelReminder(ctx.db, ctx.actor, id, { now: ctx.now });
  return {
    ...viewReply(reminderView(ctx, reminder, ctx.t('reminder.cancelled', { text: reminder.text }))),
    replaceOrigin: true,
  };
}

/** The snooze amounts of the buttons: an hour, three hours, tomorrow at the default hour. */
export function snoozeUntil(ctx: Pick<ChatContext, 'zone' | 'now'>, amount: string): Date | null {
  if (amount === '1h') return new Date(ctx.now.getTime() + 3_600_000);
  if (amount === '3h') return new Date(ctx.now.getTime() + 3 * 3_600_000);
  if (amount === 'tm') {
    return DateTime.fromJSDate(ctx.now, { zone: ctx.zone })
      .plus({ days: 1 })
      .set({ hour: DEFAULT_REMINDER_HOUR, minute: 0, second: 0, millisecond: 0 })
      .toJSDate();
  }
  return null;
}

export async function snooze(ctx: ChatContext, id: string, until: Date): Promise<ChatReply> {
  const reminder = await snoozeReminder(ctx.db, ctx.actor, id, until, { now: ctx.now });
  const due = formatTime(reminder.dueAt, ctx.zone, ctx.lang);
  return {
    ...viewReply(reminderView(ctx, reminder, ctx.t('reminder.snoozed', { due, text: reminder.text }))),
    replaceOrigin: true,
    notice: due,
  };
}
