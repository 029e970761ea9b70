import { type CustomerInput, InvalidRecordError } from '@crm-bridge/core';
import type { MapContext } from '@crm-bridge/sync';
import { mapTaxIds } from './map-tax-ids';
import { odooToIso } from './odoo-time';
import { many2oneId, many2oneName, type OdooRecord, text } from './odoo-values';

/** res.partner fields the partner streams ask for, when the server has them (`mobile` is gone in 19). */
export const PARTNER_FIELDS = [
  'id',
  'name',
  'is_company',
  'parent_id',
  'type',
  'email',
  'phone',
  'mobile',
  'vat',
  'company_registry',
  'street',
  'street2',
  'city',
  'zip',
  'state_id',
  'country_id',
  'country_code',
  'ref',
  'active',
  'write_date',
] as const;

/** A res.partner row as a canonical customer: a company is an organisation, anyone else a person. */
export function mapPartner(raw: OdooRecord, context: Pick<MapContext, 'sourceId'>): CustomerInput {
  const id = raw.id;
  if (typeof id !== 'number') throw new InvalidRecordError('res.partner row without a numeric id');
  const name = text(raw.name);
  if (name === null) throw new InvalidRecordError(`res.partner ${id} has no name`);
  const modifiedAt = odooToIso(raw.write_date);
  if (modifiedAt === null) {
    throw new InvalidRecordError(
      `res.partner ${id} has no valid write_date (${JSON.stringify(raw.write_date)})`,
    );
  }
  const organization = raw.is_company === true;
  const country = countryCode(raw);
  const parentId = organization ? null : many2oneId(raw.parent_id);
  return {
    sourceId: context.sourceId,
    externalId: String(id),
    kind: organization ? 'organization' : 'person',
    displayName: name,
    emails: present([text(raw.email)]),
    phones: present([text(raw.phone), text(raw.mobile)]),
    // A contact person inherits its company's vat and company_registry (commercial fields): not its own.
    taxIds: parentId === null ? mapTaxIds(text(raw.vat), text(raw.company_registry), country) : [],
    addresses: addressOf(raw, organization, country),
    organizationExternalId: parentId === null ? null : String(parentId),
    status: raw.active === false ? 'archived' : 'active',
    sourceModifiedAt: modifiedAt,
  };
}

function addressOf(
  raw: OdooRecord,
  organization: boolean,
  country: string | null,
): CustomerInput['addresses'] {
  const address = {
    kind: organization ? ('legal' as const) : ('other' as const),
    line1: text(raw.street),
    line2: text(raw.street2),
    city: text(raw.city),
    region: many2oneName(raw.state_id),
    postalCode: text(raw.zip),
    country,
    text: null,
  };
  const empty = [address.line1, address.line2, address.city, address.postalCode, address.country].every(
    (part) => part === null,
  );
  return empty ? [] : [address];
}

/** `country_code` (related field, ≥ 13); older servers only give `country_id`'s name, not mapped here. */
function countryCode(raw: OdooRecord): string | null {
  const code = text(raw.country_code);
  return code !== null && /^[A-Za-z]{2}$/.test(code) ? code.toUpperCase() : null;
}

function present(values: (string | null)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== null))];
}
