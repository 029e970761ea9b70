import { z } from 'zod';

/** An ISO 8601 timestamp with an offset, e.g. `2026-03-01T09:30:00Z`; ERP-local times are converted before this. */
export const Timestamp = z.iso.datetime({ offset: true });

/** An ISO 4217 currency code, upper case. */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 code such as EUR');

/** A money amount or quantity as the ERP gave it; finite, never NaN. */
export const Amount = z.number().finite();

/** The configured id of an ERP source (`sources[].id` in crm-bridge.yaml). */
export const SourceId = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,62}$/, 'Expected lower-case letters, digits, - or _');

/** The id a record has inside its ERP, always kept as text (Odoo ints, 1C GUIDs, ERPNext names). */
export const ExternalId = z.string().min(1).max(255);

export const Uuid = z.uuid();
