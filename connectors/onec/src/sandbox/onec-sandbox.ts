/** The 1C sandbox: the standard OData interface of an УТ 11 infobase over the shared world, with faults. */
import { SourceConfig } from '@crm-bridge/core';
import {
  createFaults,
  createRng,
  createSandboxClock,
  createWorld,
  type Dataset,
  type FaultPlan,
  type FaultSettings,
  type SandboxHandle,
  type StartSandbox,
  startSandboxServer,
} from '@crm-bridge/sync/testing';
import { createEntitySets } from './entity-sets';
import type { GuidCodec } from './onec-guid';
import { createOneCHandler, PUBLICATION_PATH } from './onec-routes';
import { createOneCTables } from './onec-tables';
import { SANDBOX_TIME_ZONE } from './render-common';
import { createSandboxContext } from './sandbox-context';

/** The infobase user: Cyrillic, as in most real installations, so the UTF-8 Basic auth is exercised. */
export const SANDBOX_USER = 'Администратор';
const SANDBOX_PASSWORD = 'пароль-1С';

type StreamKey = 'customers' | 'contacts' | 'orders';

/** The first answer of a cold 1C server takes a while (5.1); with slow faults on, the sandbox does too. */
function faultPlan(settings: FaultSettings, seed: number): FaultPlan {
  const slowFirstMs = (settings.slowRate ?? 0) > 0 ? (settings.slowMs ?? 1500) * 4 : 0;
  return { ...settings, slowFirstMs, seed };
}

export const startOneCSandbox: StartSandbox = async (options) => {
  const seed = options.seed ?? 1;
  const clock = createSandboxClock();
  const world = createWorld({ seed, size: options.size, nowMs: clock.now() });
  const tables = createOneCTables(world, clock);
  const faults = createFaults(faultPlan(options.faults ?? {}, seed));
  const context = createSandboxContext(tables, faults);
  const sets = createEntitySets(context);
  const server = await startSandboxServer(
    createOneCHandler({ sets, faults, username: SANDBOX_USER, password: SANDBOX_PASSWORD }),
  );
  const rng = createRng(seed ^ 0x1c);
  const streams: Record<StreamKey, { dataset: Dataset; codec: GuidCodec }> = {
    customers: { dataset: tables.counterparties, codec: context.codecs.counterparties },
    contacts: { dataset: tables.contacts, codec: context.codecs.contacts },
    orders: { dataset: tables.orders, codec: context.codecs.orders },
  };
  const liveIds = (stream: StreamKey): number[] => {
    const { dataset } = streams[stream];
    return dataset.ids({ offset: 0, limit: dataset.count() + 1 });
  };
  const source = (id: string, password: string): SourceConfig =>
    SourceConfig.parse({
      kind: 'onec',
      id,
      name: '1C:УТ 11 (sandbox)',
      url: `${server.url}${PUBLICATION_PATH}`,
      timezone: SANDBOX_TIME_ZONE,
      credentials: { username: SANDBOX_USER, password },
      // No rate limit in 1C; concurrency stays low because 1C licences and processes are few (5.5).
      rateLimit: { requestsPerSecond: 1000, concurrency: 2 },
      pageSize: 500,
    });

  const handle: SandboxHandle = {
    erp: 'onec',
    url: server.url,
    source: (id) => source(id, SANDBOX_PASSWORD),
    sourceWithBadCredentials: (id) => source(id, 'неверный-пароль'),
    expected: () => ({
      customers: tables.counterparties.count(),
      contacts: tables.contacts.count(),
      orders: tables.orders.count(),
    }),
    liveIds: (stream) => liveIds(stream).map((id) => streams[stream].codec.encode(id)),
    malformedIds: (stream) =>
      liveIds(stream)
        .filter((id) => faults.isMalformed(stream, id))
        .map((id) => streams[stream].codec.encode(id)),
    change(plan) {
      clock.advance(1000);
      for (const stream of plan.streams ?? (['customers', 'contacts', 'orders'] as const)) {
        // DeletionMark flips are the archives; deletions are physical ("Удаление помеченных объектов").
        streams[stream].dataset.mutate(
          {
            edits: plan.edits,
            archives: plan.archives,
            deletions: plan.deletions,
            additions: plan.additions,
          },
          rng,
        );
      }
    },
    setFaults(settings) {
      faults.setPlan(faultPlan(settings, seed));
    },
    close: () => server.close(),
  };
  return handle;
};
