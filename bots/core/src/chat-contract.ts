/**
 * The contract between the channel-neutral core and the chat adapters (Slack, Telegram, terminal).
 * Adapters turn a platform update into a ChatRequest, hand it to the ChatBot, and render the ChatViews
 * it answers with; they hold transport only, no business rule. Every string in a view is plain text:
 * the renderer escapes it for its format (Block Kit mrkdwn, Telegram HTML, terminal).
 */
import type { Employee } from '@crm-bridge/core';

export type ChatChannel = 'slack' | 'telegram' | 'cli';

/** Who wrote: the platform's own user id (Slack U…, Telegram numeric id as a decimal string, CLI employee). */
export interface ChatUser {
  channel: ChatChannel;
  id: string;
  /** Slack workspace id. */
  teamId?: string;
  /** The platform's language hint (Telegram language_code, Slack locale), used until the employee has one. */
  languageHint?: string;
  displayName?: string;
}

/** Where it was written: a private chat (DM) or a group; group cards hide personal data unless allowed. */
export interface ChatPlace {
  id: string;
  kind: 'private' | 'group';
}

export type ChatInput =
  /** A command line without the leading slash or bot name: "find +7 999 123-45-67", "card <id>", "start <code>". */
  | { kind: 'text'; text: string }
  /** A pressed button: the ViewButton.action the core produced (≤ 64 ASCII bytes). */
  | { kind: 'action'; data: string }
  /** A submitted form (Slack modal; Telegram and terminal collect the fields one by one). */
  | { kind: 'form'; form: ChatFormName; values: Record<string, string> };

export interface ChatRequest {
  user: ChatUser;
  place: ChatPlace;
  input: ChatInput;
}

export interface ChatReply {
  messages: ChatView[];
  /** A short confirmation for a button press (Telegram answerCallbackQuery text), ≤ 200 chars. */
  notice?: string;
  /** True when the first message should replace the message whose button was pressed. */
  replaceOrigin?: boolean;
  /** The core asks the adapter to open a form (Slack modal; elsewhere field by field). */
  openForm?: ChatForm;
}

/** Inline text; each renderer escapes the strings. */
export type Span =
  | string
  | { bold: string }
  | { italic: string }
  | { code: string }
  | { link: string; url: string };

export type ViewBlock =
  | { type: 'heading'; text: string }
  | { type: 'line'; spans: Span[] }
  | { type: 'fields'; fields: Array<{ label: string; value: Span[] }> }
  | { type: 'list'; items: Span[][] }
  | { type: 'context'; spans: Span[] }
  | { type: 'divider' };

export interface ViewButton {
  label: string;
  /** Encoded by the core (encodeAction): ASCII, at most 64 bytes, so it fits Telegram's callback_data. */
  action: string;
  style?: 'primary' | 'danger';
}

export interface ChatView {
  blocks: ViewBlock[];
  /** Rows of buttons. */
  buttons?: ViewButton[][];
  /** A one-line plain summary: Slack's notification `text`, the terminal's title. */
  summary: string;
  /** What the message shows, so a later change can edit it (chat_messages). */
  subject?: { kind: 'reminder' | 'ticket' | 'customer'; id: string };
}

export type ChatFormName = 'ticket' | 'reminder' | 'note';

export interface ChatFormField {
  id: string;
  label: string;
  /** customer: a search-as-you-type pick (ChatBot.suggestCustomers); select: one of `options`. */
  kind: 'text' | 'multiline' | 'customer' | 'select' | 'when';
  optional?: boolean;
  options?: Array<{ value: string; label: string }>;
  initial?: string;
  hint?: string;
}

/** The hidden form value that links a new ticket to the chat thread it came from: a ChatThread as JSON. */
export const CHAT_THREAD_FIELD = 'chatThread';

export interface ChatForm {
  name: ChatFormName;
  title: string;
  submitLabel: string;
  fields: ChatFormField[];
  /** Values carried through unchanged (customer id, Slack thread link); ≤ 2,000 chars as JSON. */
  hidden: Record<string, string>;
}

/** The core, as the adapters see it. */
export interface ChatBot {
  /** Runs a command, a button or a form for a bound employee; anyone else gets "not registered". */
  handle(request: ChatRequest): Promise<ChatReply>;
  /** The bound, active employee for a chat user, or null. Adapters call it before anything else. */
  employeeFor(user: ChatUser): Promise<Employee | null>;
  /** Binds a chat user to the active employee with this e-mail (Slack users.lookupByEmail); null if none. */
  bindByEmail(user: ChatUser, email: string, timeZone?: string): Promise<Employee | null>;
  /** Customers for a search-as-you-type pick, ≤ 100 options. */
  suggestCustomers(user: ChatUser, query: string): Promise<Array<{ value: string; label: string }>>;
  /** The view of an outbox event for one employee (reminder.due with Done/Snooze, ticket assigned, …). */
  notificationView(topic: string, payload: unknown, employee: Employee): Promise<ChatView>;
}

/** Where a sent message is, for a later edit: Slack { channel, ts }, Telegram { chatId, messageId }. */
export type MessageRef = Record<string, string | number>;

export type SendOutcome =
  | { kind: 'sent'; ref: MessageRef }
  /** Not bound, blocked the bot, deactivated: wait until the employee is reachable again. */
  | { kind: 'unreachable'; reason: string }
  /** 429: try again after this long. */
  | { kind: 'retry'; afterMs: number; reason: string }
  /** A 400 or another answer retrying cannot fix. */
  | { kind: 'failed'; reason: string };

/** One platform's way to deliver a view to an employee (a DM), used by the notification drain. */
export interface ChatSender {
  channel: 'slack' | 'telegram';
  /** Whether the employee can be reached on this channel at all (bound, not blocked). */
  reachable(employee: Employee): boolean;
  send(employee: Employee, view: ChatView): Promise<SendOutcome>;
}

/** The chat columns of an employee (migration 008); all are on Employee itself. */
export type ChatEmployeeFields = Pick<
  Employee,
  'timeZone' | 'language' | 'notifyVia' | 'slackTeamId' | 'telegramBlockedAt'
>;
