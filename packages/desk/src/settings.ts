import type { Config, OwnersConfig } from '@crm-bridge/core';
import { type SlaPolicy, slaPolicy } from './tickets/ticket-sla';

/** What the desk needs of the config, read once: the SLA policy and the customer owner rules. */
export interface DeskSettings {
  sla: SlaPolicy;
  owners: OwnersConfig;
}

/** The desk settings of a parsed crm-bridge.yaml. */
export function deskSettings(config: Pick<Config, 'tickets' | 'owners'>): DeskSettings {
  return { sla: slaPolicy(config.tickets), owners: config.owners };
}

/** The time a use case acts at: given by tests and sweeps, else the clock. */
export interface AtTime {
  now?: Date;
}
