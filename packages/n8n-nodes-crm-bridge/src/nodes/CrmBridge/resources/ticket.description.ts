import type { INodeProperties } from 'n8n-workflow';
import { pagingFields, priorityOptions, requiredText, showFor, ticketStatusOptions } from './fields';

const resource = 'ticket';

export const ticketOperations: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: [resource] } },
  options: [
    {
      name: 'Assign',
      value: 'assign',
      action: 'Assign a ticket',
      description: 'Assign a ticket to an employee, or unassign it',
    },
    {
      name: 'Change Status',
      value: 'changeStatus',
      action: 'Change the status of a ticket',
      description: 'An impossible move fails with the reason',
    },
    {
      name: 'Comment',
      value: 'comment',
      action: 'Comment on a ticket',
      description: 'Internal (the team) or public (a reply to the customer)',
    },
    {
      name: 'Create',
      value: 'create',
      action: 'Create a ticket',
      description: 'Open a ticket; its SLA follows its priority and the customer',
    },
    { name: 'Get', value: 'get', action: 'Get a ticket', description: 'One ticket with its SLA state' },
    {
      name: 'Get Many',
      value: 'getAll',
      action: 'Get many tickets',
      description: 'Tickets, newest first, with filters',
    },
    {
      name: 'Update',
      value: 'update',
      action: 'Update a ticket',
      description: 'Change subject, description, priority, customer or order',
    },
  ],
  default: 'create',
};

const orderFields: INodeProperties[] = [
  {
    displayName: 'Order ID',
    name: 'orderId',
    type: 'number',
    default: 0,
    description: 'The order ID as CRM Bridge shows it (or give Order Source and Order Number)',
  },
  {
    displayName: 'Order Number',
    name: 'orderNumber',
    type: 'string',
    default: '',
    description: 'The order number in its ERP',
  },
  {
    displayName: 'Order Source',
    name: 'orderSource',
    type: 'string',
    default: '',
    description: 'The source ID of the ERP, e.g. odoo',
  },
];

export const ticketFields: INodeProperties[] = [
  requiredText(resource, ['get', 'update', 'comment', 'assign', 'changeStatus'], {
    displayName: 'Ticket',
    name: 'ticketRef',
    description: 'A ticket ID or its number, e.g. T-1042',
    placeholder: 'T-1042',
  }),
  // create
  requiredText(resource, ['create'], {
    displayName: 'Subject',
    name: 'subject',
    description: 'What the ticket is about',
  }),
  {
    displayName: 'Additional Fields',
    name: 'additionalFields',
    type: 'collection',
    placeholder: 'Add Field',
    default: {},
    displayOptions: showFor(resource, ['create']),
    options: [
      {
        displayName: 'Assignee ID',
        name: 'assigneeId',
        type: 'string',
        default: '',
        description: 'The employee ID (UUID) to assign',
      },
      {
        displayName: 'Customer ID',
        name: 'customerId',
        type: 'string',
        default: '',
        description: 'The profile ID (UUID) of the customer',
      },
      {
        displayName: 'Description',
        name: 'description',
        type: 'string',
        typeOptions: { rows: 4 },
        default: '',
      },
      ...orderFields,
      {
        displayName: 'Priority',
        name: 'priority',
        type: 'options',
        options: priorityOptions,
        default: 'normal',
      },
    ],
  },
  // update
  {
    displayName: 'Update Fields',
    name: 'updateFields',
    type: 'collection',
    placeholder: 'Add Field',
    default: {},
    displayOptions: showFor(resource, ['update']),
    options: [
      {
        displayName: 'Customer ID',
        name: 'customerId',
        type: 'string',
        default: '',
        description: 'The profile ID (UUID) of the customer',
      },
      {
        displayName: 'Description',
        name: 'description',
        type: 'string',
        typeOptions: { rows: 4 },
        default: '',
      },
      ...orderFields,
      {
        displayName: 'Priority',
        name: 'priority',
        type: 'options',
        options: priorityOptions,
        default: 'normal',
      },
      { displayName: 'Subject', name: 'subject', type: 'string', default: '' },
    ],
  },
  // comment
  {
    displayName: 'Comment',
    name: 'comment',
    type: 'string',
    typeOptions: { rows: 4 },
    required: true,
    default: '',
    displayOptions: showFor(resource, ['comment']),
  },
  {
    displayName: 'Visibility',
    name: 'visibility',
    type: 'options',
    options: [
      { name: 'Internal', value: 'internal', description: 'Only the team sees it' },
      { name: 'Public', value: 'public', description: 'A reply the customer sees' },
    ],
    default: 'internal',
    displayOptions: showFor(resource, ['comment']),
  },
  // assign
  {
    displayName: 'Assignee ID',
    name: 'assigneeId',
    type: 'string',
    default: '',
    description: 'The employee ID (UUID); empty unassigns the ticket',
    displayOptions: showFor(resource, ['assign']),
  },
  // changeStatus
  {
    displayName: 'Status',
    name: 'status',
    type: 'options',
    options: ticketStatusOptions,
    default: 'open',
    displayOptions: showFor(resource, ['changeStatus']),
  },
  {
    displayName: 'Reason',
    name: 'reason',
    type: 'string',
    default: '',
    description: 'Why, kept in the history',
    displayOptions: showFor(resource, ['changeStatus']),
  },
  // getAll
  ...pagingFields(resource, 'getAll'),
  {
    displayName: 'Filters',
    name: 'filters',
    type: 'collection',
    placeholder: 'Add Filter',
    default: {},
    displayOptions: showFor(resource, ['getAll']),
    options: [
      {
        displayName: 'Assignee',
        name: 'assigneeId',
        type: 'string',
        default: '',
        description: 'An employee ID, "me" (the API key\'s employee) or "none" (unassigned)',
      },
      {
        displayName: 'At Risk',
        name: 'atRisk',
        type: 'boolean',
        default: true,
        description: 'Whether to return only tickets whose SLA is at risk',
      },
      {
        displayName: 'Breached',
        name: 'breached',
        type: 'boolean',
        default: true,
        description: 'Whether to return only tickets that missed an SLA target',
      },
      {
        displayName: 'Customer ID',
        name: 'customerId',
        type: 'string',
        default: '',
        description: 'Only tickets of this customer',
      },
      {
        displayName: 'Priority',
        name: 'priority',
        type: 'multiOptions',
        options: priorityOptions,
        default: [],
      },
      {
        displayName: 'Status',
        name: 'status',
        type: 'multiOptions',
        options: ticketStatusOptions,
        default: [],
      },
    ],
  },
];
