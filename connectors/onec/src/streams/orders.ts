/** Customer orders (Document_ЗаказКлиента by default) with their Товары inline and references resolved. */
import { withReferences } from '../catalog-cache';
import { mapOrder } from '../map-order';
import { scanStream } from './scan-stream';

export const ordersStream = scanStream({
  name: 'orders',
  kind: 'order',
  entitySet: (source) => source.entitySets.orders,
  complete: withReferences,
  map: mapOrder,
});
