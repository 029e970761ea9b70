/**
 * contacts = Contacts linked to a Customer (Dynamic Link link_doctype = Customer), keyset-read by their own
 * `modified` (editing a child row saves the parent, so links, e-mails and phones bump it). The list never
 * carries child tables, so each page reads its contacts' Dynamic Link, Contact Email and Contact Phone rows
 * with one child-table query each (`parent=Contact`). Incremental reads also merge Deleted Document rows.
 */
import type { MapContext, Stream } from '@crm-bridge/sync';
import { type FrappeFilter, getList, type Row } from '../frappe-query';
import { mapContact } from '../map-contact';
import { text } from '../map-values';
import { CONTACT_FIELDS, type ContactRaw, type DeletedRaw } from '../raw-records';
import type { ErpNextSession } from '../session';
import { siteTimeToUtc } from '../site-time';
import { type MergeSource, readMerged } from './keyset-merge';
import {
  deletedData,
  deletedSource,
  groupBy,
  identify,
  latestPerId,
  listNames,
  tombstone,
} from './stream-parts';

type Raw = ContactRaw | DeletedRaw;

const LINKED_TO_CUSTOMER: FrappeFilter = ['Dynamic Link', 'link_doctype', '=', 'Customer'];

export const contactsStream: Stream<ErpNextSession, Raw> = {
  name: 'contacts',
  kind: 'customer',
  incremental: 'modified',

  async readPage(session, request) {
    const sources: MergeSource[] = [
      {
        id: 'contact',
        doctype: 'Contact',
        keyField: 'modified',
        fields: CONTACT_FIELDS,
        filters: [LINKED_TO_CUSTOMER, ...session.filters.contacts],
      },
    ];
    if (request.since !== null) sources.push(deletedSource('Contact'));
    const { rows, next } = await readMerged(session, sources, request);

    const names = [...new Set(rows.filter((r) => r.source === 'contact').map((r) => String(r.row.name)))];
    const child = (doctype: string, fields: string[], filters: FrappeFilter[] = []) =>
      names.length === 0
        ? Promise.resolve([] as Row[])
        : getList(
            session.http,
            {
              doctype,
              parent: 'Contact',
              fields,
              filters: [['parenttype', '=', 'Contact'], ['parent', 'in', names], ...filters],
              orderBy: 'idx asc',
              limitStart: 0,
              limitPageLength: 0,
            },
            request.signal,
          );
    const [links, emails, phones] = await Promise.all([
      child(
        'Dynamic Link',
        ['name', 'parent', 'idx', 'link_doctype', 'link_name'],
        [['link_doctype', '=', 'Customer']],
      ),
      child('Contact Email', ['name', 'parent', 'idx', 'email_id', 'is_primary']),
      child('Contact Phone', ['name', 'parent', 'idx', 'phone', 'is_primary_phone', 'is_primary_mobile_no']),
    ]);
    const linksOf = groupBy(links, 'parent');
    const emailsOf = groupBy(emails, 'parent');
    const phonesOf = groupBy(phones, 'parent');

    const records: Raw[] = rows.map(({ source, row }): Raw => {
      if (source === 'deleted') return tombstone(row, session.timeZone);
      const name = String(row.name);
      return {
        type: 'contact',
        contact: row,
        links: linksOf.get(name) ?? [],
        emails: emailsOf.get(name) ?? [],
        phones: phonesOf.get(name) ?? [],
        modifiedAt: siteTimeToUtc(row.modified, session.timeZone),
      };
    });
    return { records: latestPerId(records), next };
  },

  identify,

  map(raw: Raw, context: MapContext) {
    if (raw.type === 'contact') return mapContact(raw, context);
    const modifiedAt = raw.modifiedAt ?? siteTimeToUtc(raw.deleted.creation, context.timeZone) ?? '';
    const data = deletedData(raw);
    const rows = (field: string) => (Array.isArray(data?.[field]) ? (data[field] as Row[]) : []);
    try {
      if (data !== null) {
        const parts = {
          contact: data,
          links: rows('links'),
          emails: rows('email_ids'),
          phones: rows('phone_nos'),
        };
        return mapContact(parts, context, { modifiedAt });
      }
    } catch {
      // The last version was unmappable (it may have been quarantined): the deletion still counts.
    }
    const name = text(raw.deleted.deleted_name) ?? '';
    const contact = { name, full_name: name };
    return mapContact({ contact, links: [], emails: [], phones: [] }, context, { modifiedAt });
  },

  listIds(session, request) {
    return listNames(session, 'Contact', [LINKED_TO_CUSTOMER, ...session.filters.contacts], request);
  },
};
