/** Counterparties (Catalog_Контрагенты by default); groups (IsFolder) are not customers. */
import { mapCounterparty } from '../map-counterparty';
import { scanStream } from './scan-stream';

export const customersStream = scanStream({
  name: 'customers',
  kind: 'customer',
  entitySet: (source) => source.entitySets.customers,
  baseFilter: 'IsFolder eq false',
  map: mapCounterparty,
});
