import { CrmError } from '@crm-bridge/core';
import type { Page, PageRequest, PageToken } from '@crm-bridge/sync';
import type { OdooDomain, OdooOrm } from './odoo-orm';
import { isoToOdoo, nextSecond, secondOf } from './odoo-time';
import type { OdooRecord } from './odoo-values';

/**
 * Where a read stands. `t`: every second before it is read (null: nothing yet). `id`: present while a
 * second is drained in id order: its records up to that id are read. `n`: the read's total, for progress.
 */
interface KeysetToken {
  t: string | null;
  id?: number;
  n?: number;
}

export interface KeysetRead {
  orm: OdooOrm;
  model: string;
  domain: OdooDomain;
  fields: readonly string[];
  request: PageRequest;
}

/**
 * One page of `model` in (write_date, id) order, losing nothing on ties, on every Odoo version.
 *
 * Odoo stores write_date with microseconds but shows and compares whole seconds (19) or raw values (≤ 18),
 * and `order write_date` sorts by the raw value, so inside one second rows do not come in id order and the
 * `(= T AND id > ID)` keyset branch is unsafe (1.4). So a page never ends inside a second: a full page drops
 * its last, maybe partial second and the next page starts at it; a full page that is all one second is read
 * again as that second alone, ordered by id (the drain), before moving on. `>= T` and `[T, T+1s)` on whole
 * seconds mean the same on every version.
 */
export async function readKeysetPage(read: KeysetRead): Promise<Page<OdooRecord>> {
  const { request } = read;
  const token = parseToken(request.token) ?? { t: request.since === null ? null : isoToOdoo(request.since) };
  const total = token.n ?? (request.token === null ? await countAll(read, token.t) : undefined);
  const withTotal = (next: KeysetToken | null): PageToken | null =>
    next === null ? null : total === undefined ? { ...next } : { ...next, n: total };

  if (token.t !== null && token.id !== undefined) {
    const drained = await drainSecond(read, token.t, token.id);
    return { records: drained.records, next: withTotal(drained.next), total };
  }

  const from: OdooDomain = token.t === null ? [] : [['write_date', '>=', token.t]];
  const rows = await read.orm.searchRead(
    read.model,
    {
      domain: [...read.domain, ...from],
      fields: read.fields,
      limit: request.pageSize,
      order: 'write_date asc, id asc',
    },
    request.signal,
  );
  if (rows.length < request.pageSize) return { records: rows, next: null, total };

  const last = lastSecond(rows);
  if (last === null)
    throw new CrmError('odoo.unordered', `Odoo ${read.model} rows carry no write_date`, 'none');
  if (secondOf(rows[0]?.write_date) === last) {
    const drained = await drainSecond(read, last, 0);
    return { records: drained.records, next: withTotal(drained.next), total };
  }
  // Rows of the last second may continue on the server: they are read again from its start.
  const records = rows.filter((row) => {
    const second = secondOf(row.write_date);
    return second === null || second < last;
  });
  return { records, next: withTotal({ t: last }), total };
}

/** The records of one whole second after `afterId`, in id order. */
async function drainSecond(
  read: KeysetRead,
  second: string,
  afterId: number,
): Promise<{ records: OdooRecord[]; next: KeysetToken }> {
  const domain: OdooDomain = [
    ...read.domain,
    ['write_date', '>=', second],
    ['write_date', '<', nextSecond(second)],
    ['id', '>', afterId],
  ];
  const { pageSize, signal } = read.request;
  const records = await read.orm.searchRead(
    read.model,
    { domain, fields: read.fields, limit: pageSize, order: 'id asc' },
    signal,
  );
  const lastId = records.at(-1)?.id;
  const next: KeysetToken =
    records.length === pageSize && typeof lastId === 'number'
      ? { t: second, id: lastId }
      : { t: nextSecond(second) };
  return { records, next };
}

function countAll(read: KeysetRead, from: string | null): Promise<number> {
  const bound: OdooDomain = from === null ? [] : [['write_date', '>=', from]];
  return read.orm.searchCount(read.model, [...read.domain, ...bound], read.request.signal);
}

function lastSecond(rows: OdooRecord[]): string | null {
  for (let i = rows.length - 1; i >= 0; i--) {
    const second = secondOf(rows[i]?.write_date);
    if (second !== null) return second;
  }
  return null;
}

/** A token this reader wrote; anything else (a cursor from an older build) starts from `since`. */
function parseToken(token: PageToken | null): KeysetToken | null {
  if (token === null || typeof token !== 'object' || Array.isArray(token)) return null;
  const t = token.t === null ? null : secondOf(token.t);
  if (t === null && token.t !== null) return null;
  const parsed: KeysetToken = { t };
  if (typeof token.id === 'number') parsed.id = token.id;
  if (typeof token.n === 'number') parsed.n = token.n;
  return parsed;
}

/** Every id of `model` matching `domain`, keyset on id (for key reconciliation). */
export async function readIdPage(
  orm: OdooOrm,
  model: string,
  domain: OdooDomain,
  request: PageRequest,
): Promise<Page<string>> {
  const after = typeof request.token === 'number' ? request.token : 0;
  const ids = await orm.search(
    model,
    { domain: [...domain, ['id', '>', after]], limit: request.pageSize, order: 'id asc' },
    request.signal,
  );
  const last = ids.at(-1);
  return {
    records: ids.map(String),
    next: ids.length === request.pageSize && last !== undefined ? last : null,
  };
}
