/** Contact persons (Catalog_КонтактныеЛица by default), each tied to its owning counterparty. */
import { mapContactPerson } from '../map-contact-person';
import { scanStream } from './scan-stream';

// No IsFolder filter: contact-person catalogs are not hierarchical in every configuration, and filtering on
// a property the set lacks fails the request (code 6); any folder rows are dropped client-side instead.
export const contactsStream = scanStream({
  name: 'contacts',
  kind: 'customer',
  entitySet: (source) => source.entitySets.contacts,
  map: mapContactPerson,
});
