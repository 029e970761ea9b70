import type { INodeProperties } from 'n8n-workflow';
import { pagingFields, requiredText, showFor } from './fields';

const resource = 'customer';

export const customerOperations: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: [resource] } },
  options: [
    {
      name: 'Get',
      value: 'get',
      action: 'Get a customer card',
      description: 'The customer 360: golden record, ERP records, metrics, orders, tickets, reminders, notes',
    },
    {
      name: 'Get Orders',
      value: 'getOrders',
      action: 'Get orders of a customer',
      description: "A customer's orders in every ERP, newest first",
    },
    {
      name: 'Get Timeline',
      value: 'getTimeline',
      action: 'Get the timeline of a customer',
      description: 'Orders, tickets, reminders and notes, newest first',
    },
    {
      name: 'Search',
      value: 'search',
      action: 'Search customers',
      description: 'Find customers by name, e-mail, phone, tax ID, ERP ID or order number',
    },
  ],
  default: 'search',
};

export const customerFields: INodeProperties[] = [
  requiredText(resource, ['search'], {
    displayName: 'Query',
    name: 'query',
    description: 'A name, e-mail, phone, tax ID, ERP ID or order number',
    placeholder: 'acme',
  }),
  {
    displayName: 'Limit',
    name: 'limit',
    type: 'number',
    typeOptions: { minValue: 1, maxValue: 100 },
    default: 25,
    description: 'Max number of results to return',
    displayOptions: showFor(resource, ['search']),
  },
  requiredText(resource, ['get', 'getOrders', 'getTimeline'], {
    displayName: 'Customer ID',
    name: 'customerId',
    description: 'A profile ID (UUID); an ID folded by a merge leads to the surviving profile',
  }),
  ...pagingFields(resource, 'getOrders'),
  ...pagingFields(resource, 'getTimeline'),
];
