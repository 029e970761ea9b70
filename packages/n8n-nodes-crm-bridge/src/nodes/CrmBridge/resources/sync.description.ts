import type { INodeProperties } from 'n8n-workflow';
import { requiredText, showFor } from './fields';

const resource = 'sync';

export const syncOperations: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: [resource] } },
  options: [
    {
      name: 'Get Run',
      value: 'getRun',
      action: 'Get a sync run',
      description: 'A run with its status, counts and stream runs',
    },
    {
      name: 'Start',
      value: 'start',
      action: 'Start a sync',
      description: 'Start a sync of one source, optionally waiting until it finishes',
    },
    {
      name: 'Wait for Run',
      value: 'waitForRun',
      action: 'Wait for a sync run to finish',
      description: 'Poll a run until it finishes or the wait runs out',
    },
  ],
  default: 'start',
};

const waitFields = (operations: string[], extraShow: Record<string, boolean[]> = {}): INodeProperties[] => [
  {
    displayName: 'Max Wait (Seconds)',
    name: 'maxWaitSeconds',
    type: 'number',
    typeOptions: { minValue: 1, maxValue: 3600 },
    default: 300,
    description: 'How long to wait at most; the run is returned as it is then, with timedOut true',
    displayOptions: { show: { resource: [resource], operation: operations, ...extraShow } },
  },
  {
    displayName: 'Poll Interval (Seconds)',
    name: 'pollIntervalSeconds',
    type: 'number',
    typeOptions: { minValue: 1, maxValue: 300 },
    default: 5,
    description: 'How often to read the run while waiting',
    displayOptions: { show: { resource: [resource], operation: operations, ...extraShow } },
  },
];

export const syncFields: INodeProperties[] = [
  requiredText(resource, ['start'], {
    displayName: 'Source',
    name: 'source',
    description: 'sources[].ID in crm-bridge.yaml, e.g. odoo',
    placeholder: 'odoo',
  }),
  {
    displayName: 'Wait for Completion',
    name: 'waitForCompletion',
    type: 'boolean',
    default: false,
    description: 'Whether to wait (bounded) until the run finishes before going on',
    displayOptions: showFor(resource, ['start']),
  },
  ...waitFields(['start'], { waitForCompletion: [true] }),
  {
    displayName: 'Additional Fields',
    name: 'additionalFields',
    type: 'collection',
    placeholder: 'Add Field',
    default: {},
    displayOptions: showFor(resource, ['start']),
    options: [
      {
        displayName: 'Mode',
        name: 'mode',
        type: 'options',
        options: [
          { name: 'Incremental', value: 'incremental' },
          { name: 'Full', value: 'full' },
        ],
        default: 'incremental',
      },
      {
        displayName: 'Reconcile',
        name: 'reconcile',
        type: 'boolean',
        default: false,
        description: 'Whether to also find records the ERP deleted',
      },
      {
        displayName: 'Streams',
        name: 'streams',
        type: 'string',
        default: '',
        placeholder: 'customers,orders',
        description: 'Only these streams, comma-separated; all when empty',
      },
    ],
  },
  {
    displayName: 'Run ID',
    name: 'runId',
    type: 'number',
    required: true,
    default: 0,
    description: 'The ID of the sync run, as Start returns it',
    displayOptions: showFor(resource, ['getRun', 'waitForRun']),
  },
  ...waitFields(['waitForRun']),
];
