import type { Channel, NewEmployee, Role } from '@crm-bridge/core';
import type { Db } from './db/db';
import { migrate, migrationStatus } from './migrations/migrate';
import {
  type Actor,
  type AuditFilter,
  type AuditInput,
  appendAudit,
  listAudit,
} from './repositories/audit-log';
import { getCursor, resetCursor, saveCursor } from './repositories/cursors';
import {
  addEmployee,
  deactivateEmployee,
  findEmployee,
  findEmployeeBySlackId,
  findEmployeeByTelegramId,
  getEmployee,
  listEmployees,
  setEmployeeRole,
} from './repositories/employees';
import { findOrder, type OrderInput, upsertOrders } from './repositories/orders';
import {
  clearQuarantine,
  countQuarantine,
  listQuarantine,
  type QuarantineFilter,
  type QuarantineInput,
  quarantineRecords,
} from './repositories/quarantine';
import {
  findSourceRecord,
  markDeleted,
  markMissingDeleted,
  type SourceRecordInput,
  searchSourceRecordsByName,
  upsertSourceRecords,
} from './repositories/source-records';
import {
  addSyncRunCounts,
  finishSyncRun,
  getSyncRun,
  listSyncRuns,
  type SyncCounts,
  type SyncMode,
  type SyncRunStatus,
  startSyncRun,
} from './repositories/sync-runs';

/**
 * The repositories bound to one Db handle. `store.transaction(s => …)` gives the same store
 * bound to a transaction, so a page, its cursor and its run counts commit together.
 */
export class Store {
  constructor(readonly db: Db) {}

  /** Runs `fn` with a store bound to one transaction (a savepoint when already in one). */
  transaction<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new Store(tx)));
  }

  /** Applies pending migrations. */
  migrate() {
    return migrate(this.db);
  }

  /** Applied and pending migrations. */
  migrationStatus() {
    return migrationStatus(this.db);
  }

  readonly sourceRecords = {
    upsert: (source: string, stream: string, records: readonly SourceRecordInput[]) =>
      upsertSourceRecords(this.db, source, stream, records),
    find: (source: string, stream: string, externalId: string) =>
      findSourceRecord(this.db, source, stream, externalId),
    searchByName: (text: string, options?: { limit?: number }) =>
      searchSourceRecordsByName(this.db, text, options),
    markDeleted: (source: string, stream: string, externalIds: readonly string[]) =>
      markDeleted(this.db, source, stream, externalIds),
    markMissingDeleted: (source: string, stream: string, seen: readonly string[]) =>
      markMissingDeleted(this.db, source, stream, seen),
  };

  readonly orders = {
    upsert: (source: string, records: readonly OrderInput[]) => upsertOrders(this.db, source, records),
    find: (source: string, externalId: string) => findOrder(this.db, source, externalId),
  };

  readonly syncRuns = {
    start: (input: { source: string; stream?: string | null; mode: SyncMode }) =>
      startSyncRun(this.db, input),
    addCounts: (id: number, counts: Partial<SyncCounts>) => addSyncRunCounts(this.db, id, counts),
    finish: (
      id: number,
      result: { status: Exclude<SyncRunStatus, 'running'>; counts?: SyncCounts; error?: string | null },
    ) => finishSyncRun(this.db, id, result),
    get: (id: number) => getSyncRun(this.db, id),
    list: (filter?: { source?: string; limit?: number }) => listSyncRuns(this.db, filter),
  };

  readonly cursors = {
    get: <C = unknown>(source: string, stream: string) => getCursor<C>(this.db, source, stream),
    save: (input: { source: string; stream: string; cursor: unknown; runId: number | null }) =>
      saveCursor(this.db, input),
    reset: (source: string, stream: string) => resetCursor(this.db, source, stream),
  };

  readonly quarantine = {
    add: (entries: readonly QuarantineInput[]) => quarantineRecords(this.db, entries),
    clear: (source: string, stream: string, externalIds: readonly string[]) =>
      clearQuarantine(this.db, source, stream, externalIds),
    list: (filter?: QuarantineFilter & { limit?: number }) => listQuarantine(this.db, filter),
    count: (filter?: QuarantineFilter) => countQuarantine(this.db, filter),
  };

  readonly employees = {
    add: (input: NewEmployee, actor: Actor) => addEmployee(this.db, input, actor),
    list: (options?: { includeInactive?: boolean }) => listEmployees(this.db, options),
    find: (id: string) => findEmployee(this.db, id),
    get: (id: string) => getEmployee(this.db, id),
    findBySlackId: (slackUserId: string) => findEmployeeBySlackId(this.db, slackUserId),
    findByTelegramId: (telegramUserId: number) => findEmployeeByTelegramId(this.db, telegramUserId),
    setRole: (id: string, role: Role, actor: Actor) => setEmployeeRole(this.db, id, role, actor),
    deactivate: (id: string, actor: Actor) => deactivateEmployee(this.db, id, actor),
  };

  readonly audit = {
    append: (input: AuditInput) => appendAudit(this.db, input),
    list: (filter?: AuditFilter) => listAudit(this.db, filter),
  };
}

/** The repositories over `db`. */
export function createStore(db: Db): Store {
  return new Store(db);
}

/** The actor for writes made by the `crm-bridge` command itself. */
export const cliActor = (channel: Channel = 'cli'): Actor => ({ kind: 'cli', id: null, channel });
