/** How 1C writes its answers: the JSON light envelope, Atom XML without `$format=json`, odata.error bodies. */
import type { ServerResponse } from 'node:http';
import { type SendOptions, sendText } from '@crm-bridge/sync/testing';
import type { ODataRecord } from './entity-sets';

const JSON_TYPE = 'application/json;charset=utf-8';
const ATOM_TYPE = 'application/atom+xml;type=feed;charset=utf-8';
const XML_TYPE = 'application/xml;charset=utf-8';
const DATA_NS = 'http://schemas.microsoft.com/ado/2007/08/dataservices';
const META_NS = 'http://schemas.microsoft.com/ado/2007/08/dataservices/metadata';

export interface Answer {
  res: ServerResponse;
  /** The service root, e.g. http://127.0.0.1:1234/trade/odata/standard.odata/ */
  root: string;
  json: boolean;
  send?: SendOptions;
}

/** A collection: `{"odata.metadata": "…$metadata#Set", "odata.count": "12", "value": [...]}`. */
export function sendList(
  answer: Answer,
  set: string,
  records: ODataRecord[],
  count: number | undefined,
): void {
  if (!answer.json) {
    sendText(answer.res, 200, atomFeed(answer.root, set, records, count), ATOM_TYPE, answer.send);
    return;
  }
  const head = `{"odata.metadata":${JSON.stringify(`${answer.root}$metadata#${set}`)}`;
  // 1C writes the count as a string (5.2).
  const counted = count === undefined ? head : `${head},"odata.count":"${count}"`;
  const body = `${counted},"value":[${records.map((record) => JSON.stringify(record)).join(',')}]}`;
  sendText(answer.res, 200, body, JSON_TYPE, answer.send);
}

/** One entity: the record with `odata.metadata` ending in `/@Element`. */
export function sendEntity(answer: Answer, set: string, record: ODataRecord): void {
  if (!answer.json) {
    sendText(answer.res, 200, atomFeed(answer.root, set, [record], undefined), ATOM_TYPE, answer.send);
    return;
  }
  const body = JSON.stringify({ 'odata.metadata': `${answer.root}$metadata#${set}/@Element`, ...record });
  sendText(answer.res, 200, body, JSON_TYPE, answer.send);
}

/** The service document: every published set. */
export function sendServiceDocument(answer: Answer, sets: string[]): void {
  if (answer.json) {
    const value = sets.map((name) => ({ name, url: name }));
    sendText(
      answer.res,
      200,
      JSON.stringify({ 'odata.metadata': `${answer.root}$metadata`, value }),
      JSON_TYPE,
    );
    return;
  }
  const collections = sets
    .map((name) => `<collection href="${xml(name)}"><atom:title>${xml(name)}</atom:title></collection>`)
    .join('');
  const body =
    `<?xml version="1.0" encoding="UTF-8"?><service xmlns="http://www.w3.org/2007/app" ` +
    `xmlns:atom="http://www.w3.org/2005/Atom" xml:base="${xml(answer.root)}"><workspace>` +
    `<atom:title>Default</atom:title>${collections}</workspace></service>`;
  sendText(answer.res, 200, body, 'application/atomsvc+xml;charset=utf-8');
}

/** `{"odata.error":{"code":"14","message":{"lang":"ru","value":"…"}}}`, or `<m:error>` without `$format=json`. */
export function sendODataError(answer: Answer, status: number, code: string, message: string): void {
  if (answer.json) {
    const body = JSON.stringify({ 'odata.error': { code, message: { lang: 'ru', value: message } } });
    sendText(answer.res, status, body, JSON_TYPE);
    return;
  }
  const body =
    `<?xml version="1.0" encoding="UTF-8"?><m:error xmlns:m="${META_NS}"><m:code>${xml(code)}</m:code>` +
    `<m:message xml:lang="ru">${xml(message)}</m:message></m:error>`;
  sendText(answer.res, status, body, XML_TYPE);
}

/** What IIS/Apache answer for a refused Basic login: HTML, not OData (5.1). */
export function sendUnauthorized(res: ServerResponse): void {
  sendText(
    res,
    401,
    '<html><head><title>401 Unauthorized</title></head><body><h1>Unauthorized</h1>' +
      '<p>This server could not verify that you are authorized to access the document requested.</p></body></html>',
    'text/html; charset=iso-8859-1',
    { headers: { 'www-authenticate': 'Basic realm="1C:Enterprise"' } },
  );
}

function atomFeed(root: string, set: string, records: ODataRecord[], count: number | undefined): string {
  const updated = new Date(0).toISOString();
  const entries = records.map((record) => atomEntry(root, set, record, updated)).join('');
  const counted = count === undefined ? '' : `<m:count>${count}</m:count>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:d="${DATA_NS}" ` +
    `xmlns:m="${META_NS}" xml:base="${xml(root)}"><id>${xml(root + set)}</id><title type="text">${xml(set)}</title>` +
    `<updated>${updated}</updated>${counted}${entries}</feed>`
  );
}

function atomEntry(root: string, set: string, record: ODataRecord, updated: string): string {
  const id = `${root}${set}(guid'${String(record.Ref_Key)}')`;
  const properties = Object.entries(record)
    .filter(([name, value]) => !name.includes('@') && !Array.isArray(value))
    .map(([name, value]) => `<d:${name}${edmType(value)}>${xml(String(value))}</d:${name}>`)
    .join('');
  return (
    `<entry><id>${xml(id)}</id><category term="StandardODATA.${xml(set)}" ` +
    `scheme="http://schemas.microsoft.com/ado/2007/08/dataservices/scheme"/><title type="text"/>` +
    `<updated>${updated}</updated><author/><content type="application/xml"><m:properties>${properties}` +
    `</m:properties></content></entry>`
  );
}

function edmType(value: unknown): string {
  if (typeof value === 'boolean') return ' m:type="Edm.Boolean"';
  if (typeof value === 'number') return ' m:type="Edm.Double"';
  return '';
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
