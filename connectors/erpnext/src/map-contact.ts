/** Contact (+ Dynamic Links, Contact Email, Contact Phone) → canonical person of a Customer organisation. */
import { type CustomerInput, InvalidRecordError } from '@crm-bridge/core';
import type { MapContext } from '@crm-bridge/sync';
import type { Row } from './frappe-query';
import { checked, distinct, siteTime, text } from './map-values';
import type { ContactRaw } from './raw-records';

/** Maps one contact; `tombstone` marks one read from `Deleted Document`. */
export function mapContact(
  raw: Pick<ContactRaw, 'contact' | 'links' | 'emails' | 'phones'>,
  context: MapContext,
  tombstone?: { modifiedAt: string },
): CustomerInput {
  const row = raw.contact;
  const name = text(row.name);
  if (name === null) throw new InvalidRecordError('Contact without a name');
  const label = `Contact ${name}`;
  const parts = [text(row.first_name), text(row.middle_name), text(row.last_name)].filter(
    (part) => part !== null,
  );
  const displayName = parts.length > 0 ? parts.join(' ') : text(row.full_name);
  if (displayName === null)
    throw new InvalidRecordError(`${label}: first_name, last_name and full_name are empty`);
  const modifiedAt = tombstone ? tombstone.modifiedAt : siteTime(row, 'modified', context.timeZone, label);

  const customers = byIdx(raw.links).filter((link) => text(link.link_doctype) === 'Customer');
  const emails = byIdx(raw.emails).sort(
    (a, b) => Number(checked(b.is_primary)) - Number(checked(a.is_primary)),
  );
  const phones = byIdx(raw.phones);
  return {
    sourceId: context.sourceId,
    externalId: name,
    kind: 'person',
    displayName,
    legalName: null,
    // The child tables are the truth; the header's email_id/phone/mobile_no are copies of the primary ones.
    emails: distinct([...emails.map((email) => text(email.email_id)), text(row.email_id)]),
    phones: distinct([...phones.map((phone) => text(phone.phone)), text(row.mobile_no), text(row.phone)]),
    taxIds: [],
    addresses: [],
    organizationExternalId: customers.map((link) => text(link.link_name)).find((id) => id !== null) ?? null,
    // Frappe's Contact has no disabled flag: a contact is live until it is deleted.
    status: tombstone ? 'deleted' : 'active',
    sourceModifiedAt: modifiedAt,
  };
}

/** Child rows in their table order (`idx`), ties by name, so the mapping never depends on query order. */
function byIdx(rows: readonly Row[]): Row[] {
  return [...rows].sort(
    (a, b) =>
      Number(a.idx ?? 0) - Number(b.idx ?? 0) || (String(a.name ?? '') < String(b.name ?? '') ? -1 : 1),
  );
}
