import type { INodeProperties } from 'n8n-workflow';
import { requiredText, showFor } from './fields';

const resource = 'note';

export const noteOperations: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: [resource] } },
  options: [
    {
      name: 'Add',
      value: 'add',
      action: 'Add a note to a customer',
      description: 'A call, a visit, what the customer said',
    },
  ],
  default: 'add',
};

export const noteFields: INodeProperties[] = [
  requiredText(resource, ['add'], {
    displayName: 'Customer ID',
    name: 'customerId',
    description: 'The profile ID (UUID) of the customer',
  }),
  {
    displayName: 'Text',
    name: 'text',
    type: 'string',
    typeOptions: { rows: 4 },
    required: true,
    default: '',
    description: 'What happened',
    displayOptions: showFor(resource, ['add']),
  },
  {
    displayName: 'Additional Fields',
    name: 'additionalFields',
    type: 'collection',
    placeholder: 'Add Field',
    default: {},
    displayOptions: showFor(resource, ['add']),
    options: [
      {
        displayName: 'Kind',
        name: 'kind',
        type: 'options',
        options: [
          { name: 'Call', value: 'call' },
          { name: 'E-Mail', value: 'email' },
          { name: 'Meeting', value: 'meeting' },
          { name: 'Note', value: 'note' },
        ],
        default: 'note',
      },
      {
        displayName: 'Occurred At',
        name: 'occurredAt',
        type: 'dateTime',
        default: '',
        description: 'When it happened; now when empty',
      },
    ],
  },
];
