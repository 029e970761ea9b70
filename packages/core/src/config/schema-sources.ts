/** `sources:` in crm-bridge.yaml: one entry per ERP to read customers and orders from. */
import { z } from 'zod';
import { SourceId } from '../domain/common';
import { count, flag, HttpUrl, numeric, ScheduleText, TimeZone } from './schema-fields';
import { secret } from './secret';

/** The streams a connector can read; a source may tune or switch off each. */
export const StreamName = z.enum(['customers', 'contacts', 'orders']);
export type StreamName = z.infer<typeof StreamName>;

function streams<F extends z.ZodType>(filter: F) {
  const options = z.strictObject({
    enabled: flag(z.boolean().default(true)),
    /** Overrides the source's pageSize for this stream. */
    pageSize: numeric(z.int().min(1).max(10_000).optional()),
    filter: filter.optional(),
  });
  return z
    .partialRecord(StreamName, options)
    .default({})
    .meta({ description: 'Per-stream options; a stream not listed is read with the source defaults' });
}

const common = {
  id: SourceId.meta({
    description: 'Stable id of this source; stored with every record, so do not rename it',
  }),
  name: z.string().min(1).optional().meta({ description: 'Display name, e.g. "Odoo (Berlin)"' }),
  enabled: flag(z.boolean().default(true)),
  priority: count(100, 0, 1000).meta({
    description:
      'Trust for the golden record: a field is taken from the source with the HIGHEST priority that has it',
  }),
  schedule: z
    .strictObject({
      incremental: ScheduleText.prefault('15m'),
      reconcile: ScheduleText.prefault('1d'),
    })
    .prefault({})
    .meta({
      description: 'incremental: read what changed; reconcile: full key scan that finds deletions and misses',
    }),
  rateLimit: z
    .strictObject({
      requestsPerSecond: numeric(z.number().positive().max(1000).default(5)),
      concurrency: count(2, 1, 64),
    })
    .prefault({}),
  timeoutMs: count(30_000, 1000, 600_000).meta({ description: 'Timeout of one HTTP request to the ERP' }),
  pageSize: count(200, 1, 10_000),
};

/** An Odoo domain: prefix-notation conditions, e.g. `[["customer_rank", ">", 0]]`. */
const OdooDomain = z.array(
  z.union([z.enum(['&', '|', '!']), z.tuple([z.string(), z.string(), z.unknown()])]),
);

export const OdooSource = z
  .strictObject({
    kind: z.literal('odoo'),
    ...common,
    url: HttpUrl.meta({ description: 'Base URL of the Odoo server, e.g. https://acme.odoo.com' }),
    database: z.string().min(1).meta({ description: 'Odoo database name' }),
    api: z.enum(['jsonrpc', 'json2', 'auto']).default('auto').meta({
      description:
        'json2 = Odoo ≥ 19 (API key only); jsonrpc = older servers; auto = try json2, then jsonrpc',
    }),
    timezone: TimeZone.default('UTC').meta({
      description: 'Odoo keeps UTC; change only for a patched server',
    }),
    credentials: z
      .strictObject({
        username: z
          .string()
          .min(1)
          .optional()
          .meta({ description: 'Login of the integration user (jsonrpc)' }),
        password: secret('Password of the integration user (jsonrpc; prefer an API key)').optional(),
        apiKey: secret(
          'API key (Preferences → Account Security); required for json2 and for users with 2FA',
        ).optional(),
      })
      .superRefine((credentials, ctx) => {
        if (credentials.password === undefined && credentials.apiKey === undefined) {
          ctx.addIssue({ code: 'custom', message: 'Expected apiKey, or username and password' });
        } else if (credentials.password !== undefined && credentials.apiKey !== undefined) {
          ctx.addIssue({
            code: 'custom',
            message: 'Give either password or apiKey, not both',
            path: ['password'],
          });
        } else if (credentials.password !== undefined && credentials.username === undefined) {
          ctx.addIssue({ code: 'custom', message: 'required with password', path: ['username'] });
        }
      }),
    streams: streams(OdooDomain),
  })
  .superRefine((source, ctx) => {
    if (source.api === 'json2' && source.credentials.apiKey === undefined) {
      ctx.addIssue({ code: 'custom', message: 'api json2 needs credentials.apiKey', path: ['api'] });
    }
  });

/** Frappe filters: `[["disabled", "=", 0]]` (3 or 4 items each) or `{ disabled: 0 }`. */
const FrappeFilters = z.union([
  z.array(z.array(z.unknown()).min(3).max(4)),
  z.record(z.string(), z.unknown()),
]);

export const ErpNextSource = z.strictObject({
  kind: z.literal('erpnext'),
  ...common,
  url: HttpUrl.meta({ description: 'Site URL, e.g. https://erp.example.com' }),
  timezone: TimeZone.meta({
    description: 'The site time zone (System Settings): Frappe stores local times without an offset',
  }),
  credentials: z.strictObject({
    apiKey: secret('API key of the integration user (User → Settings → API Access)'),
    apiSecret: secret('API secret of the integration user; shown once when generated'),
  }),
  streams: streams(FrappeFilters),
});

export const OneCSource = z.strictObject({
  kind: z.literal('onec'),
  ...common,
  url: HttpUrl.meta({
    description: 'The OData publication, e.g. http://1c.example.local/trade/odata/standard.odata',
  }),
  timezone: TimeZone.meta({
    description: 'The 1C server time zone: 1C stores local times without an offset',
  }),
  credentials: z.strictObject({
    username: z.string().min(1).meta({ description: '1C infobase user (Cyrillic is fine: sent as UTF-8)' }),
    password: secret('Password of the 1C infobase user'),
  }),
  entitySets: z
    .strictObject({
      customers: z.string().min(1).default('Catalog_Контрагенты'),
      contacts: z.string().min(1).default('Catalog_КонтактныеЛица'),
      orders: z.string().min(1).default('Document_ЗаказКлиента'),
    })
    .prefault({})
    .meta({
      description: 'OData entity sets per stream; they differ between 1C configurations (УТ, УНФ, ERP)',
    }),
  streams: streams(z.string().min(1).meta({ description: 'An OData $filter expression' })),
});

export const SourceConfig = z.discriminatedUnion('kind', [OdooSource, ErpNextSource, OneCSource]);
export type SourceConfig = z.infer<typeof SourceConfig>;
export type OdooSourceConfig = z.infer<typeof OdooSource>;
export type ErpNextSourceConfig = z.infer<typeof ErpNextSource>;
export type OneCSourceConfig = z.infer<typeof OneCSource>;
export type SourceKind = SourceConfig['kind'];

/** The source list; ids must be unique (a duplicate is reported at its own line). */
export const Sources = z
  .array(SourceConfig)
  .default([])
  .superRefine(
    (sources, ctx) => {
      if (!Array.isArray(sources)) return; // the type error is reported already
      const firstIndex = new Map<string, number>();
      sources.forEach((source: unknown, index) => {
        const id = (source as { id?: unknown } | null)?.id;
        if (typeof id !== 'string') return;
        const first = firstIndex.get(id);
        if (first === undefined) firstIndex.set(id, index);
        else
          ctx.addIssue({
            code: 'custom',
            message: `duplicate id "${id}" (sources[${first}])`,
            path: [index, 'id'],
          });
      });
    },
    { when: () => true },
  );
