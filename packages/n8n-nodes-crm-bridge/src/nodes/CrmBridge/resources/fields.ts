import type { INodeProperties } from 'n8n-workflow';

/** `displayOptions.show` for one resource and some of its operations. */
export function showFor(resource: string, operations: string[]): INodeProperties['displayOptions'] {
  return { show: { resource: [resource], operation: operations } };
}

/** "Return All" and "Limit", for an operation that pages through the API's cursors. */
export function pagingFields(resource: string, operation: string): INodeProperties[] {
  return [
    {
      displayName: 'Return All',
      name: 'returnAll',
      type: 'boolean',
      default: false,
      description: 'Whether to return all results or only up to a given limit',
      displayOptions: showFor(resource, [operation]),
    },
    {
      displayName: 'Limit',
      name: 'limit',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: 50,
      description: 'Max number of results to return',
      displayOptions: { show: { resource: [resource], operation: [operation], returnAll: [false] } },
    },
  ];
}

/** A required text field shown for some operations of a resource. */
export function requiredText(
  resource: string,
  operations: string[],
  field: Pick<INodeProperties, 'displayName' | 'name' | 'description'> & { placeholder?: string },
): INodeProperties {
  return {
    ...field,
    type: 'string',
    required: true,
    default: '',
    displayOptions: showFor(resource, operations),
  };
}

export const priorityOptions = [
  { name: 'Low', value: 'low' },
  { name: 'Normal', value: 'normal' },
  { name: 'High', value: 'high' },
  { name: 'Urgent', value: 'urgent' },
];

export const ticketStatusOptions = [
  { name: 'New', value: 'new' },
  { name: 'Open', value: 'open' },
  { name: 'Pending', value: 'pending' },
  { name: 'Resolved', value: 'resolved' },
  { name: 'Closed', value: 'closed' },
];
