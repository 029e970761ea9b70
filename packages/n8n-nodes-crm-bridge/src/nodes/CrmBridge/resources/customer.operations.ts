import type { IDataObject } from 'n8n-workflow';
import { segment } from '../../../shared/transport';
import { invalid, type Operation, type OperationContext, paging, param, requiredString } from './operation';

function customerPath(ctx: OperationContext): string {
  return `/v1/customers/${segment(requiredString(ctx, 'customerId', 'Customer ID'))}`;
}

const search: Operation = async (ctx) => {
  const q = requiredString(ctx, 'query', 'Query');
  const limit = param<number>(ctx, 'limit', 25);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid(ctx, 'Limit must be 1 to 100');
  const page = await ctx.client.request<{ items: IDataObject[] }>({
    method: 'GET',
    path: '/v1/customers',
    qs: { q, limit },
    itemIndex: ctx.itemIndex,
  });
  return page.items;
};

const get: Operation = (ctx) =>
  ctx.client.request({ method: 'GET', path: customerPath(ctx), itemIndex: ctx.itemIndex });

const getOrders: Operation = (ctx) =>
  ctx.client.list({ path: `${customerPath(ctx)}/orders`, itemIndex: ctx.itemIndex, ...paging(ctx) });

const getTimeline: Operation = (ctx) =>
  ctx.client.list({ path: `${customerPath(ctx)}/timeline`, itemIndex: ctx.itemIndex, ...paging(ctx) });

export const customerOperationHandlers: Record<string, Operation> = { search, get, getOrders, getTimeline };
