/** @crm-bridge/cli: the crm-bridge command, as a function (the bin calls it). */
export type { Io } from './io';
export { main } from './main';
export { writeDemoConfig } from './sync/demo-config';
