import type { Db } from '@crm-bridge/store';

/**
 * Runs a bulk write with these indexes dropped and builds them again afterwards, in the caller's
 * transaction: one sorted build is several times cheaper than a million single inserts into each index.
 * A unique constraint is dropped and re-added as the constraint it was. Only for whole-store passes,
 * which hold the resolution lock (readers wait on the dropped indexes' table until the commit).
 */
export async function withIndexesRebuilt<T>(
  tx: Db,
  table: string,
  indexes: readonly string[],
  fn: () => Promise<T>,
): Promise<T> {
  const found = await tx.query<{ name: string; definition: string; constraint_definition: string | null }>(
    `SELECT i.indexname AS name, i.indexdef AS definition, pg_get_constraintdef(c.oid) AS constraint_definition
     FROM pg_indexes i
     LEFT JOIN pg_constraint c ON c.conname = i.indexname AND c.conrelid = $1::text::regclass
     WHERE i.schemaname = current_schema() AND i.tablename = $1::text AND i.indexname = ANY ($2::text[])`,
    [table, indexes],
  );
  for (const index of found) {
    if (index.constraint_definition) await tx.exec(`ALTER TABLE ${table} DROP CONSTRAINT ${index.name}`);
    else await tx.exec(`DROP INDEX ${index.name}`);
  }
  const result = await fn();
  for (const index of found) {
    if (index.constraint_definition)
      await tx.exec(`ALTER TABLE ${table} ADD CONSTRAINT ${index.name} ${index.constraint_definition}`);
    else await tx.exec(index.definition);
  }
  return result;
}
