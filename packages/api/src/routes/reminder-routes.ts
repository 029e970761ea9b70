import { parseDuration, ReminderStatus } from '@crm-bridge/core';
import {
  cancelReminder,
  completeReminder,
  createReminder,
  getReminder,
  listReminders,
  NewReminder,
  snoozeReminder,
} from '@crm-bridge/desk';
import { z } from 'zod';
import { pageOf, pageQuery } from '../http/pagination';
import { QueryBoolean, queryList } from '../http/query-fields';
import { defineRoute } from '../http/route';
import { Reminder } from '../schemas/desk-schemas';

const tags = ['reminders'];
const ReminderId = z.object({ id: z.uuid() });
const Timestamp = z.iso.datetime({ offset: true });

const list = defineRoute({
  method: 'GET',
  path: '/v1/reminders',
  operationId: 'listReminders',
  summary: "Reminders soonest first: the key's employee's own (owner=me), anyone's (managers), or due ones",
  tags,
  scope: 'read',
  query: z.object({
    owner: z
      .union([z.enum(['me', 'all']), z.uuid()])
      .default('me')
      .meta({ description: 'me (the key’s employee), all, or an employee id' }),
    status: queryList(ReminderStatus).meta({ description: 'Pending and sent when absent' }),
    due: QueryBoolean.default(false).meta({ description: 'Only those due by now' }),
    profileId: z.uuid().optional(),
    ticket: z.string().min(1).max(100).optional().meta({ description: 'A ticket id or T-1042' }),
    ...pageQuery,
  }),
  response: pageOf(Reminder),
  handler: ({ query }, { db, actor }) =>
    listReminders(
      db,
      actor,
      {
        owner: query.owner,
        due: query.due,
        ...(query.status ? { status: query.status } : {}),
        ...(query.profileId ? { profileId: query.profileId } : {}),
        ...(query.ticket ? { ticket: query.ticket } : {}),
      },
      { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) },
    ),
});

const create = defineRoute({
  method: 'POST',
  path: '/v1/reminders',
  operationId: 'createReminder',
  summary: "Set a reminder for the key's employee, or (managers) for anyone",
  tags,
  scope: 'write',
  status: 201,
  body: NewReminder.extend({ dueAt: Timestamp }),
  response: Reminder,
  errors: [404, 409],
  handler: ({ body }, { db, actor }) => createReminder(db, actor, body),
});

const read = defineRoute({
  method: 'GET',
  path: '/v1/reminders/:id',
  operationId: 'getReminder',
  summary: 'One reminder',
  tags,
  scope: 'read',
  params: ReminderId,
  response: Reminder,
  errors: [404],
  handler: ({ params }, { db, actor }) => getReminder(db, actor, params.id),
});

const snooze = defineRoute({
  method: 'POST',
  path: '/v1/reminders/:id/snooze',
  operationId: 'snoozeReminder',
  summary: 'Move a reminder later: to a time, or by a duration such as 1h',
  tags,
  scope: 'write',
  params: ReminderId,
  body: z
    .strictObject({
      until: Timestamp.optional(),
      for: z
        .string()
        .refine((text) => (parseDuration(text) ?? 0) > 0, 'Expected a duration such as 15m, 1h or 2d')
        .optional(),
    })
    .refine((body) => (body.until === undefined) !== (body.for === undefined), 'Give until or for, not both'),
  response: Reminder,
  errors: [404, 409],
  handler: ({ params, body }, { db, actor }) =>
    snoozeReminder(
      db,
      actor,
      params.id,
      body.until ?? new Date(Date.now() + (parseDuration(body.for ?? '') ?? 0)),
    ),
});

const done = defineRoute({
  method: 'POST',
  path: '/v1/reminders/:id/done',
  operationId: 'completeReminder',
  summary: 'Mark a reminder done',
  tags,
  scope: 'write',
  params: ReminderId,
  response: Reminder,
  errors: [404, 409],
  handler: ({ params }, { db, actor }) => completeReminder(db, actor, params.id),
});

const cancel = defineRoute({
  method: 'POST',
  path: '/v1/reminders/:id/cancel',
  operationId: 'cancelReminder',
  summary: 'Cancel a reminder',
  tags,
  scope: 'write',
  params: ReminderId,
  response: Reminder,
  errors: [404, 409],
  handler: ({ params }, { db, actor }) => cancelReminder(db, actor, params.id),
});

export const reminderRoutes = [list, create, read, snooze, done, cancel];
