import type { CardRecord } from '@crm-bridge/profiles';
import type { ChatSettings } from '../chat-context';

/**
 * The web page of an ERP record, where the ERP has one and the config gives its base URL: Odoo
 * `/odoo/contacts/<id>`, ERPNext `/app/customer/<name>` (`/app/contact/<name>`); 1C has no web link.
 */
export function erpLink(
  settings: Pick<ChatSettings, 'sources'>,
  record: Pick<CardRecord, 'source' | 'stream' | 'externalId'>,
): string | null {
  const source = settings.sources.get(record.source);
  if (!source) return null;
  const base = source.url.replace(/\/+$/, '');
  const id = encodeURIComponent(record.externalId);
  if (source.kind === 'odoo') return `${base}/odoo/contacts/${id}`;
  if (source.kind === 'erpnext')
    return `${base}/app/${record.stream === 'contacts' ? 'contact' : 'customer'}/${id}`;
  return null;
}

/** The name people know a source by: its configured name, else its id. */
export function sourceName(settings: Pick<ChatSettings, 'sources'>, source: string): string {
  return settings.sources.get(source)?.name ?? source;
}
