import type { Address, Customer } from '@crm-bridge/core';
import type { KeyAnalysis } from '../keys/linking-keys';

/** One record of a profile as the golden record weighs it. */
export interface GoldenInput {
  customer: Customer;
  analysis: KeyAnalysis;
  /** The source's `priority` in config: higher wins. */
  priority: number;
  /** When the store last wrote the record: breaks ties between records without an ERP timestamp. */
  updatedAt: string;
}

/** The profile's own fields, each taken from the most trusted record that has it. */
export interface GoldenRecord {
  kind: Customer['kind'];
  displayName: string;
  legalName: string | null;
  /** A linking key (lower-case e-mail, E.164 phone) when a record has one, else the first one written. */
  primaryEmail: string | null;
  primaryPhone: string | null;
  /** Valid tax ids of every record, as `{ kind, value }` with kind inn, ogrn or vat. */
  taxIds: { kind: string; value: string }[];
  address: Address | null;
  sourceCount: number;
}

/** Milliseconds, not the text: ERPs write offsets (+03:00) that do not sort as instants. */
function recency(input: GoldenInput): number {
  return Date.parse(input.customer.sourceModifiedAt ?? input.updatedAt);
}

/**
 * Records in trust order: the highest source priority first, then the most recent change (the ERP's
 * timestamp, else when we stored it), then source and external id so ties never depend on read order.
 */
export function trustOrder(inputs: readonly GoldenInput[]): GoldenInput[] {
  return [...inputs].sort(
    (a, b) =>
      b.priority - a.priority ||
      recency(b) - recency(a) ||
      (a.customer.sourceId < b.customer.sourceId ? -1 : a.customer.sourceId > b.customer.sourceId ? 1 : 0) ||
      (a.customer.externalId < b.customer.externalId
        ? -1
        : a.customer.externalId > b.customer.externalId
          ? 1
          : 0),
  );
}

const ADDRESS_PREFERENCE: readonly Address['kind'][] = ['legal', 'billing', 'office', 'shipping', 'other'];

function bestAddress(addresses: readonly Address[]): Address | null {
  for (const kind of ADDRESS_PREFERENCE) {
    const address = addresses.find((a) => a.kind === kind);
    if (address) return address;
  }
  return null;
}

/**
 * The golden record of one profile: each field from the first record in trust order that has it.
 * Deleted records count only when nothing else is left, so a record the ERP dropped does not name the
 * customer over one it still holds.
 */
export function goldenRecord(inputs: readonly GoldenInput[]): GoldenRecord {
  if (inputs.length === 0) throw new RangeError('a profile needs at least one record');
  const live = inputs.filter((i) => i.customer.status !== 'deleted');
  const ordered = trustOrder(live.length > 0 ? live : inputs);
  const first = <T>(pick: (input: GoldenInput) => T | null | undefined): T | null => {
    for (const input of ordered) {
      const value = pick(input);
      if (value !== null && value !== undefined) return value;
    }
    return null;
  };
  const taxIds = new Map<string, { kind: string; value: string }>();
  for (const input of ordered) {
    for (const key of input.analysis.keys) {
      if (key.kind === 'inn' || key.kind === 'ogrn' || key.kind === 'vat')
        taxIds.set(`${key.kind}:${key.value}`, { kind: key.kind, value: key.value });
    }
  }
  return {
    kind: ordered[0]!.customer.kind,
    displayName: ordered[0]!.customer.displayName,
    legalName: first((i) => i.customer.legalName),
    primaryEmail:
      first((i) => i.analysis.keys.find((k) => k.kind === 'email')?.value) ??
      first((i) => i.customer.emails[0]),
    primaryPhone:
      first((i) => i.analysis.keys.find((k) => k.kind === 'phone')?.value) ??
      first((i) => i.customer.phones[0]),
    taxIds: [...taxIds.values()],
    address: first((i) => bestAddress(i.customer.addresses)),
    sourceCount: new Set(inputs.map((i) => i.customer.sourceId)).size,
  };
}
