import type { IDataObject } from 'n8n-workflow';
import { segment } from '../../../shared/transport';
import { instantParam } from './instants';
import { compact, type Operation, param, requiredString } from './operation';

const add: Operation = async (ctx) => {
  const customerId = requiredString(ctx, 'customerId', 'Customer ID');
  const body = requiredString(ctx, 'text', 'Text');
  const extra = param<IDataObject>(ctx, 'additionalFields', {});
  const occurredAt = instantParam(ctx, extra.occurredAt, 'Occurred At');
  return ctx.client.request({
    method: 'POST',
    path: `/v1/customers/${segment(customerId)}/notes`,
    body: compact({ body, kind: extra.kind, occurredAt }),
    itemIndex: ctx.itemIndex,
  });
};

export const noteOperationHandlers: Record<string, Operation> = { add };
