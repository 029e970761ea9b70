import { ConfigError, CrmError, type OdooSourceConfig } from '@crm-bridge/core';
import type { ConnectorContext } from '@crm-bridge/sync';
import { callJson2, createJson2Orm } from './odoo-json2';
import { createJsonRpcOrm, JsonRpcChannel } from './odoo-jsonrpc';
import type { OdooOrm } from './odoo-orm';

/** The server's version as `common.version` reports it ("17.0", "saas~18.4"). */
export interface OdooVersion {
  major: number;
  minor: number;
  text: string;
}

/** What the streams share for one connection: the ORM, the source's options and a fields_get cache. */
export interface OdooSession {
  orm: OdooOrm;
  version: OdooVersion | null;
  source: OdooSourceConfig;
  /** fields_get per model, asked once per source config when a stream first needs it. */
  fields: Map<string, Promise<Set<string>>>;
}

/** JSON-2 exists from 19.0 (1.1 C). */
const JSON2_SINCE = 19;

/**
 * What the connections of one source (one config object) share: the detected version and the fields_get
 * answers. A re-login after a session expiry then costs one request, so the replayed page is not starved.
 */
interface SourceMemo {
  detected?: { version: OdooVersion | null };
  fields: Map<string, Promise<Set<string>>>;
}
const memos = new WeakMap<OdooSourceConfig, SourceMemo>();

/** Logs in over the API the config asks for, or the best one the server offers (`auto`, 6a). */
export async function connectOdoo(context: ConnectorContext<OdooSourceConfig>): Promise<OdooSession> {
  const { source, http, signal } = context;
  const apiKey = source.credentials.apiKey?.reveal();
  const channel = new JsonRpcChannel(http);
  const memo: SourceMemo = memos.get(source) ?? { fields: new Map() };
  memos.set(source, memo);
  let version: OdooVersion | null = null;
  let api = source.api;
  if (api === 'auto') {
    memo.detected ??= { version: await detectVersion(channel, signal) };
    version = memo.detected.version;
    api = apiKey !== undefined && (version === null || version.major >= JSON2_SINCE) ? 'json2' : 'jsonrpc';
  }
  const session = (orm: OdooOrm): OdooSession => ({ orm, version, source, fields: memo.fields });

  if (api === 'json2') {
    if (apiKey === undefined) throw new ConfigError('Odoo JSON-2 needs credentials.apiKey');
    const login = { database: source.database, apiKey };
    // Checks the key: an unknown or expired one answers 401 (ConfigError through the error table).
    await callJson2(http, login, { model: 'res.users', method: 'context_get', body: {} }, signal);
    return session(createJson2Orm(http, login));
  }

  const username = source.credentials.username;
  const secret = source.credentials.password?.reveal() ?? apiKey;
  if (username === undefined || secret === undefined) {
    throw new ConfigError('Odoo /jsonrpc needs credentials.username with a password or an API key');
  }
  // Bad credentials answer `result: false`, not an error (1.1 A).
  const uid = await channel.call<number | false>('common', 'login', [source.database, username, secret], {
    signal,
    secret,
  });
  if (typeof uid !== 'number') {
    throw new ConfigError(`Odoo refused the login of "${username}" on database "${source.database}"`, {
      code: 'odoo.login_refused',
    });
  }
  return session(createJsonRpcOrm(channel, { database: source.database, uid, secret }));
}

/** `common.version` over /jsonrpc; null when the legacy API is gone (Odoo 22+ answers 404 there). */
async function detectVersion(channel: JsonRpcChannel, signal: AbortSignal): Promise<OdooVersion | null> {
  try {
    const info = await channel.call<{ server_version?: unknown; server_version_info?: unknown[] }>(
      'common',
      'version',
      [],
      { signal },
    );
    return parseVersion(info);
  } catch (error) {
    if (error instanceof CrmError && error.code === 'odoo.jsonrpc_missing') return null;
    throw error;
  }
}

/** Reads `server_version_info`: `[17, 0, …]`, or `["saas~18", 4, …]` on SaaS releases. */
export function parseVersion(info: {
  server_version?: unknown;
  server_version_info?: unknown[];
}): OdooVersion {
  const [first, second] = info.server_version_info ?? [];
  const major =
    typeof first === 'number' ? first : Number(/(\d+)/.exec(String(first ?? info.server_version))?.[1]);
  if (!Number.isFinite(major)) throw new ConfigError('Odoo answered common.version without a version number');
  return {
    major,
    minor: typeof second === 'number' ? second : 0,
    text: String(info.server_version ?? major),
  };
}

/** The fields of `model` this server has, fetched once per connection. */
export function fieldsOf(session: OdooSession, model: string, signal?: AbortSignal): Promise<Set<string>> {
  let pending = session.fields.get(model);
  if (!pending) {
    pending = session.orm.fieldsGet(model, signal).then((fields) => new Set(Object.keys(fields)));
    // A failed fields_get is asked again on the page's retry, not cached.
    pending.catch(() => session.fields.delete(model));
    session.fields.set(model, pending);
  }
  return pending;
}

/** The wanted fields this server has; among alternatives (`product_uom` | `product_uom_id`) every one present. */
export async function presentFields(
  session: OdooSession,
  model: string,
  wanted: readonly string[],
  signal?: AbortSignal,
): Promise<string[]> {
  const present = await fieldsOf(session, model, signal);
  return wanted.filter((field) => present.has(field));
}
