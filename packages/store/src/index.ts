/** @crm-bridge/store: the database (PostgreSQL or embedded PGlite), its migrations and repositories. */

export { copyText, type Db, type DbDriver, type SqlParam } from './db/db';
export { defaultDataDir, type OpenDbOptions, openDb, redactUrl } from './db/open-db';
export { openPgliteDb, type PgliteDbOptions } from './db/pglite-db';
export { describeUrl, openPostgresDb, type PostgresDbOptions } from './db/postgres-db';
export { type MigrationStatus, migrate, migrationStatus } from './migrations/migrate';
export { loadMigrationFiles, type MigrationFile, migrationsDir } from './migrations/migration-files';
export {
  type Actor,
  type ActorKind,
  type AuditActor,
  type AuditEntry,
  type AuditFilter,
  type AuditInput,
  appendAudit,
  listAudit,
  redactSecrets,
} from './repositories/audit-log';
export { contentHash, stableStringify } from './repositories/content-hash';
export { getCursor, resetCursor, type StoredCursor, saveCursor } from './repositories/cursors';
export {
  addEmployee,
  deactivateEmployee,
  findEmployee,
  findEmployeeBySlackId,
  findEmployeeByTelegramId,
  getEmployee,
  listEmployees,
  setEmployeeChat,
  setEmployeeRole,
} from './repositories/employees';
export { copyOrders, copySourceRecords, streamIsEmpty } from './repositories/first-load';
export { diffByHash } from './repositories/hash-diff';
export {
  findOrder,
  markMissingOrdersDeleted,
  type OrderInput,
  type StoredOrder,
  upsertOrders,
} from './repositories/orders';
export {
  clearQuarantine,
  countQuarantine,
  findQuarantineEntry,
  listQuarantine,
  type QuarantineEntry,
  type QuarantineFilter,
  type QuarantineInput,
  quarantineRecords,
} from './repositories/quarantine';
export {
  findSourceRecord,
  loadSourceRecords,
  markDeleted,
  markMissingDeleted,
  pageSourceRecords,
  pendingSourceRecordIds,
  type SourceRecord,
  type SourceRecordInput,
  upsertSourceRecords,
} from './repositories/source-records';
export {
  addSyncRunCounts,
  finishSyncRun,
  getSyncRun,
  listSyncRuns,
  markInterruptedRuns,
  type SyncCounts,
  type SyncMode,
  type SyncRun,
  type SyncRunStatus,
  startSyncRun,
  zeroCounts,
} from './repositories/sync-runs';
export type { UpsertCounts } from './repositories/upsert-counts';
