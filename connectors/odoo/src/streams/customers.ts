import type { Stream } from '@crm-bridge/sync';
import { mapPartner } from '../map-partner';
import type { OdooDomain } from '../odoo-orm';
import { fieldsOf, type OdooSession } from '../odoo-session';
import type { OdooRecord } from '../odoo-values';
import { identifyRecord, PARTNER, readPartnerIds, readPartnerPage } from './partner-page';

/**
 * Companies that are customers: `is_company` always; then the configured filter, or by default
 * `customer_rank > 0` when the server has it (the account module adds it, 1.2).
 */
async function customerDomain(session: OdooSession, signal: AbortSignal): Promise<OdooDomain> {
  const filter = session.source.streams.customers?.filter as OdooDomain | undefined;
  if (filter) return [['is_company', '=', true], ...filter];
  const ranked = (await fieldsOf(session, PARTNER, signal)).has('customer_rank');
  return ranked
    ? [
        ['is_company', '=', true],
        ['customer_rank', '>', 0],
      ]
    : [['is_company', '=', true]];
}

/** res.partner companies → organisations. */
export const customersStream: Stream<OdooSession, OdooRecord> = {
  name: 'customers',
  kind: 'customer',
  incremental: 'modified',
  readPage: async (session, request) =>
    readPartnerPage(session, request, await customerDomain(session, request.signal)),
  identify: identifyRecord,
  map: (raw, context) => mapPartner(raw, context),
  listIds: async (session, request) =>
    readPartnerIds(session, request, await customerDomain(session, request.signal)),
};
