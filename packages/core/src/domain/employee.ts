import { z } from 'zod';
import { Timestamp, Uuid } from './common';

/** What an employee may do: admin configures, manager oversees, agent works tickets, viewer reads. */
export const Role = z.enum(['admin', 'manager', 'agent', 'viewer']);
export type Role = z.infer<typeof Role>;

const rank: Record<Role, number> = { viewer: 0, agent: 1, manager: 2, admin: 3 };

/** True when `role` is at least `required` (admin ⊇ manager ⊇ agent ⊇ viewer). */
export function roleAllows(role: Role, required: Role): boolean {
  return rank[role] >= rank[required];
}

export const SlackUserId = z
  .string()
  .regex(/^[UW][A-Z0-9]{2,}$/, 'Expected a Slack user id such as U012ABCDEF');
export const TelegramUserId = z.number().int().positive();

/** Languages of the bots' message catalogue. */
export const ChatLanguage = z.enum(['en', 'ru']);
export type ChatLanguage = z.infer<typeof ChatLanguage>;

/** Where an employee's notifications go. */
export const NotifyVia = z.enum(['slack', 'telegram', 'both']);
export type NotifyVia = z.infer<typeof NotifyVia>;

/** An IANA time zone name this runtime knows (Europe/Moscow, Asia/Yekaterinburg). */
export const TimeZone = z
  .string()
  .refine((zone) => isTimeZone(zone), 'Expected an IANA time zone such as Europe/Moscow');

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

export const Employee = z.strictObject({
  id: Uuid,
  name: z.string().trim().min(1).max(200),
  email: z.email().nullable(),
  role: Role,
  slackUserId: SlackUserId.nullable(),
  telegramUserId: TelegramUserId.nullable(),
  /** The Slack workspace of slackUserId. */
  slackTeamId: z.string().nullable(),
  /** Null = the config's bots.defaultTimeZone. */
  timeZone: TimeZone.nullable(),
  /** Null = the config's bots.defaultLanguage. */
  language: ChatLanguage.nullable(),
  notifyVia: NotifyVia,
  /** Set while the employee has blocked the Telegram bot: notifications there wait. */
  telegramBlockedAt: Timestamp.nullable(),
  active: z.boolean(),
  createdAt: Timestamp,
});
export type Employee = z.infer<typeof Employee>;

/** What is needed to add an employee. */
export const NewEmployee = z.strictObject({
  name: Employee.shape.name,
  email: z.email().nullable().default(null),
  role: Role.default('agent'),
  slackUserId: SlackUserId.nullable().default(null),
  telegramUserId: TelegramUserId.nullable().default(null),
  timeZone: TimeZone.nullable().default(null),
  language: ChatLanguage.nullable().default(null),
  notifyVia: NotifyVia.default('both'),
});
export type NewEmployee = z.input<typeof NewEmployee>;

/** A change of an employee's chat settings; a field left out stays as it is, null clears it. */
export const EmployeeChatChange = z.strictObject({
  slackUserId: SlackUserId.nullable().optional(),
  slackTeamId: z.string().min(1).nullable().optional(),
  telegramUserId: TelegramUserId.nullable().optional(),
  timeZone: TimeZone.nullable().optional(),
  language: ChatLanguage.nullable().optional(),
  notifyVia: NotifyVia.optional(),
  telegramBlockedAt: Timestamp.nullable().optional(),
});
export type EmployeeChatChange = z.infer<typeof EmployeeChatChange>;
