import { TicketPriority } from '@crm-bridge/core';
import type { ChatContext } from '../chat-context';
import type { ChatForm } from '../chat-contract';
import type { MessageKey } from '../i18n/messages';

type FormContext = Pick<ChatContext, 't'>;

/** New ticket: customer (search-as-you-type), subject, description, priority. */
export function ticketForm(ctx: FormContext, profileId: string | null): ChatForm {
  return {
    name: 'ticket',
    title: ctx.t('ticket.form_title'),
    submitLabel: ctx.t('form.create'),
    fields: [
      {
        id: 'customer',
        label: ctx.t('form.customer'),
        kind: 'customer',
        optional: true,
        hint: ctx.t('form.customer_hint'),
        ...(profileId ? { initial: profileId } : {}),
      },
      { id: 'subject', label: ctx.t('form.subject'), kind: 'text' },
      { id: 'description', label: ctx.t('form.description'), kind: 'multiline', optional: true },
      {
        id: 'priority',
        label: ctx.t('form.priority'),
        kind: 'select',
        initial: 'normal',
        options: TicketPriority.options.map((value) => ({
          value,
          label: ctx.t(`priority.${value}` as MessageKey),
        })),
      },
    ],
    hidden: {},
  };
}

/** New reminder: customer (optional), when (natural language), text. */
export function reminderForm(ctx: FormContext, profileId: string | null): ChatForm {
  return {
    name: 'reminder',
    title: ctx.t('reminder.form_title'),
    submitLabel: ctx.t('form.save'),
    fields: [
      {
        id: 'customer',
        label: ctx.t('form.customer'),
        kind: 'customer',
        optional: true,
        hint: ctx.t('form.customer_hint'),
        ...(profileId ? { initial: profileId } : {}),
      },
      { id: 'when', label: ctx.t('form.when'), kind: 'when', hint: ctx.t('form.when_hint') },
      { id: 'text', label: ctx.t('form.text'), kind: 'multiline' },
    ],
    hidden: {},
  };
}

/** A note on a customer, or (with a ticket number) a comment on a ticket. */
export function noteForm(ctx: FormContext, about: { profileId: string } | { ticket: number }): ChatForm {
  const onTicket = 'ticket' in about;
  return {
    name: 'note',
    title: onTicket ? ctx.t('note.comment_title', { ticket: `T-${about.ticket}` }) : ctx.t('note.form_title'),
    submitLabel: ctx.t('form.save'),
    fields: [{ id: 'body', label: ctx.t('form.body'), kind: 'multiline' }],
    hidden: onTicket ? { ticket: String(about.ticket) } : { profileId: about.profileId },
  };
}
