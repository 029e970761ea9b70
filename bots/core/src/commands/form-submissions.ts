import { ChatThread, TicketPriority } from '@crm-bridge/core';
import { findProfileRef, searchProfiles } from '@crm-bridge/profiles';
import type { ChatContext } from '../chat-context';
import { CHAT_THREAD_FIELD, type ChatFormName, type ChatReply } from '../chat-contract';
import { parseWhen } from '../dates/parse-when';
import type { MessageKey } from '../i18n/messages';
import { noteOn } from './note-commands';
import { createFor, whenProblem } from './reminder-commands';
import { textReply } from './replies';
import { comment, openTicket } from './ticket-commands';

/** A wrong field: the answer names it in the employee's language. */
function fieldProblem(ctx: ChatContext, field: MessageKey, problem: string): ChatReply {
  return textReply(ctx.t('bot.invalid', { field: ctx.t(field), problem }));
}

/** The customer of a form: an id from the pick list, or a text that finds exactly one; '' is none. */
async function formCustomer(ctx: ChatContext, value: string | undefined): Promise<string | null | undefined> {
  const text = value?.trim() ?? '';
  if (!text) return null;
  const ref = await findProfileRef(ctx.db, text);
  if (ref) return ref.id;
  const hits = await searchProfiles(ctx.db, text, { defaultRegion: ctx.settings.defaultRegion, limit: 2 });
  return hits.length === 1 ? hits[0]!.profileId : undefined;
}

/** The chat thread a form carries (set by the adapter, not typed by anyone); a malformed one is ignored. */
function chatThreadOf(json: string | undefined): ChatThread | null {
  if (!json) return null;
  try {
    const parsed = ChatThread.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * A submitted form: values hold the fields and the form's hidden values. Each is checked here first, so
 * the answer names the wrong field; the desk then checks everything again (and the role).
 */
export async function submitForm(
  ctx: ChatContext,
  form: ChatFormName,
  values: Record<string, string>,
): Promise<ChatReply> {
  if (form === 'ticket') {
    const profileId = await formCustomer(ctx, values.customer);
    if (profileId === undefined) return fieldProblem(ctx, 'form.customer', ctx.t('form.unknown_customer'));
    const subject = values.subject?.trim() ?? '';
    if (!subject) return fieldProblem(ctx, 'form.subject', ctx.t('form.required'));
    const priority = TicketPriority.safeParse(values.priority?.trim() || 'normal');
    if (!priority.success) return fieldProblem(ctx, 'form.priority', TicketPriority.options.join(', '));
    const thread = chatThreadOf(values[CHAT_THREAD_FIELD]);
    return openTicket(ctx, {
      subject,
      description: values.description?.trim() ?? '',
      priority: priority.data,
      profileId,
      ...(thread ? { chatThread: thread } : {}),
    });
  }
  if (form === 'reminder') {
    const profileId = await formCustomer(ctx, values.customer);
    if (profileId === undefined) return fieldProblem(ctx, 'form.customer', ctx.t('form.unknown_customer'));
    const whenText = values.when?.trim() ?? '';
    if (!whenText) return fieldProblem(ctx, 'form.when', ctx.t('form.required'));
    const when = parseWhen(whenText, { zone: ctx.zone, now: ctx.now });
    if (!when.ok) return whenProblem(ctx, whenText, when);
    const text = values.text?.trim() || when.rest;
    if (!text) return fieldProblem(ctx, 'form.text', ctx.t('form.required'));
    return createFor(ctx, { text, dueAt: when.at, profileId });
  }
  const body = values.body?.trim() ?? '';
  if (!body) return fieldProblem(ctx, 'form.body', ctx.t('form.required'));
  if (values.ticket) return comment(ctx, values.ticket, body);
  const profileId = await formCustomer(ctx, values.profileId ?? values.customer);
  if (!profileId) return fieldProblem(ctx, 'form.customer', ctx.t('form.unknown_customer'));
  return noteOn(ctx, profileId, body);
}
