/** Answer shapes of the customer and profile routes: what @crm-bridge/profiles returns, field for field. */
import { z } from 'zod';

const ProfileKind = z.enum(['organization', 'person']);
const Timestamp = z.string().meta({ description: 'ISO 8601, UTC' });
const Decimal = z.string().meta({ description: 'A decimal number as text, exact' });

export const SearchHit = z.strictObject({
  profileId: z.uuid(),
  kind: ProfileKind,
  displayName: z.string(),
  matchedOn: z.enum(['email', 'phone', 'tax_id', 'external_id', 'order_number', 'name']),
  matched: z.string().meta({ description: 'The normalised key or the name that matched' }),
  rank: z.number().meta({ description: 'Lower is better: 0 for a key match' }),
});

const CardRecord = z.strictObject({
  id: z.int(),
  source: z.string(),
  stream: z.string(),
  externalId: z.string(),
  kind: ProfileKind,
  displayName: z.string(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  status: z.string(),
  sourceModifiedAt: Timestamp.nullable(),
  updatedAt: Timestamp,
  joinedBy: z.string().nullable(),
  joinedKey: z.string().nullable(),
});

const CardMetrics = z.strictObject({
  baseCurrency: z.string(),
  revenue: z.record(z.string(), Decimal),
  revenueBase: Decimal,
  orderCount: z.int(),
  averageOrderValue: Decimal.nullable(),
  firstOrderAt: Timestamp.nullable(),
  lastOrderAt: Timestamp.nullable(),
  typicalGapDays: z.number().nullable(),
  rfm: z.strictObject({ r: z.int(), f: z.int(), m: z.int() }).nullable(),
  segment: z.string().nullable(),
  lifetimeValue: Decimal.nullable(),
  vip: z.boolean(),
  dormant: z.boolean(),
  churnRisk: z.boolean(),
  reason: z.string().nullable(),
  churnReason: z.string().nullable(),
  missingRates: z.array(z.string()),
  computedAt: Timestamp,
});

const CardOrder = z.strictObject({
  source: z.string(),
  number: z.string(),
  orderedAt: Timestamp,
  status: z.string(),
  currency: z.string(),
  total: Decimal,
  deleted: z.boolean(),
});

/** The customer 360. */
export const CustomerCard = z.strictObject({
  profile: z.strictObject({
    id: z.uuid(),
    mergedFrom: z
      .uuid()
      .nullable()
      .meta({ description: 'The id asked for, when a merge folded it into this one' }),
    kind: ProfileKind,
    displayName: z.string(),
    legalName: z.string().nullable(),
    primaryEmail: z.string().nullable(),
    primaryPhone: z.string().nullable(),
    taxIds: z.array(z.strictObject({ kind: z.string(), value: z.string() })),
    address: z.record(z.string(), z.unknown()).nullable(),
    status: z.enum(['active', 'inactive']),
    owner: z.strictObject({ id: z.uuid(), name: z.string() }).nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  }),
  records: z.array(CardRecord),
  related: z.array(z.strictObject({ profileId: z.uuid(), displayName: z.string(), kind: ProfileKind })),
  metrics: CardMetrics.nullable(),
  orders: z.array(CardOrder),
  orderTotal: z.int(),
  tickets: z.array(
    z.strictObject({
      id: z.uuid(),
      number: z.int(),
      title: z.string(),
      status: z.string(),
      priority: z.string(),
      createdAt: Timestamp,
    }),
  ),
  reminders: z.array(
    z.strictObject({ id: z.uuid(), text: z.string(), dueAt: Timestamp, status: z.string() }),
  ),
  notes: z.array(z.strictObject({ id: z.uuid(), kind: z.string(), body: z.string(), occurredAt: Timestamp })),
});

export const CustomerOrder = z.strictObject({
  id: z.int(),
  source: z.string(),
  externalId: z.string(),
  number: z.string(),
  orderedAt: Timestamp,
  status: z.string(),
  erpStatus: z.string(),
  currency: z.string(),
  netAmount: Decimal,
  taxAmount: Decimal,
  total: Decimal,
  deleted: z.boolean(),
  lines: z.array(
    z.strictObject({
      lineNo: z.int(),
      productCode: z.string().nullable(),
      name: z.string(),
      quantity: Decimal,
      unitPrice: Decimal,
      amount: Decimal,
    }),
  ),
});

/** Why a profile holds what it holds. */
export const ProfileExplanation = z.strictObject({
  profileId: z.uuid(),
  mergedFrom: z.uuid().nullable(),
  displayName: z.string(),
  records: z.array(
    z.strictObject({
      id: z.int(),
      ref: z.string(),
      displayName: z.string(),
      joinedBy: z.string().nullable(),
      joinedKey: z.string().nullable(),
      joinedVia: z.string().nullable(),
    }),
  ),
  merges: z.array(
    z.strictObject({
      id: z.int(),
      survivorId: z.uuid(),
      absorbedId: z.uuid(),
      linkKind: z.string(),
      linkKey: z.string().nullable(),
      between: z.tuple([z.string().nullable(), z.string().nullable()]),
      actor: z.string(),
      at: Timestamp,
      undoneAt: Timestamp.nullable(),
    }),
  ),
  decisions: z.array(
    z.strictObject({
      id: z.int(),
      decision: z.string(),
      record: z.string(),
      other: z.string().nullable(),
      actor: z.string(),
      reason: z.string().nullable(),
      at: Timestamp,
    }),
  ),
  refusals: z.array(
    z.strictObject({
      type: z.string(),
      record: z.string().nullable(),
      other: z.string().nullable(),
      kind: z.string(),
      key: z.string().nullable(),
      reason: z.string(),
      holders: z.number().nullable(),
    }),
  ),
});

/** What a manual merge or split did: the profile holding the records now, and the resolver's pass. */
export const ProfileDecision = z.strictObject({
  profileId: z.uuid(),
  pass: z.strictObject({
    records: z.int().meta({ description: 'Records re-resolved' }),
    profiles: z.array(z.uuid()).meta({ description: 'Profiles holding those records now' }),
    created: z.int(),
    absorbed: z.array(z.uuid()),
  }),
});
