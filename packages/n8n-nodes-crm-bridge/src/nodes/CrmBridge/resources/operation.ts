import { type IDataObject, type IExecuteFunctions, NodeOperationError } from 'n8n-workflow';
import type { CrmBridgeClient } from '../../../shared/transport';

/** What an operation handler gets: the execution, the API client and the item it works on. */
export interface OperationContext {
  fx: IExecuteFunctions;
  client: CrmBridgeClient;
  itemIndex: number;
}

/** One resource/operation: reads its parameters for the item, calls the API, returns the output items. */
export type Operation = (ctx: OperationContext) => Promise<IDataObject | IDataObject[]>;

/** A node parameter of the current item. */
export function param<T>(ctx: OperationContext, name: string, fallback?: T): T {
  return (
    fallback === undefined
      ? ctx.fx.getNodeParameter(name, ctx.itemIndex)
      : ctx.fx.getNodeParameter(name, ctx.itemIndex, fallback)
  ) as T;
}

/** A trimmed, non-empty text parameter; a clear error (and no request) when it is empty. */
export function requiredString(ctx: OperationContext, name: string, label: string): string {
  const value = String(param<string>(ctx, name, '') ?? '').trim();
  if (!value) throw invalid(ctx, `${label} is required`);
  return value;
}

/** A NodeOperationError for bad input of this item: nothing was sent. */
export function invalid(ctx: OperationContext, message: string, description?: string): NodeOperationError {
  return new NodeOperationError(ctx.fx.getNode(), message, {
    itemIndex: ctx.itemIndex,
    ...(description ? { description } : {}),
  });
}

/** Paging parameters of a list operation. */
export function paging(ctx: OperationContext): { returnAll: boolean; limit: number } {
  const returnAll = param<boolean>(ctx, 'returnAll', false);
  const limit = returnAll ? 0 : param<number>(ctx, 'limit', 50);
  if (!returnAll && (!Number.isInteger(limit) || limit < 1))
    throw invalid(ctx, 'Limit must be a whole number ≥ 1');
  return { returnAll, limit };
}

/** Drops empty strings, nulls and undefined from optional fields, so only what the user gave is sent. */
export function compact(fields: IDataObject): IDataObject {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined && value !== null && value !== ''),
  );
}
