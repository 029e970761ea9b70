import type { OwnerRule, OwnersConfig } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';

/** What owner rules look at in a customer. */
export interface CustomerFacts {
  /** The sources (sources[].id) holding a record of the customer. */
  sources: readonly string[];
  segment: string | null;
  vip: boolean;
}

/** True when every condition the rule gives holds for the customer. */
export function ruleMatches(rule: OwnerRule, facts: CustomerFacts): boolean {
  if (rule.source && !rule.source.some((source) => facts.sources.includes(source))) return false;
  if (
    rule.segment &&
    (facts.segment === null || !(rule.segment as readonly string[]).includes(facts.segment))
  )
    return false;
  if (rule.vip !== undefined && rule.vip !== facts.vip) return false;
  return true;
}

/** The employee (e-mail or id, as written in the config) the rules give a customer; null: nobody. */
export function ruleOwner(owners: OwnersConfig, facts: CustomerFacts): string | null {
  return owners.rules.find((rule) => ruleMatches(rule, facts))?.owner ?? owners.default ?? null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The active employees the config names, by the reference as written (an id, or an e-mail compared
 * without case). A reference no active employee answers to is missing from the map.
 */
export async function employeesByRef(
  db: Db,
  refs: readonly string[],
): Promise<Map<string, { id: string; name: string }>> {
  const found = new Map<string, { id: string; name: string }>();
  if (refs.length === 0) return found;
  const rows = await db.query<{ id: string; name: string; email: string | null }>(
    `SELECT id, name, email FROM employees
     WHERE active AND (id::text = ANY($1::text[]) OR lower(email) = ANY($2::text[]))
     ORDER BY created_at, id`,
    [
      refs.filter((ref) => UUID.test(ref)).map((ref) => ref.toLowerCase()),
      refs.map((ref) => ref.toLowerCase()),
    ],
  );
  for (const ref of refs) {
    const key = ref.toLowerCase();
    const employee = rows.find((row) => row.id === key || row.email?.toLowerCase() === key);
    if (employee) found.set(ref, { id: employee.id, name: employee.name });
  }
  return found;
}
