/** startErpNextSandbox: an ERPNext site on 127.0.0.1 over the shared world, driven through SandboxHandle. */
import { ErpNextSource, type ErpNextSourceConfig } from '@crm-bridge/core';
import {
  createFaults,
  createSandboxClock,
  createWorld,
  type Faults,
  type SandboxHandle,
  type SandboxOptions,
  type SandboxServer,
  type StartSandbox,
  startSandboxServer,
} from '@crm-bridge/sync/testing';
import { createDoctypes } from './doctypes';
import { createErpNextData, type ErpNextData } from './erpnext-data';
import { createRoutes, type SiteAuth } from './erpnext-routes';
import type { ListedDoctype, Site } from './list-query';
import type { Doc } from './render-parties';
import { applyChange, type ChangeState } from './sandbox-changes';
import { SiteClock } from './site-clock';

export interface ErpNextSandboxOptions extends SandboxOptions {
  /** The site's System Settings time zone. @defaultValue 'Europe/Moscow' */
  timeZone?: string;
}

/** The handle plus what protocol tests poke at directly. */
export interface ErpNextSandboxHandle extends SandboxHandle {
  source(id: string): ErpNextSourceConfig;
  sourceWithBadCredentials(id: string): ErpNextSourceConfig;
  data: ErpNextData;
  faults: Faults;
  server: SandboxServer;
  auth: SiteAuth;
  timeZone: string;
  /** Deleted Document rows so far. */
  deletedDocuments(): Doc[];
}

const AUTH: SiteAuth = {
  apiKey: '1a2b3c4d5e6f7a8',
  apiSecret: '9f8e7d6c5b4a3f2',
  user: 'crm-bridge@example.com',
  password: 'sandbox-password',
};

const DOCTYPE_OF = { customers: 'Customer', contacts: 'Contact', orders: 'Sales Order' } as const;

export async function startErpNextSite(options: ErpNextSandboxOptions): Promise<ErpNextSandboxHandle> {
  const timeZone = options.timeZone ?? 'Europe/Moscow';
  const world = createWorld({ seed: options.seed ?? 1, size: options.size });
  const data = createErpNextData(world, createSandboxClock());
  const clock = new SiteClock(timeZone);
  const faults = createFaults({ seed: options.seed ?? 1, ...options.faults });
  const ctx = { data, clock, faults };
  const doctypes = createDoctypes(ctx);
  const { parents, children } = doctypes;
  const deleted: Doc[] = [];
  const deletedDoctype: ListedDoctype = {
    name: 'Deleted Document',
    columns: new Set([
      'name',
      'owner',
      'creation',
      'modified',
      'modified_by',
      'docstatus',
      'idx',
      'deleted_name',
      'deleted_doctype',
      'restored',
      'new_name',
      'data',
    ]),
    defaultOrder: [{ field: 'creation', desc: true }],
    docs: () => deleted,
  };
  const site: Site = { parents, children, listed: new Map([[deletedDoctype.name, deletedDoctype]]), clock };
  const server = await startSandboxServer(createRoutes(site, AUTH, faults));
  const changes: ChangeState = {
    data,
    clock,
    doctypes: parents,
    deleted,
    pendingPeople: [],
    pendingOrders: [],
    changes: 0,
  };

  const liveRows = (stream: keyof typeof DOCTYPE_OF) => {
    const doctype = parents.get(DOCTYPE_OF[stream])!;
    return doctype.dataset
      .ids({ limit: doctype.dataset.maxId() })
      .map((id) => doctype.dataset.get(id)!)
      .map((row) => ({ row, name: doctype.nameOf(row) }));
  };
  const source = (id: string, apiSecret: string): ErpNextSourceConfig =>
    ErpNextSource.parse({
      kind: 'erpnext',
      id,
      url: server.url,
      timezone: timeZone,
      credentials: { apiKey: AUTH.apiKey, apiSecret },
      // Loopback: the default 5 requests/s would make the sandbox, not the code, the bottleneck.
      rateLimit: { requestsPerSecond: 1000, concurrency: 4 },
    });

  return {
    erp: 'erpnext',
    url: server.url,
    data,
    faults,
    server,
    auth: AUTH,
    timeZone,
    deletedDocuments: () => [...deleted],
    source: (id) => source(id, AUTH.apiSecret),
    sourceWithBadCredentials: (id) => source(id, 'not-the-secret'),
    expected: () => ({
      customers: data.customers.count(),
      contacts: data.contacts.count(),
      orders: data.orders.count(),
    }),
    liveIds: (stream) => liveRows(stream).map(({ name }) => name),
    malformedIds: (stream) =>
      liveRows(stream)
        .filter(({ row }) => faults.isMalformed(DOCTYPE_OF[stream], row.id))
        .map(({ name }) => name),
    change: (plan) => {
      applyChange(changes, plan);
      doctypes.clearCaches();
    },
    setFaults: (plan) => {
      faults.setPlan({ seed: options.seed ?? 1, ...plan });
      doctypes.clearCaches();
    },
    close: () => server.close(),
  };
}

export const startErpNextSandbox: StartSandbox = (options) => startErpNextSite(options);
