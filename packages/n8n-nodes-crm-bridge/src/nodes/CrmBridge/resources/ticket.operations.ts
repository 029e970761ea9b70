import type { IDataObject } from 'n8n-workflow';
import { segment } from '../../../shared/transport';
import {
  compact,
  invalid,
  type Operation,
  type OperationContext,
  paging,
  param,
  requiredString,
} from './operation';

function ticketPath(ctx: OperationContext, suffix = ''): string {
  return `/v1/tickets/${segment(requiredString(ctx, 'ticketRef', 'Ticket'))}${suffix}`;
}

/** The order a ticket is about: by CRM Bridge id, or by ERP source and number (both needed). */
function orderOf(ctx: OperationContext, fields: IDataObject): IDataObject | undefined {
  const id = Number(fields.orderId ?? 0);
  const source = String(fields.orderSource ?? '').trim();
  const number = String(fields.orderNumber ?? '').trim();
  if (id && (source || number))
    throw invalid(ctx, 'Give Order ID or Order Source with Order Number, not both');
  if (id) {
    if (!Number.isInteger(id) || id < 1) throw invalid(ctx, 'Order ID must be a positive whole number');
    return { id };
  }
  if (source || number) {
    if (!source || !number) throw invalid(ctx, 'Order Source and Order Number go together: give both');
    return { source, number };
  }
  return undefined;
}

const create: Operation = (ctx) => {
  const subject = requiredString(ctx, 'subject', 'Subject');
  const extra = param<IDataObject>(ctx, 'additionalFields', {});
  return ctx.client.request({
    method: 'POST',
    path: '/v1/tickets',
    body: compact({
      subject,
      description: extra.description,
      priority: extra.priority,
      profileId: extra.customerId,
      assigneeId: extra.assigneeId,
      order: orderOf(ctx, extra),
    }),
    itemIndex: ctx.itemIndex,
  });
};

const get: Operation = (ctx) =>
  ctx.client.request({ method: 'GET', path: ticketPath(ctx), itemIndex: ctx.itemIndex });

const getAll: Operation = (ctx) => {
  const filters = param<IDataObject>(ctx, 'filters', {});
  const list = (value: unknown) => (Array.isArray(value) && value.length > 0 ? value.join(',') : undefined);
  return ctx.client.list({
    path: '/v1/tickets',
    qs: compact({
      status: list(filters.status),
      priority: list(filters.priority),
      assigneeId: filters.assigneeId,
      profileId: filters.customerId,
      atRisk: filters.atRisk,
      breached: filters.breached,
    }),
    itemIndex: ctx.itemIndex,
    ...paging(ctx),
  });
};

const update: Operation = (ctx) => {
  const path = ticketPath(ctx);
  const fields = param<IDataObject>(ctx, 'updateFields', {});
  const changes = compact({
    subject: fields.subject,
    description: fields.description,
    priority: fields.priority,
    profileId: fields.customerId,
    order: orderOf(ctx, fields),
  });
  if (Object.keys(changes).length === 0) throw invalid(ctx, 'Nothing to update: add at least one field');
  return ctx.client.request({ method: 'PATCH', path, body: changes, itemIndex: ctx.itemIndex });
};

const comment: Operation = async (ctx) => {
  const path = ticketPath(ctx, '/comments');
  const body = requiredString(ctx, 'comment', 'Comment');
  const visibility = param<string>(ctx, 'visibility', 'internal');
  return ctx.client.request({ method: 'POST', path, body: { body, visibility }, itemIndex: ctx.itemIndex });
};

const assign: Operation = (ctx) => {
  const path = ticketPath(ctx, '/assign');
  const assigneeId = String(param<string>(ctx, 'assigneeId', '') ?? '').trim();
  return ctx.client.request({
    method: 'POST',
    path,
    body: { assigneeId: assigneeId || null },
    itemIndex: ctx.itemIndex,
  });
};

const changeStatus: Operation = (ctx) => {
  const path = ticketPath(ctx, '/transition');
  const to = requiredString(ctx, 'status', 'Status');
  const reason = String(param<string>(ctx, 'reason', '') ?? '').trim();
  return ctx.client.request({
    method: 'POST',
    path,
    body: compact({ to, reason }),
    itemIndex: ctx.itemIndex,
  });
};

export const ticketOperationHandlers: Record<string, Operation> = {
  create,
  get,
  getAll,
  update,
  comment,
  assign,
  changeStatus,
};
