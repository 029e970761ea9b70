/** The 1C:Enterprise 8.3 connector: HTTP Basic (UTF-8) over the standard OData interface, three scan streams. */
import { ConfigError, type OneCSourceConfig } from '@crm-bridge/core';
import { basicAuthorization, type Connector, type ConnectorContext } from '@crm-bridge/sync';
import { oneCErrors } from './errors';
import { CURRENCIES_SET, PRODUCTS_SET } from './field-map';
import type { OneCSession } from './onec-session';
import { contactsStream } from './streams/contacts';
import { customersStream } from './streams/customers';
import { ordersStream } from './streams/orders';

/** The first request after idle warms a 1C server process up and can take over 30 s (5.1). */
const COLD_START_TIMEOUT_MS = 120_000;

/** The service document: `{"odata.metadata": …, "value": [{"name": "Catalog_…", "url": "Catalog_…"}]}`. */
interface ServiceDocument {
  value?: { name?: unknown; url?: unknown }[];
}

/** The sets the enabled streams read: orders also need the catalogs their references point into. */
function requiredSets(source: OneCSourceConfig): string[] {
  const enabled = (['customers', 'contacts', 'orders'] as const).filter(
    (stream) => source.streams[stream]?.enabled !== false,
  );
  const sets = enabled.map((stream) => source.entitySets[stream]);
  return enabled.includes('orders') ? [...sets, CURRENCIES_SET, PRODUCTS_SET] : sets;
}

async function connect(context: ConnectorContext<OneCSourceConfig>): Promise<OneCSession> {
  const { source, http } = context;
  http.setDefaultHeaders({
    // UTF-8 Basic auth: 1C logins are often Cyrillic, and a cp1251-encoded one gets a 401 (5.1).
    Authorization: basicAuthorization({
      username: source.credentials.username,
      password: source.credentials.password.reveal(),
    }),
    Accept: 'application/json',
  });
  // The service document checks the login and lists what is published, in one request.
  const response = await http.request<ServiceDocument>({
    url: '',
    params: { $format: 'json' },
    signal: context.signal,
    timeoutMs: Math.max(source.timeoutMs, COLD_START_TIMEOUT_MS),
  });
  const listed = response.data?.value;
  // An empty list is the default of a fresh publication: nothing is exposed until the composition is set.
  const published = new Set(Array.isArray(listed) ? listed.map((set) => String(set.name ?? set.url)) : []);
  const missing = Array.isArray(listed) ? requiredSets(source).filter((set) => !published.has(set)) : [];
  if (missing.length > 0) {
    throw new ConfigError(
      `Not published in the 1C OData interface: ${missing.join(', ')}. Add them in 1C (Администрирование → ` +
        'Интеграция с другими программами → Настройка стандартного интерфейса OData), or set entitySets ' +
        'to the names this configuration uses',
      { code: 'onec.entity_set_not_published' },
    );
  }
  return { http, source, currencies: null, products: new Map() };
}

export const oneCConnector: Connector<OneCSourceConfig, OneCSession> = {
  kind: 'onec',
  connect,
  streams: [customersStream, contactsStream, ordersStream],
  errors: oneCErrors,
};
