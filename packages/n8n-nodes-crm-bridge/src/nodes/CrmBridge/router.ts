import {
  type IDataObject,
  type IExecuteFunctions,
  type INodeExecutionData,
  type JsonObject,
  NodeApiError,
  NodeOperationError,
} from 'n8n-workflow';
import { crmBridgeClient } from '../../shared/transport';
import { customerOperationHandlers } from './resources/customer.operations';
import { noteOperationHandlers } from './resources/note.operations';
import type { Operation } from './resources/operation';
import { profileOperationHandlers } from './resources/profile.operations';
import { reminderOperationHandlers } from './resources/reminder.operations';
import { syncOperationHandlers } from './resources/sync.operations';
import { ticketOperationHandlers } from './resources/ticket.operations';

const handlers: Record<string, Record<string, Operation>> = {
  customer: customerOperationHandlers,
  note: noteOperationHandlers,
  ticket: ticketOperationHandlers,
  reminder: reminderOperationHandlers,
  sync: syncOperationHandlers,
  profile: profileOperationHandlers,
};

/** Runs each input item's resource/operation; with continue-on-fail a failed item becomes `{ error }`. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
  const items = this.getInputData();
  const output: INodeExecutionData[] = [];
  const client = await crmBridgeClient(this);
  for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
    try {
      const resource = this.getNodeParameter('resource', itemIndex) as string;
      const operation = this.getNodeParameter('operation', itemIndex) as string;
      const handler = handlers[resource]?.[operation];
      if (!handler) {
        throw new NodeOperationError(this.getNode(), `Unknown operation ${resource}/${operation}`, {
          itemIndex,
        });
      }
      const result = await handler({ fx: this, client, itemIndex });
      for (const json of Array.isArray(result) ? result : [result]) {
        output.push({ json, pairedItem: { item: itemIndex } });
      }
    } catch (error) {
      if (this.continueOnFail()) {
        const failure: IDataObject = { error: (error as Error).message };
        if (error instanceof NodeApiError && error.description) failure.description = error.description;
        if (error instanceof NodeApiError && error.httpCode) failure.httpCode = error.httpCode;
        output.push({ json: failure, pairedItem: { item: itemIndex } });
        continue;
      }
      // Both constructors hand back an error that already is theirs unchanged, with its message and item.
      if (error instanceof NodeApiError)
        throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
      throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
    }
  }
  return [output];
}
