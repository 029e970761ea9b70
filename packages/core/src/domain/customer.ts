import { z } from 'zod';
import { ExternalId, SourceId, StoredText, Timestamp } from './common';

/** Kinds of tax identifier we recognise; `other` keeps anything else the ERP holds. */
export const TaxIdKind = z.enum(['ru_inn', 'ru_kpp', 'ru_ogrn', 'ru_ogrnip', 'eu_vat', 'vat', 'other']);
export type TaxIdKind = z.infer<typeof TaxIdKind>;

export const TaxId = z.strictObject({
  kind: TaxIdKind,
  /** As written in the ERP; normalised and checksum-checked when profiles match on it. */
  value: StoredText.trim().min(1).max(64),
  /** ISO 3166-1 alpha-2 country, when known. */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable()
    .default(null),
});
export type TaxId = z.infer<typeof TaxId>;

export const AddressKind = z.enum(['legal', 'billing', 'shipping', 'office', 'other']);

export const Address = z.strictObject({
  kind: AddressKind.default('other'),
  line1: StoredText.max(500).nullable().default(null),
  line2: StoredText.max(500).nullable().default(null),
  city: StoredText.max(200).nullable().default(null),
  region: StoredText.max(200).nullable().default(null),
  postalCode: StoredText.max(32).nullable().default(null),
  /** ISO 3166-1 alpha-2 when the ERP gives a country we can map; otherwise null and `text` holds it. */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable()
    .default(null),
  /** The address as one line of text, for ERPs that keep it unstructured (1C's representation). */
  text: StoredText.max(2000).nullable().default(null),
});
export type Address = z.infer<typeof Address>;

export const CustomerKind = z.enum(['organization', 'person']);
export type CustomerKind = z.infer<typeof CustomerKind>;

/** Whether the ERP still uses the record. Deleted and archived records are kept, never dropped. */
export const RecordStatus = z.enum(['active', 'archived', 'deleted']);
export type RecordStatus = z.infer<typeof RecordStatus>;

/** A customer or contact person as one ERP knows it, mapped into our canonical shape. */
export const Customer = z.strictObject({
  sourceId: SourceId,
  externalId: ExternalId,
  kind: CustomerKind,
  displayName: StoredText.trim().min(1).max(500),
  legalName: StoredText.trim().max(1000).nullable().default(null),
  emails: z.array(StoredText.trim().min(1).max(320)).max(50).default([]),
  phones: z.array(StoredText.trim().min(1).max(64)).max(50).default([]),
  taxIds: z.array(TaxId).max(20).default([]),
  addresses: z.array(Address).max(50).default([]),
  /** For a person: the external id of the organisation they belong to, in the same source. */
  organizationExternalId: ExternalId.nullable().default(null),
  status: RecordStatus.default('active'),
  /** When the ERP last changed the record (UTC); null where the ERP keeps no such field (1C catalogs). */
  sourceModifiedAt: Timestamp.nullable().default(null),
});
export type Customer = z.infer<typeof Customer>;
export type CustomerInput = z.input<typeof Customer>;
