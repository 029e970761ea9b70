import type { INodeProperties } from 'n8n-workflow';
import { requiredText, showFor } from './fields';

const resource = 'profile';

export const profileOperations: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: [resource] } },
  options: [
    {
      name: 'Merge',
      value: 'merge',
      action: 'Merge two profiles',
      description: 'Merge two customer profiles by hand; the decision survives re-syncs',
    },
    {
      name: 'Split',
      value: 'split',
      action: 'Split a record out of a profile',
      description: 'Take one ERP record out of a profile for good',
    },
  ],
  default: 'merge',
};

export const profileFields: INodeProperties[] = [
  requiredText(resource, ['merge', 'split'], {
    displayName: 'Profile ID',
    name: 'profileId',
    description: 'The profile (UUID) that stays',
  }),
  requiredText(resource, ['merge'], {
    displayName: 'Other Profile ID',
    name: 'otherProfileId',
    description: 'The profile (UUID) folded into it',
  }),
  {
    displayName: 'Record ID',
    name: 'recordId',
    type: 'number',
    required: true,
    default: 0,
    description: 'The ERP record ID, as in the customer card or the explanation',
    displayOptions: showFor(resource, ['split']),
  },
  {
    displayName: 'Reason',
    name: 'reason',
    type: 'string',
    default: '',
    description: 'Why, for the audit log',
    displayOptions: showFor(resource, ['merge', 'split']),
  },
];
