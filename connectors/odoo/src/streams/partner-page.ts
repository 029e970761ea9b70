import type { Page, PageRequest, RecordIdentity } from '@crm-bridge/sync';
import { readIdPage, readKeysetPage } from '../keyset-reader';
import { PARTNER_FIELDS } from '../map-partner';
import type { OdooDomain } from '../odoo-orm';
import { type OdooSession, presentFields } from '../odoo-session';
import { odooToIso } from '../odoo-time';
import type { OdooRecord } from '../odoo-values';

export const PARTNER = 'res.partner';

/** One page of res.partner rows matching `domain`, archived ones included. */
export async function readPartnerPage(
  session: OdooSession,
  request: PageRequest,
  domain: OdooDomain,
): Promise<Page<OdooRecord>> {
  const fields = await presentFields(session, PARTNER, PARTNER_FIELDS, request.signal);
  return readKeysetPage({ orm: session.orm, model: PARTNER, domain, fields, request });
}

/** Every res.partner id matching `domain`, for key reconciliation. */
export function readPartnerIds(
  session: OdooSession,
  request: PageRequest,
  domain: OdooDomain,
): Promise<Page<string>> {
  return readIdPage(session.orm, PARTNER, domain, request);
}

/** Any Odoo row's id and write_date, read before mapping so even a broken row is named. */
export function identifyRecord(raw: OdooRecord): RecordIdentity {
  return {
    externalId: typeof raw.id === 'number' ? String(raw.id) : null,
    modifiedAt: odooToIso(raw.write_date),
  };
}
