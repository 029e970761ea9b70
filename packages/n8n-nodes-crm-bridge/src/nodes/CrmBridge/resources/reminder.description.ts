import type { INodeProperties } from 'n8n-workflow';
import { pagingFields, requiredText, showFor } from './fields';

const resource = 'reminder';

export const reminderOperations: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: [resource] } },
  options: [
    {
      name: 'Complete',
      value: 'complete',
      action: 'Complete a reminder',
      description: 'Mark a reminder done',
    },
    {
      name: 'Create',
      value: 'create',
      action: 'Create a reminder',
      description: "Set a reminder for the key's employee, or (managers) for anyone",
    },
    {
      name: 'Get Many',
      value: 'getAll',
      action: 'Get many reminders',
      description: 'Reminders, soonest first',
    },
    {
      name: 'Snooze',
      value: 'snooze',
      action: 'Snooze a reminder',
      description: 'Move a reminder later: to a time, or by a duration',
    },
  ],
  default: 'create',
};

export const reminderFields: INodeProperties[] = [
  requiredText(resource, ['complete', 'snooze'], {
    displayName: 'Reminder ID',
    name: 'reminderId',
    description: 'The reminder ID (UUID)',
  }),
  // create
  requiredText(resource, ['create'], {
    displayName: 'Text',
    name: 'text',
    description: 'What to be reminded of',
  }),
  {
    displayName: 'Due At',
    name: 'dueAt',
    type: 'dateTime',
    required: true,
    default: '',
    description: "When to remind; a time without offset is read in the workflow's time zone",
    displayOptions: showFor(resource, ['create']),
  },
  {
    displayName: 'Additional Fields',
    name: 'additionalFields',
    type: 'collection',
    placeholder: 'Add Field',
    default: {},
    displayOptions: showFor(resource, ['create']),
    options: [
      {
        displayName: 'Customer ID',
        name: 'customerId',
        type: 'string',
        default: '',
        description: 'The profile ID (UUID) it is about',
      },
      {
        displayName: 'Kind',
        name: 'kind',
        type: 'options',
        options: [
          { name: 'Manual', value: 'manual' },
          { name: 'Follow-Up', value: 'follow_up' },
        ],
        default: 'manual',
      },
      {
        displayName: 'Owner ID',
        name: 'ownerId',
        type: 'string',
        default: '',
        description: "The employee to remind; the key's employee when empty",
      },
      {
        displayName: 'Ticket',
        name: 'ticket',
        type: 'string',
        default: '',
        description: 'A ticket ID or number it is about, e.g. T-1042',
      },
    ],
  },
  // snooze
  {
    displayName: 'Snooze',
    name: 'snoozeMode',
    type: 'options',
    options: [
      { name: 'For a Duration', value: 'for' },
      { name: 'Until a Time', value: 'until' },
    ],
    default: 'for',
    displayOptions: showFor(resource, ['snooze']),
  },
  {
    displayName: 'Duration',
    name: 'duration',
    type: 'string',
    default: '1h',
    placeholder: '15m, 1h, 2d',
    displayOptions: { show: { resource: [resource], operation: ['snooze'], snoozeMode: ['for'] } },
  },
  {
    displayName: 'Until',
    name: 'until',
    type: 'dateTime',
    default: '',
    displayOptions: { show: { resource: [resource], operation: ['snooze'], snoozeMode: ['until'] } },
  },
  // getAll
  {
    displayName: 'Owner',
    name: 'owner',
    type: 'string',
    default: 'me',
    description: "me (the key's employee), all (managers), or an employee ID",
    displayOptions: showFor(resource, ['getAll']),
  },
  ...pagingFields(resource, 'getAll'),
  {
    displayName: 'Filters',
    name: 'filters',
    type: 'collection',
    placeholder: 'Add Filter',
    default: {},
    displayOptions: showFor(resource, ['getAll']),
    options: [
      { displayName: 'Customer ID', name: 'customerId', type: 'string', default: '' },
      {
        displayName: 'Due Only',
        name: 'due',
        type: 'boolean',
        default: true,
        description: 'Whether to return only reminders due by now',
      },
      {
        displayName: 'Status',
        name: 'status',
        type: 'multiOptions',
        options: [
          { name: 'Cancelled', value: 'cancelled' },
          { name: 'Done', value: 'done' },
          { name: 'Pending', value: 'pending' },
          { name: 'Sent', value: 'sent' },
        ],
        default: [],
        description: 'Pending and sent when empty',
      },
      {
        displayName: 'Ticket',
        name: 'ticket',
        type: 'string',
        default: '',
        description: 'A ticket ID or number, e.g. T-1042',
      },
    ],
  },
];
