/** Catalog_КонтактныеЛица → canonical Customer of kind person, tied to its owning counterparty. */
import { type CustomerInput, InvalidRecordError } from '@crm-bridge/core';
import type { MapContext } from '@crm-bridge/sync';
import { CONTACT_PERSON, pick } from './field-map';
import { mapContactInfo } from './map-contact-info';
import { requireKey } from './map-counterparty';
import type { OneCRecord } from './onec-session';
import { refKey, text } from './onec-values';

/** Maps one contact person; throws InvalidRecordError for one without a name. */
export function mapContactPerson(raw: OneCRecord, context: MapContext): CustomerInput {
  const externalId = requireKey(raw);
  const displayName = text(raw.Description);
  if (displayName === null)
    throw new InvalidRecordError(`Contact person ${externalId}: Description is empty`);
  const contacts = mapContactInfo(raw[CONTACT_PERSON.contactInfo]);
  return {
    sourceId: context.sourceId,
    externalId,
    kind: 'person',
    displayName,
    legalName: null,
    emails: contacts.emails,
    phones: contacts.phones,
    taxIds: [],
    addresses: contacts.addresses,
    organizationExternalId: ownerKey(raw),
    status: raw.DeletionMark === true ? 'archived' : 'active',
    sourceModifiedAt: null,
  };
}

/**
 * The owner's Ref_Key. БП 3.0's ОбъектВладелец is composite (`ОбъектВладелец` + `ОбъектВладелец_Type`): only a
 * counterparty (or partner) owner is an organisation of ours; УТ 11's Владелец_Key always is.
 */
function ownerKey(raw: OneCRecord): string | null {
  const type = raw[CONTACT_PERSON.ownerType];
  if (
    typeof type === 'string' &&
    type !== '' &&
    !(CONTACT_PERSON.customerOwnerTypes as readonly string[]).includes(type)
  ) {
    return null;
  }
  return refKey(pick(raw, CONTACT_PERSON.owner));
}
