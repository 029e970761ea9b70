import type { IDataObject } from 'n8n-workflow';
import { segment } from '../../../shared/transport';
import { instantParam } from './instants';
import {
  compact,
  invalid,
  type Operation,
  type OperationContext,
  paging,
  param,
  requiredString,
} from './operation';

function reminderPath(ctx: OperationContext, suffix: string): string {
  return `/v1/reminders/${segment(requiredString(ctx, 'reminderId', 'Reminder ID'))}${suffix}`;
}

const create: Operation = (ctx) => {
  const text = requiredString(ctx, 'text', 'Text');
  const dueAt = instantParam(ctx, param(ctx, 'dueAt', ''), 'Due At');
  if (!dueAt) throw invalid(ctx, 'Due At is required');
  const extra = param<IDataObject>(ctx, 'additionalFields', {});
  return ctx.client.request({
    method: 'POST',
    path: '/v1/reminders',
    body: compact({
      text,
      dueAt,
      ownerId: extra.ownerId,
      profileId: extra.customerId,
      ticket: extra.ticket,
      kind: extra.kind,
    }),
    itemIndex: ctx.itemIndex,
  });
};

const getAll: Operation = (ctx) => {
  const filters = param<IDataObject>(ctx, 'filters', {});
  const status =
    Array.isArray(filters.status) && filters.status.length > 0 ? filters.status.join(',') : undefined;
  return ctx.client.list({
    path: '/v1/reminders',
    qs: compact({
      owner: String(param<string>(ctx, 'owner', 'me') ?? '').trim() || 'me',
      status,
      due: filters.due,
      profileId: filters.customerId,
      ticket: filters.ticket,
    }),
    itemIndex: ctx.itemIndex,
    ...paging(ctx),
  });
};

const complete: Operation = (ctx) =>
  ctx.client.request({ method: 'POST', path: reminderPath(ctx, '/done'), itemIndex: ctx.itemIndex });

const snooze: Operation = (ctx) => {
  const path = reminderPath(ctx, '/snooze');
  const mode = param<string>(ctx, 'snoozeMode', 'for');
  let body: IDataObject;
  if (mode === 'until') {
    const until = instantParam(ctx, param(ctx, 'until', ''), 'Until');
    if (!until) throw invalid(ctx, 'Until is required');
    body = { until };
  } else {
    const duration = requiredString(ctx, 'duration', 'Duration');
    body = { for: duration };
  }
  return ctx.client.request({ method: 'POST', path, body, itemIndex: ctx.itemIndex });
};

export const reminderOperationHandlers: Record<string, Operation> = { create, getAll, complete, snooze };
