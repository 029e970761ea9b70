export { formatDuration, parseDuration } from './duration';
export { interpolate } from './interpolate';
export { CONFIG_JSON_SCHEMA_FILE, configJsonSchema, configJsonSchemaText } from './json-schema';
export {
  type ConfigIssue,
  formatConfigIssue,
  loadConfig,
  type ParseConfigOptions,
  parseConfig,
} from './load-config';
export * from './schema';
export * from './schema-bots';
export type { Schedule } from './schema-fields';
export * from './schema-sources';
export { REDACTED, type Redacted, redactedConfig, Secret, secret } from './secret';
