import { z } from 'zod';

/** An ISO 8601 timestamp with an offset, e.g. `2026-03-01T09:30:00Z`; ERP-local times are converted before this. */
export const Timestamp = z.iso.datetime({ offset: true });

/** An ISO 4217 currency code, upper case. */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 code such as EUR');

/** A money amount as the ERP gave it: finite and within what the store's numeric(20,4) holds. */
export const Amount = z.number().finite().gt(-1e16).lt(1e16);

/** A quantity or unit price: the store keeps six decimals, numeric(20,6). */
export const Quantity = z.number().finite().gt(-1e14).lt(1e14);

/** Text the store can hold: PostgreSQL text refuses the NUL character. */
export const StoredText = z.string().refine((text) => !text.includes('\u0000'), 'contains a NUL character');

/** The configured id of an ERP source (`sources[].id` in crm-bridge.yaml). */
export const SourceId = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,62}$/, 'Expected lower-case letters, digits, - or _');

export const Uuid = z.uuid();

/** The id a record has inside its ERP, always kept as text (Odoo ints, 1C GUIDs, ERPNext names). */
export const ExternalId = StoredText.min(1).max(255);
