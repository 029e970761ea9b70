import type { Route } from '../http/route';
import { customerRoutes } from './customer-routes';
import { employeeRoutes } from './employee-routes';
import { healthRoutes } from './health-routes';
import { profileRoutes } from './profile-routes';
import { reminderRoutes } from './reminder-routes';
import { syncRoutes } from './sync-routes';
import { ticketRoutes } from './ticket-routes';
import { webhookRoutes } from './webhook-routes';

/** Every route of the API: the router registers these and the OpenAPI document describes these. */
export const apiRoutes: readonly Route[] = [
  ...healthRoutes,
  ...customerRoutes,
  ...profileRoutes,
  ...ticketRoutes,
  ...reminderRoutes,
  ...syncRoutes,
  ...employeeRoutes,
  ...webhookRoutes,
];
