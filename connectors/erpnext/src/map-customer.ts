/** Customer (+ its Addresses) → canonical Customer; Individual → person, Company/Partnership → organization. */
import { type Address, type CustomerInput, InvalidRecordError } from '@crm-bridge/core';
import type { MapContext } from '@crm-bridge/sync';
import type { Row } from './frappe-query';
import { checked, countryCode, distinct, siteTime, taxIdsOf, text } from './map-values';
import type { CustomerRaw } from './raw-records';

type AddressInput = NonNullable<CustomerInput['addresses']>[number];

const KINDS: Record<string, 'organization' | 'person'> = {
  Company: 'organization',
  Partnership: 'organization',
  Individual: 'person',
};

const ADDRESS_KINDS: Record<string, Address['kind']> = {
  Billing: 'billing',
  Shipping: 'shipping',
  Office: 'office',
};

/** Maps one customer; `status` / `modifiedAt` override for a tombstone read from `Deleted Document`. */
export function mapCustomer(
  raw: Pick<CustomerRaw, 'customer' | 'addresses'>,
  context: MapContext,
  tombstone?: { modifiedAt: string },
): CustomerInput {
  const row = raw.customer;
  const name = text(row.name);
  if (name === null) throw new InvalidRecordError('Customer without a name');
  const label = `Customer ${name}`;
  const displayName = text(row.customer_name);
  if (displayName === null) throw new InvalidRecordError(`${label}: customer_name is empty`);
  const type = text(row.customer_type) ?? 'Company';
  const kind = KINDS[type];
  if (kind === undefined) throw new InvalidRecordError(`${label}: unknown customer_type "${type}"`);

  const addresses = raw.addresses.filter((address) => !checked(address.disabled));
  // An address-only edit changes the customer as we store it, so it counts as a change of the record.
  // ISO UTC strings of one shape sort as time, so the last is the latest.
  const modifiedAt = tombstone
    ? tombstone.modifiedAt
    : [
        siteTime(row, 'modified', context.timeZone, label),
        ...addresses.map((address) => siteTime(address, 'modified', context.timeZone, `${label} address`)),
      ]
        .sort()
        .at(-1)!;
  const country =
    addresses.map((address) => countryCode(address.country)).find((code) => code !== null) ?? null;

  return {
    sourceId: context.sourceId,
    externalId: name,
    kind,
    displayName,
    // ERPNext keeps one name; there is no separate legal name field.
    legalName: null,
    emails: distinct([text(row.email_id), ...addresses.map((address) => text(address.email_id))]),
    phones: distinct([text(row.mobile_no), ...addresses.map((address) => text(address.phone))]),
    taxIds: taxIdsOf(row.tax_id, country),
    addresses: sortAddresses(addresses).map(mapAddress),
    organizationExternalId: null,
    status: tombstone ? 'deleted' : checked(row.disabled) ? 'archived' : 'active',
    sourceModifiedAt: modifiedAt,
  };
}

/** Primary first, then by name: the order must not depend on which query brought the rows. */
function sortAddresses(addresses: readonly Row[]): Row[] {
  const unique = new Map<string, Row>();
  for (const address of addresses) unique.set(String(address.name), address);
  return [...unique.values()].sort(
    (a, b) =>
      Number(checked(b.is_primary_address)) - Number(checked(a.is_primary_address)) ||
      (String(a.name) < String(b.name) ? -1 : 1),
  );
}

function mapAddress(row: Row): AddressInput {
  const countryName = text(row.country);
  const country = countryCode(countryName);
  return {
    kind: ADDRESS_KINDS[text(row.address_type) ?? ''] ?? 'other',
    line1: text(row.address_line1),
    line2: text(row.address_line2),
    city: text(row.city),
    region: text(row.state),
    postalCode: text(row.pincode),
    country,
    // A Country record we cannot map to ISO keeps its name in text.
    text: country === null && countryName !== null ? countryName : null,
  };
}
