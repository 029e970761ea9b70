/** The one shape of every 1C stream: a full Ref_Key scan of an entity set, mapped record by record. */
import type { OneCSourceConfig, StreamName } from '@crm-bridge/core';
import type { MapContext, Page, PageRequest, RecordKind, Stream } from '@crm-bridge/sync';
import { andFilters } from '../and-filters';
import type { OneCRecord, OneCSession } from '../onec-session';
import { readScanPage } from '../scan-page';

export interface ScanStreamOptions {
  name: StreamName;
  kind: RecordKind;
  /** The entity set the source configures for this stream. */
  entitySet(source: OneCSourceConfig): string;
  /** A filter every read of the set needs (e.g. `IsFolder eq false`); the configured filter is added to it. */
  baseFilter?: string;
  /** Completes a page's records before they are handed out (resolving references). */
  complete?(session: OneCSession, rows: OneCRecord[], signal: AbortSignal): Promise<OneCRecord[]>;
  map(raw: OneCRecord, context: MapContext): unknown;
}

/**
 * 1C keeps no modified-at (5.4), so every stream is `scan`: read whole each run; the engine skips rows whose
 * content hash is unchanged. The raw record is kept verbatim, DataVersion included, so any write to the
 * object in 1C changes the hash and nothing but a write does.
 */
export function scanStream(options: ScanStreamOptions): Stream<OneCSession, OneCRecord> {
  const filterOf = (session: OneCSession) =>
    andFilters(options.baseFilter, session.source.streams[options.name]?.filter);
  return {
    name: options.name,
    kind: options.kind,
    incremental: 'scan',
    async readPage(session: OneCSession, request: PageRequest): Promise<Page<OneCRecord>> {
      const entitySet = options.entitySet(session.source);
      const page = await readScanPage(session, { entitySet, filter: filterOf(session) }, request);
      const records =
        options.complete === undefined
          ? page.rows
          : await options.complete(session, page.rows, request.signal);
      return { records, next: page.next, total: page.total };
    },
    identify(raw: OneCRecord) {
      return {
        externalId: typeof raw.Ref_Key === 'string' && raw.Ref_Key !== '' ? raw.Ref_Key : null,
        modifiedAt: null,
      };
    },
    map: options.map,
    async listIds(session: OneCSession, request: PageRequest): Promise<Page<string>> {
      const entitySet = options.entitySet(session.source);
      const page = await readScanPage(
        session,
        { entitySet, filter: filterOf(session), select: ['Ref_Key'] },
        request,
      );
      const ids = page.rows.map((row) => row.Ref_Key).filter((id): id is string => typeof id === 'string');
      return { records: ids, next: page.next, total: page.total };
    },
  };
}
