import { Customer, InvalidRecordError, Order } from '@crm-bridge/core';
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
 * Identifies, maps, validates and hashes each raw record. A record that cannot be mapped or fails the
 * canonical schema is quarantined with its reason and raw payload; the rest of the page goes on.
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
      if (!(error instanceof InvalidRecordError)) throw error;
      quarantine(error.message, error.details ? [error.details] : []);
    }
  }
  return page;
}
