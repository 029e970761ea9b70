import {
  type IExecuteFunctions,
  type INodeExecutionData,
  type INodeType,
  type INodeTypeDescription,
  NodeConnectionTypes,
} from 'n8n-workflow';
import { customerFields, customerOperations } from './resources/customer.description';
import { noteFields, noteOperations } from './resources/note.description';
import { profileFields, profileOperations } from './resources/profile.description';
import { reminderFields, reminderOperations } from './resources/reminder.description';
import { syncFields, syncOperations } from './resources/sync.description';
import { ticketFields, ticketOperations } from './resources/ticket.description';
import { route } from './router';

/** CRM Bridge over its HTTP API v1: customers, notes, tickets, reminders, syncs and profiles. */
export class CrmBridge implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'CRM Bridge',
    name: 'crmBridge',
    icon: { light: 'file:../../icons/crmBridge.svg', dark: 'file:../../icons/crmBridge.dark.svg' },
    group: ['transform'],
    version: 1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description:
      'Read customers, work tickets and reminders, add notes, run syncs and merge profiles in CRM Bridge',
    defaults: { name: 'CRM Bridge' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'crmBridgeApi', required: true }],
    properties: [
      {
        displayName: 'Resource',
        name: 'resource',
        type: 'options',
        noDataExpression: true,
        options: [
          { name: 'Customer', value: 'customer' },
          { name: 'Note', value: 'note' },
          { name: 'Profile', value: 'profile' },
          { name: 'Reminder', value: 'reminder' },
          { name: 'Sync', value: 'sync' },
          { name: 'Ticket', value: 'ticket' },
        ],
        default: 'customer',
      },
      customerOperations,
      noteOperations,
      ticketOperations,
      reminderOperations,
      syncOperations,
      profileOperations,
      ...customerFields,
      ...noteFields,
      ...ticketFields,
      ...reminderFields,
      ...syncFields,
      ...profileFields,
    ],
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return route.call(this);
  }
}
