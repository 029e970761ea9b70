/**
 * A core form (ChatReply.openForm) asked field by field: text fields with a ForceReply prompt, choices with
 * an inline keyboard, a customer by search (ChatBot.suggestCustomers) and a pick when several match. The
 * finished form goes to the core as {kind:'form'}. /skip keeps a field's current value or leaves an
 * optional one out; /cancel drops the form.
 */
import type { ChatBot, ChatForm, ChatFormField, ChatPlace, ChatUser } from '@crm-bridge/bot-core';
import type { InlineKeyboardButton } from 'node-telegram-bot-api';
import { type FormSession, FormSessions } from './form-sessions';
import { escapeHtml } from './telegram-html';
import type { TelegramMessenger } from './telegram-messenger';
import { type TelegramLanguage, textsFor } from './telegram-texts';

/** callback_data of the form's own buttons; the core's actions never start with it. */
export const FORM_ACTION_PREFIX = '~';
const PICK = '~f:';
const SKIP = '~s';
const CANCEL = '~x';
/** At most this many customers offered in one pick. */
const MAX_CHOICES = 10;

/** Who is filling the form in, and where. */
export interface FormContext {
  chatId: number;
  userId: number;
  user: ChatUser;
  place: ChatPlace;
  language: TelegramLanguage;
}

export interface FormFlowDeps {
  chatBot: ChatBot;
  messenger: TelegramMessenger;
  sessions: FormSessions;
  /** Hands the finished form to the core and delivers its reply. */
  submit(context: FormContext, form: ChatForm['name'], values: Record<string, string>): Promise<void>;
}

export class FormFlow {
  constructor(private readonly deps: FormFlowDeps) {}

  private key(context: FormContext): string {
    return FormSessions.key(context.chatId, context.userId);
  }

  /** Whether this chat and user are filling a form in. */
  active(context: FormContext): boolean {
    return this.deps.sessions.get(this.key(context)) !== undefined;
  }

  async open(context: FormContext, form: ChatForm): Promise<void> {
    const session = this.deps.sessions.start(this.key(context), form, context.language);
    await this.advance(context, session, 0);
  }

  /** Drops the form; false when there was none. */
  async cancel(context: FormContext): Promise<boolean> {
    if (!this.active(context)) return false;
    this.deps.sessions.delete(this.key(context));
    await this.deps.messenger.sendHtml(context.chatId, escapeHtml(textsFor(context.language).cancelled));
    return true;
  }

  /** /skip: keeps the current value or leaves an optional field out; false when there is no form. */
  async skip(context: FormContext): Promise<boolean> {
    const session = this.deps.sessions.get(this.key(context));
    if (!session) return false;
    const field = session.form.fields[session.index]!;
    if (field.initial !== undefined) return this.take(context, session, field.initial);
    if (field.optional) return this.take(context, session, undefined);
    await this.ask(context, session);
    return true;
  }

  /** A typed answer to the current field; false when there is no form. */
  async answerText(context: FormContext, text: string): Promise<boolean> {
    const session = this.deps.sessions.get(this.key(context));
    if (!session) return false;
    this.deps.sessions.touch(session);
    const field = session.form.fields[session.index]!;
    const answer = text.trim();
    if (answer === '') {
      await this.ask(context, session);
      return true;
    }
    if (field.kind === 'select') {
      const wanted = answer.toLowerCase();
      const option = (field.options ?? []).find(
        (o) => o.label.toLowerCase() === wanted || o.value.toLowerCase() === wanted,
      );
      if (option) return this.take(context, session, option.value);
      await this.deps.messenger.sendHtml(context.chatId, escapeHtml(textsFor(session.language).pickAbove));
      return true;
    }
    if (field.kind === 'customer') return this.searchCustomer(context, session, answer);
    return this.take(context, session, answer);
  }

  /**
   * A press on one of the form's buttons. Answers the notice to show (empty when none); an unknown or stale
   * button gets "expired".
   */
  async answerAction(context: FormContext, data: string): Promise<string> {
    const texts = textsFor(context.language);
    const session = this.deps.sessions.get(this.key(context));
    if (!session) return texts.expired;
    if (data === CANCEL) {
      await this.cancel(context);
      return texts.cancelled;
    }
    if (data === SKIP) {
      await this.skip(context);
      return '';
    }
    const index = data.startsWith(PICK) ? Number(data.slice(PICK.length)) : Number.NaN;
    const choice = Number.isInteger(index) ? session.choices[index] : undefined;
    if (!choice) return texts.expired;
    await this.take(context, session, choice.value);
    return choice.label.slice(0, 200);
  }

