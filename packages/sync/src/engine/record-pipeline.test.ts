import { InvalidRecordError } from '@crm-bridge/core';
import type { Stream } from '../kit/connector';
import { processPage } from './record-pipeline';

interface Raw {
  id: number;
  name: string | null;
  boom?: boolean;
}

const stream: Stream<unknown, Raw> = {
  name: 'customers',
  kind: 'customer',
  incremental: 'modified',
  readPage: async () => ({ records: [], next: null }),
  identify: (raw) => ({ externalId: String(raw.id), modifiedAt: '2026-01-01T00:00:00Z' }),
  map: (raw, context) => {
    if (raw.boom) throw new InvalidRecordError('partner has no country');
    return {
      sourceId: context.sourceId,
      externalId: String(raw.id),
      kind: 'organization',
      displayName: raw.name,
    };
  },
};

const context = { sourceId: 'odoo', timeZone: 'UTC', runId: 3 };

describe('record pipeline', () => {
  it('keeps valid records with a content hash and quarantines the rest with their reason and raw payload', () => {
    const page = processPage(
      stream as Stream,
      [
        { id: 1, name: 'Ромашка' },
        { id: 2, name: null },
        { id: 3, name: 'X', boom: true },
      ],
      context,
    );
    expect(page.customers.map((r) => r.customer.externalId)).toEqual(['1']);
    expect(page.customers[0]!.contentHash).toMatch(/^[0-9a-f]{40}$/);
    expect(page.quarantined).toEqual([
      expect.objectContaining({
        externalId: '2',
        stream: 'customers',
        reason: expect.stringContaining('displayName'),
        raw: { id: 2, name: null },
        runId: 3,
      }),
      expect.objectContaining({ externalId: '3', reason: 'partner has no country' }),
    ]);
    expect(page.identities).toHaveLength(3);
  });

  it('gives the same hash to the same content and a different one to changed content', () => {
    const [a, b, c] = [
      processPage(stream as Stream, [{ id: 1, name: 'A' }], context),
      processPage(stream as Stream, [{ id: 1, name: 'A' }], context),
      processPage(stream as Stream, [{ id: 1, name: 'B' }], context),
    ].map((page) => page.customers[0]!.contentHash);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('quarantines a record mapped under another id instead of storing it under the wrong key', () => {
    const lying = {
      ...stream,
      map: () => ({ sourceId: 'odoo', externalId: '999', kind: 'person', displayName: 'X' }),
    };
    const page = processPage(lying as Stream, [{ id: 1, name: 'A' }], context);
    expect(page.customers).toEqual([]);
    expect(page.quarantined[0]!.reason).toMatch(/not 1/);
  });

  it('quarantines a record the connector trips over, naming the error, and keeps the rest of the page', () => {
    const buggy = {
      ...stream,
      map: (raw: Raw, ctx: typeof context) => {
        if (raw.id === 1) throw new TypeError("Cannot read properties of undefined (reading '0')");
        return stream.map(raw, ctx);
      },
    };
    const page = processPage(
      buggy as Stream,
      [
        { id: 1, name: 'A' },
        { id: 2, name: 'B' },
      ],
      context,
    );
    expect(page.customers.map((r) => r.customer.externalId)).toEqual(['2']);
    expect(page.quarantined).toEqual([
      expect.objectContaining({ externalId: '1', reason: expect.stringContaining("reading '0'") }),
    ]);
  });

  it('quarantines a record whose modified-at cannot be read, so it never reaches the cursor', () => {
    const garbled = {
      ...stream,
      identify: (raw: Raw) => ({
        externalId: String(raw.id),
        modifiedAt: raw.id === 1 ? '2026-13-45 25:00' : '2026-01-01T00:00:00Z',
      }),
    };
    const page = processPage(
      garbled as Stream,
      [
        { id: 1, name: 'A' },
        { id: 2, name: 'B' },
      ],
      context,
    );
    expect(page.quarantined.map((entry) => [entry.externalId, entry.reason])).toEqual([
      ['1', expect.stringContaining('unreadable modified-at')],
    ]);
    expect(page.identities.map((identity) => identity.externalId)).toEqual(['2']);
  });
});
