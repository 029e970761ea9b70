/** How many of the latest tickets the card holds: fewer means the card holds every ticket of the customer. */
export const CARD_LATEST_TICKETS = 20;

/**
 * The customer card in one statement: under load every round trip waits for a pool connection, so the
 * id's merge hop, the profile with its owner and metrics, and each list are read together.
 *
 * Parameters: $1 the id asked for (a uuid), $2 how many of the newest orders to return.
 * Returns no row for an unknown id; else one row: `asked` (the stored id asked for), `folded` (whether a
 * merge folded it), the profile's columns (null when it vanished between the hop and the read), its
 * owner's name, the metrics columns prefixed `m_` (null without metrics), `order_total`, and the lists
 * `records`, `related`, `orders`, `tickets`, `reminders`, `notes` as JSON arrays (timestamps as ISO text
 * with an offset, amounts as text).
 */
export const CUSTOMER_CARD_SQL = `
WITH ref AS (
  SELECT id AS asked, COALESCE(merged_into, id) AS id, merged_into IS NOT NULL AS folded
  FROM profiles WHERE id = $1::uuid
)
SELECT ref.asked, ref.folded,
  p.id, p.kind, p.display_name, p.legal_name, p.primary_email, p.primary_phone, p.tax_ids, p.address,
  p.status, p.owner_id, e.name AS owner_name, p.created_at, p.updated_at,
  m.profile_id AS m_profile_id, m.base_currency AS m_base_currency, m.revenue AS m_revenue,
  m.revenue_base AS m_revenue_base, m.order_count AS m_order_count,
  m.average_order_value AS m_average_order_value, m.first_order_at AS m_first_order_at,
  m.last_order_at AS m_last_order_at, m.typical_gap_days AS m_typical_gap_days, m.rfm_r AS m_rfm_r,
  m.rfm_f AS m_rfm_f, m.rfm_m AS m_rfm_m, m.segment AS m_segment, m.ltv AS m_ltv, m.vip AS m_vip,
  m.dormant AS m_dormant, m.churn_risk AS m_churn_risk, m.reason AS m_reason,
  m.churn_reason AS m_churn_reason, m.missing_rates AS m_missing_rates, m.computed_at AS m_computed_at,
  (SELECT count(*)::int FROM orders WHERE profile_id = p.id) AS order_total,
  (SELECT COALESCE(json_agg(json_build_object(
      'id', r.id, 'source', r.source, 'stream', r.stream, 'externalId', r.external_id, 'kind', r.kind,
      'displayName', r.display_name, 'emails', r.emails, 'phones', r.phones, 'status', r.status,
      'sourceModifiedAt', r.source_modified_at, 'updatedAt', r.updated_at, 'joinedBy', r.joined_by,
      'joinedKey', r.joined_key) ORDER BY r.source, r.external_id), '[]'::json)
   FROM source_records r WHERE r.profile_id = p.id) AS records,
  -- Organisation ↔ person links, read from the records: a person record names its organisation record.
  (SELECT COALESCE(json_agg(json_build_object('profileId', x.id, 'displayName', x.display_name, 'kind', x.kind)
      ORDER BY x.display_name, x.id), '[]'::json)
   FROM (SELECT DISTINCT o.id, o.display_name, o.kind
     FROM (SELECT org.profile_id AS other FROM source_records per
             JOIN source_records org ON org.source = per.source
               AND org.external_id = per.organization_external_id AND org.kind = 'organization'
           WHERE p.kind = 'person' AND per.profile_id = p.id AND per.kind = 'person'
           UNION ALL
           SELECT per.profile_id FROM source_records org
             JOIN source_records per ON per.source = org.source
               AND per.organization_external_id = org.external_id AND per.kind = 'person'
           WHERE p.kind <> 'person' AND org.profile_id = p.id AND org.kind = 'organization') AS link
     JOIN profiles o ON o.id = link.other
     WHERE o.id <> p.id
     ORDER BY o.display_name, o.id LIMIT 50) AS x) AS related,
  (SELECT COALESCE(json_agg(json_build_object(
      'source', x.source, 'number', x.number, 'orderedAt', x.ordered_at, 'status', x.status,
      'currency', x.currency, 'total', x.total_amount::text, 'recordStatus', x.record_status)
      ORDER BY x.ordered_at DESC, x.id DESC), '[]'::json)
   FROM (SELECT id, source, number, ordered_at, status, currency, total_amount, record_status FROM orders
     WHERE profile_id = p.id ORDER BY ordered_at DESC, id DESC LIMIT $2) AS x) AS orders,
  (SELECT COALESCE(json_agg(json_build_object(
      'id', x.id, 'number', x.number, 'title', x.title, 'status', x.status, 'priority', x.priority,
      'createdAt', x.created_at) ORDER BY x.created_at DESC), '[]'::json)
   FROM (SELECT id, number, title, status, priority, created_at FROM tickets WHERE profile_id = p.id
     ORDER BY created_at DESC LIMIT ${CARD_LATEST_TICKETS}) AS x) AS tickets,
  (SELECT COALESCE(json_agg(json_build_object(
      'id', x.id, 'text', x.text, 'dueAt', x.due_at, 'status', x.status) ORDER BY x.due_at), '[]'::json)
   FROM (SELECT id, text, due_at, status FROM reminders WHERE profile_id = p.id AND status = 'pending'
     ORDER BY due_at LIMIT 20) AS x) AS reminders,
  (SELECT COALESCE(json_agg(json_build_object(
      'id', x.id, 'kind', x.kind, 'body', x.body, 'occurredAt', x.occurred_at) ORDER BY x.occurred_at DESC),
      '[]'::json)
   FROM (SELECT id, kind, body, occurred_at FROM interactions WHERE profile_id = p.id
     ORDER BY occurred_at DESC LIMIT 20) AS x) AS notes
FROM ref
LEFT JOIN profiles p ON p.id = ref.id
LEFT JOIN employees e ON e.id = p.owner_id
LEFT JOIN profile_metrics m ON m.profile_id = p.id`;
