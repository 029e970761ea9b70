import type { Db } from '@crm-bridge/store';
import { emitEvent } from '../events';
import type { DeskSettings } from '../settings';
import { employeesByRef, ruleOwner } from './owner-rules';
import { insertReminder } from './reminder-writes';

/** What one dormant sweep did. */
export interface DormantSweepResult {
  /** Customers newly found dormant (customer.dormant emitted). */
  dormant: number;
  /** dormant_customer reminders written. */
  reminders: number;
  /** Newly dormant customers without an owner (none by hand, no rule, no default): no reminder. */
  unowned: number;
}

const BATCH = 200;

/*
 * Dormant live profiles whose dormancy has not been seen yet. A dormancy is the profile and its last order
 * (`dormant:<profile>:<last order, epoch ms>`): a new order ends it, the next dormancy has a new key. Seen
 * means a reminder with that key, or the customer.dormant event for it. $1 walks profiles by id, $2 the batch.
 */
const CANDIDATES = `
  SELECT c.* FROM (
    SELECT p.id, p.display_name, p.owner_id, e.name AS owner_name, m.last_order_at, m.reason, m.vip, m.segment,
      ARRAY(SELECT DISTINCT s.source FROM source_records s WHERE s.profile_id = p.id ORDER BY 1) AS sources,
      'dormant:' || p.id::text || ':'
        || COALESCE((extract(epoch FROM m.last_order_at) * 1000)::bigint::text, 'none') AS dedupe_key
    FROM profile_metrics m
    JOIN profiles p ON p.id = m.profile_id AND p.status <> 'merged'
    LEFT JOIN employees e ON e.id = p.owner_id AND e.active
    WHERE m.dormant AND p.id > $1
  ) c
  WHERE NOT EXISTS (SELECT 1 FROM reminders r WHERE r.dedupe_key = c.dedupe_key)
    AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = 'customer.' || c.dedupe_key)
  ORDER BY c.id
  LIMIT $2`;

interface Candidate {
  id: string;
  display_name: string;
  owner_id: string | null;
  owner_name: string | null;
  last_order_at: Date | null;
  reason: string | null;
  vip: boolean;
  segment: string | null;
  sources: string[];
  dedupe_key: string;
}

/**
 * One reminder per newly dormant customer for its owner — the active owner set by hand on the profile,
 * else the first matching owner rule of the config, else its default (also when the rule names nobody
 * active) — and one customer.dormant event; never twice for the same dormancy, again after a new order
 * and a new dormancy. A customer with no owner at all gets the event only.
 */
export async function dormantSweep(
  db: Db,
  settings: Pick<DeskSettings, 'owners'>,
  now: Date = new Date(),
): Promise<DormantSweepResult> {
  const result: DormantSweepResult = { dormant: 0, reminders: 0, unowned: 0 };
  const refs = [...settings.owners.rules.map((rule) => rule.owner), settings.owners.default ?? []].flat();
  const byRef = await employeesByRef(db, [...new Set(refs)]);
  let lastId = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const candidates = await db.query<Candidate>(CANDIDATES, [lastId, BATCH]);
    for (const customer of candidates) {
      const ruled = ruleOwner(settings.owners, customer);
      const fallback = settings.owners.default;
      // A rule naming nobody who works here (any more) falls back to the default owner.
      const owner =
        customer.owner_id !== null && customer.owner_name !== null
          ? { id: customer.owner_id, name: customer.owner_name }
          : ((ruled === null ? undefined : byRef.get(ruled)) ??
            (fallback === undefined ? undefined : byRef.get(fallback)) ??
            null);
      await db.transaction(async (tx) => {
        const reminderId = owner
          ? await insertReminder(tx, {
              ownerId: owner.id,
              kind: 'dormant_customer',
              text: `${customer.display_name} went quiet: ${customer.reason ?? 'no recent orders'}`,
              dueAt: now,
              profileId: customer.id,
              ticketId: null,
              createdBy: null,
              dedupeKey: customer.dedupe_key,
              now,
            })
          : null;
        const emitted = await emitEvent(
          tx,
          'customer.dormant',
          {
            customer: {
              id: customer.id,
              name: customer.display_name,
              lastOrderAt: customer.last_order_at?.toISOString() ?? null,
              reason: customer.reason ?? '',
              vip: customer.vip,
              segment: customer.segment,
            },
            owner,
            reminderId,
          },
          `customer.${customer.dedupe_key}`,
        );
        if (emitted) result.dormant++;
        if (reminderId) result.reminders++;
        if (emitted && !owner) result.unowned++;
      });
    }
    if (candidates.length < BATCH) return result;
    lastId = candidates[candidates.length - 1]!.id;
  }
}
