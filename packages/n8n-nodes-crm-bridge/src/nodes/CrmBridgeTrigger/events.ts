/** The topics CRM Bridge sends to webhooks (docs/webhooks.md). */
export const EVENT_OPTIONS = [
  {
    name: 'Customer Dormant',
    value: 'customer.dormant',
    description: 'A customer went dormant (no order for much longer than usual)',
  },
  { name: 'Profile Merged', value: 'profile.merged', description: 'Two customer profiles were merged' },
  { name: 'Reminder Due', value: 'reminder.due', description: 'A reminder is due' },
  { name: 'Sync Completed', value: 'sync.completed', description: 'A sync run finished' },
  { name: 'Sync Failed', value: 'sync.failed', description: 'A sync run failed' },
  {
    name: 'Ticket Breached',
    value: 'ticket.breached',
    description: 'A ticket missed its first-response or resolution target',
  },
  { name: 'Ticket Created', value: 'ticket.created', description: 'A ticket is opened' },
  {
    name: 'Ticket SLA At Risk',
    value: 'ticket.sla_at_risk',
    description: 'A ticket has used the configured share of an SLA target',
  },
  {
    name: 'Ticket Updated',
    value: 'ticket.updated',
    description: 'A ticket changes (status, assignee, priority, fields, a comment)',
  },
];
