import type { Stream } from '@crm-bridge/sync';
import { mapPartner } from '../map-partner';
import type { OdooDomain } from '../odoo-orm';
import type { OdooSession } from '../odoo-session';
import type { OdooRecord } from '../odoo-values';
import { identifyRecord, readPartnerIds, readPartnerPage } from './partner-page';

/** People who belong to a company (`parent_id` set), ANDed with the configured filter. */
function contactDomain(session: OdooSession): OdooDomain {
  const filter = (session.source.streams.contacts?.filter as OdooDomain | undefined) ?? [];
  return [['is_company', '=', false], ['parent_id', '!=', false], ...filter];
}

/** res.partner persons with a parent company → persons whose organisation is that parent. */
export const contactsStream: Stream<OdooSession, OdooRecord> = {
  name: 'contacts',
  kind: 'customer',
  incremental: 'modified',
  readPage: (session, request) => readPartnerPage(session, request, contactDomain(session)),
  identify: identifyRecord,
  map: (raw, context) => mapPartner(raw, context),
  listIds: (session, request) => readPartnerIds(session, request, contactDomain(session)),
};