  private async searchCustomer(context: FormContext, session: FormSession, query: string): Promise<boolean> {
    const texts = textsFor(session.language);
    const hits = (await this.deps.chatBot.suggestCustomers(context.user, query)).slice(0, MAX_CHOICES);
    if (hits.length === 1) return this.take(context, session, hits[0]!.value);
    if (hits.length === 0) {
      await this.deps.messenger.sendHtml(context.chatId, escapeHtml(texts.noMatch), forceReply(query));
      return true;
    }
    session.choices = hits;
    const rows = hits.map((hit, index): InlineKeyboardButton[] => [
      { text: hit.label.slice(0, 100), callback_data: `${PICK}${index}` },
    ]);
    rows.push([{ text: texts.cancel, callback_data: CANCEL }]);
    await this.deps.messenger.sendHtml(context.chatId, escapeHtml(texts.pick), { inline_keyboard: rows });
    return true;
  }

  /** Stores a value (undefined: left out) and moves on to the next field or submits. */
  private async take(
    context: FormContext,
    session: FormSession,
    value: string | undefined,
  ): Promise<boolean> {
    const field = session.form.fields[session.index]!;
    if (value === undefined) delete session.values[field.id];
    else session.values[field.id] = value;
    await this.advance(context, session, session.index + 1);
    return true;
  }

  private async advance(context: FormContext, session: FormSession, from: number): Promise<void> {
    let index = from;
    // A customer already chosen (the form was opened from a card) is not asked again.
    while (index < session.form.fields.length) {
      const field = session.form.fields[index]!;
      if (field.kind !== 'customer' || field.initial === undefined) break;
      session.values[field.id] = field.initial;
      index += 1;
    }
    session.index = index;
    session.choices = [];
    if (index < session.form.fields.length) {
      this.deps.sessions.touch(session);
      await this.ask(context, session);
      return;
    }
    this.deps.sessions.delete(this.key(context));
    await this.deps.submit(context, session.form.name, { ...session.form.hidden, ...session.values });
  }

  /** The prompt for the current field. */
  private async ask(context: FormContext, session: FormSession): Promise<void> {
    const texts = textsFor(session.language);
    const { form, index } = session;
    const field = form.fields[index]!;
    const lines = [
      `<b>${escapeHtml(form.title)}</b> (${index + 1}/${form.fields.length})`,
      escapeHtml(field.label),
    ];
    if (field.hint) lines.push(`<i>${escapeHtml(field.hint)}</i>`);
    if (field.initial !== undefined && field.kind !== 'select') {
      lines.push(`${escapeHtml(texts.current)}: ${escapeHtml(field.initial)}`);
    }
    const skippable = field.optional === true || field.initial !== undefined;
    if (field.kind === 'select') {
      session.choices = field.options ?? [];
      await this.deps.messenger.sendHtml(context.chatId, lines.join('\n'), {
        inline_keyboard: selectKeyboard(field, skippable, texts),
      });
      return;
    }
    lines.push(
      skippable
        ? `/skip — ${escapeHtml(texts.skip)} · /cancel — ${escapeHtml(texts.cancel)}`
        : `/cancel — ${escapeHtml(texts.cancel)}`,
    );
    await this.deps.messenger.sendHtml(context.chatId, lines.join('\n'), forceReply(field.label));
  }
}

function selectKeyboard(
  field: ChatFormField,
  skippable: boolean,
  texts: ReturnType<typeof textsFor>,
): InlineKeyboardButton[][] {
  const options = (field.options ?? []).map(
    (option, index): InlineKeyboardButton => ({
      text: option.label.slice(0, 100),
      callback_data: `${PICK}${index}`,
    }),
  );
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < options.length; i += 2) rows.push(options.slice(i, i + 2));
  const controls: InlineKeyboardButton[] = [];
  if (skippable) controls.push({ text: texts.skip, callback_data: SKIP });
  controls.push({ text: texts.cancel, callback_data: CANCEL });
  rows.push(controls);
  return rows;
}

/** A ForceReply prompt: the client opens a reply to the bot's question (also under group privacy mode). */
function forceReply(placeholder: string) {
  return { force_reply: true as const, selective: true, input_field_placeholder: placeholder.slice(0, 64) };
}
