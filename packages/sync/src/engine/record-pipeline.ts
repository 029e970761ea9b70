import { Customer, InvalidRecordError, Order, Timestamp } from '@crm-bridge/core';
import type { OrderInput, QuarantineInput, SourceRecordInput } from '@crm-bridge/store';
import { contentHash } from '@crm-bridge/store';
import type { z } from 'zod';
import type { MapContext, RecordIdentity, Stream } from '../kit/connector';

/** One page turned into what the store takes: good records hashed, bad ones with their reason. */
export interface ProcessedPage {
  customers: SourceRecordInput[];
  orders: OrderInput[];
  quarantined: QuarantineInput[];
  /** Identities of every record read (good or bad), for the cursor. */
  identities: RecordIdentity[];
}

function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Identifies, maps, validates and hashes each raw record. A record that cannot be identified or mapped, or
 * fails the canonical schema, is quarantined with its reason and raw payload; the rest of the page goes on.
 */
export function processPage(
  stream: Stream,
  records: readonly unknown[],
  context: MapContext & { runId: number | null },
): ProcessedPage {
  const page: ProcessedPage = { customers: [], orders: [], quarantined: [], identities: [] };
  const schema = stream.kind === 'order' ? Order : Customer;
  for (const raw of records) {
    let identity: RecordIdentity = { externalId: null, modifiedAt: null };
    const quarantine = (reason: string, issues: unknown[] = []) =>
      page.quarantined.push({
        source: context.sourceId,
        stream: stream.name,
        externalId: identity.externalId,
        reason,
        issues,
        raw,
        runId: context.runId,
      });
    try {
      identity = stream.identify(raw);
      if (identity.modifiedAt !== null && !Timestamp.safeParse(identity.modifiedAt).success) {
        // A modified-at we cannot read would poison the cursor; the record is quarantined instead.
        const bad = identity.modifiedAt;
        identity = { externalId: identity.externalId, modifiedAt: null };
        quarantine(`unreadable modified-at ${JSON.stringify(bad)} (expected ISO 8601 with an offset)`);
        continue;
      }
      page.identities.push(identity);
      const parsed = schema.safeParse(stream.map(raw, context));
      if (!parsed.success) {
        quarantine(`invalid ${stream.kind}: ${describeIssues(parsed.error.issues)}`, parsed.error.issues);
        continue;
      }
      const value = parsed.data;
      if (
        value.sourceId !== context.sourceId ||
        (identity.externalId && value.externalId !== identity.externalId)
      ) {
        quarantine(`mapped record names ${value.sourceId}/${value.externalId}, not ${identity.externalId}`);
        continue;
      }
      const contentHashValue = contentHash(value);
      if (stream.kind === 'order')
        page.orders.push({ order: value as Order, raw, contentHash: contentHashValue });
      else page.customers.push({ customer: value as Customer, raw, contentHash: contentHashValue });
    } catch (error) {
      // Whatever a connector throws on one record (its own InvalidRecordError, or a TypeError on a shape it
      // did not expect) quarantines that record; the run goes on and loses nothing.
      if (error instanceof InvalidRecordError)
        quarantine(error.message, error.details ? [error.details] : []);
      else quarantine(`the connector could not map it: ${(error as Error).message ?? String(error)}`);
    }
  }
  return page;
}
