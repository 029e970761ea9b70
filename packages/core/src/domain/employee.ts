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

export const Employee = z.strictObject({
  id: Uuid,
  name: z.string().trim().min(1).max(200),
  email: z.email().nullable(),
  role: Role,
  slackUserId: SlackUserId.nullable(),
  telegramUserId: TelegramUserId.nullable(),
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
});
export type NewEmployee = z.input<typeof NewEmployee>;
