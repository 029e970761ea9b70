import type { CrmError, Logger, SourceConfig, StreamName } from '@crm-bridge/core';
import type { HttpClient, HttpFailure } from '../http/http-client';

/**
 * A connector is a description (STYLE.md §2): how to log in, which streams exist, how to read one page
 * and how to map one record. The engine owns everything else: the paging loop, retries, re-login,
 * checkpoints, validation, quarantine and run records.
 */
export interface Connector<Source extends SourceConfig = SourceConfig, Session = unknown> {
  kind: Source['kind'];
  /**
   * Logs in (or checks the credentials) and returns what the streams need (a uid, a token, the server
   * version). Bad credentials throw ConfigError; called again once when a stream throws SessionExpiredError.
   */
  connect(context: ConnectorContext<Source>): Promise<Session>;
  streams: readonly Stream<Session>[];
  /** This ERP's failures mapped to our error classes, tried in order before the engine's defaults. */
  errors: ErrorTable;
}

/** What the engine hands a connector: its source config, an HTTP client bound to the source, a logger. */
export interface ConnectorContext<Source extends SourceConfig = SourceConfig> {
  source: Source;
  http: HttpClient;
  log: Logger;
  signal: AbortSignal;
}

/** The canonical record kind a stream maps to. */
export type RecordKind = 'customer' | 'order';

/**
 * One stream of records. `modified` streams are read from a lower bound on the ERP's modified-at;
 * `scan` streams have no such field (1C catalogs) and are read whole each run, unchanged rows skipped by hash.
 */
export interface Stream<Session = unknown, Raw = unknown> {
  name: StreamName;
  kind: RecordKind;
  incremental: 'modified' | 'scan';
  /** Reads one page. Must be safe to call again with the same request (a page is re-read after a crash). */
  readPage(session: Session, request: PageRequest): Promise<Page<Raw>>;
  /** The record's id and modified-at (ISO UTC), read before mapping so even an unmappable record is named. */
  identify(raw: Raw): RecordIdentity;
  /**
   * Maps one raw record to the canonical input (Customer or Order, validated by the engine with zod).
   * Throws InvalidRecordError for a record that cannot be mapped; the engine quarantines it and goes on.
   */
  map(raw: Raw, context: MapContext): unknown;
  /** Lists every id the ERP holds, page by page, cheaply: used by key reconciliation to find deletions. */
  listIds?(session: Session, request: PageRequest): Promise<Page<string>>;
}

export interface RecordIdentity {
  externalId: string | null;
  /** ISO 8601 UTC; null for scan streams. */
  modifiedAt: string | null;
}

/** A JSON-serialisable position inside one read, chosen by the connector (an offset, a keyset, a link). */
export type PageToken = string | number | boolean | null | PageToken[] | { [key: string]: PageToken };

export interface PageRequest {
  /**
   * `modified` streams: read records with modified-at ≥ this instant (ISO UTC), already moved back by the
   * overlap window; null reads everything. Always null for `scan` streams and for listIds.
   */
  since: string | null;
  /** Null for the first page, then the previous page's `next`. */
  token: PageToken | null;
  pageSize: number;
  signal: AbortSignal;
}

export interface Page<Raw> {
  records: Raw[];
  /** Where the next page starts; null when this was the last page. */
  next: PageToken | null;
  /** Total records in the read when the ERP says (for progress and ETA). */
  total?: number | undefined;
}

export interface MapContext {
  sourceId: string;
  /** The ERP's own time zone (IANA) for naive local timestamps; UTC for ERPs that speak UTC. */
  timeZone: string;
}

/** One rule of a connector's error table: when `match` holds, the failure becomes `raise`'s error. */
export interface ErrorRule {
  match(failure: HttpFailure): boolean;
  raise(failure: HttpFailure): CrmError;
}
export type ErrorTable = readonly ErrorRule[];
