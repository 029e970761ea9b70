/** Catalog_Контрагенты → canonical Customer (organization, or person for ФизЛицо). */
import { type CustomerInput, InvalidRecordError, type TaxId } from '@crm-bridge/core';
import type { MapContext } from '@crm-bridge/sync';
import { COUNTERPARTY, PERSON_KINDS, pick, SOLE_TRADER_KINDS } from './field-map';
import { mapContactInfo } from './map-contact-info';
import type { OneCRecord } from './onec-session';
import { text } from './onec-values';

const NON_RESIDENT = 'ЮрЛицоНеРезидент';
const DIGITS = /^\d+$/;

/** Maps one counterparty; throws InvalidRecordError for one that cannot be a customer. */
export function mapCounterparty(raw: OneCRecord, context: MapContext): CustomerInput {
  const externalId = requireKey(raw);
  const displayName = text(raw.Description);
  if (displayName === null)
    throw new InvalidRecordError(`Counterparty ${externalId}: Description (Наименование) is empty`);
  const kind = text(pick(raw, COUNTERPARTY.kind)) ?? '';
  const contacts = mapContactInfo(raw[COUNTERPARTY.contactInfo]);
  return {
    sourceId: context.sourceId,
    externalId,
    kind: PERSON_KINDS.has(kind) ? 'person' : 'organization',
    displayName,
    legalName: text(raw[COUNTERPARTY.legalName]),
    emails: contacts.emails,
    phones: contacts.phones,
    taxIds: taxIds(raw, externalId, kind),
    addresses: contacts.addresses,
    organizationExternalId: null,
    // DeletionMark: the object still exists in 1C; physically deleted ones are found by key reconciliation.
    status: raw.DeletionMark === true ? 'archived' : 'active',
    sourceModifiedAt: null,
  };
}

/** The record's Ref_Key; a record without one cannot be stored at all. */
export function requireKey(raw: OneCRecord): string {
  const key = text(raw.Ref_Key);
  if (key === null) throw new InvalidRecordError('The record has no Ref_Key');
  return key;
}

function taxIds(raw: OneCRecord, externalId: string, kind: string): TaxId[] {
  const ids: TaxId[] = [];
  const country = kind === NON_RESIDENT ? null : 'RU';
  const inn = text(raw[COUNTERPARTY.inn]);
  if (inn !== null) {
    // Clerks type spaces into an INN; letters mean the field holds something else entirely.
    if (!DIGITS.test(inn.replace(/\s+/g, ''))) {
      throw new InvalidRecordError(`Counterparty ${externalId}: ИНН "${inn}" is not a number`);
    }
    ids.push({ kind: 'ru_inn', value: inn, country });
  }
  const kpp = text(raw[COUNTERPARTY.kpp]);
  if (kpp !== null) ids.push({ kind: 'ru_kpp', value: kpp, country });
  const ogrn = text(pick(raw, COUNTERPARTY.ogrn));
  if (ogrn !== null) {
    ids.push({ kind: SOLE_TRADER_KINDS.has(kind) ? 'ru_ogrnip' : 'ru_ogrn', value: ogrn, country });
  }
  const foreign = text(raw[COUNTERPARTY.foreignTaxNumber]);
  if (foreign !== null) {
    const eu = /^[A-Z]{2}[0-9A-Z+*.]{2,13}$/.test(foreign.replace(/\s+/g, ''));
    ids.push({ kind: eu ? 'eu_vat' : 'vat', value: foreign, country: eu ? foreign.slice(0, 2) : null });
  }
  return ids;
}
