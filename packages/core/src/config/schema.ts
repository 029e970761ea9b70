/** The whole of crm-bridge.yaml. Types are inferred from these schemas; the JSON Schema is generated from them. */
import { z } from 'zod';
import { CurrencyCode } from '../domain/common';
import type { TicketPriority } from '../domain/desk';
import { RfmSegment } from '../domain/segment';
import { BotsConfig } from './schema-bots';
import {
  ClockTime,
  count,
  Duration,
  flag,
  HttpUrl,
  numeric,
  RegionCode,
  TimeZone,
  urlWith,
} from './schema-fields';
import { Sources } from './schema-sources';
import { secret } from './secret';

export const StoreConfig = z
  .strictObject({
    url: z
      .preprocess(
        (value) => (value === '' ? undefined : value), // `${DATABASE_URL:-}` left empty means the embedded store
        secret(
          'PostgreSQL URL, e.g. postgres://crm:…@db:5432/crm; absent or empty = embedded PGlite in dataDir',
          urlWith(/^postgres(?:ql)?$/, 'Invalid URL: expected postgres:// or postgresql://'),
        ).optional(),
      )
      .optional(),
    dataDir: z
      .string()
      .min(1)
      .default('.data/pglite')
      .meta({ description: 'Where the embedded PGlite store lives' }),
    pool: z.strictObject({ max: count(10, 1, 500) }).prefault({}),
  })
  .prefault({});

export const RedisConfig = z
  .strictObject({
    url: z
      .preprocess(
        (value) => (value === '' ? undefined : value), // `${REDIS_URL:-}` left empty means no Redis
        secret(
          'Redis URL (redis:// or rediss://); may hold a password. Absent or empty = no Redis: `serve` runs the duties itself',
          urlWith(/^rediss?$/, 'Invalid URL: expected redis:// or rediss://'),
        ).optional(),
      )
      .optional(),
    prefix: z
      .string()
      .regex(/^[A-Za-z0-9:_-]+$/, 'Expected letters, digits, :, _ or -')
      .default('crm-bridge')
      .meta({ description: 'Key prefix of the job queues; give each installation sharing a Redis its own' }),
  })
  .prefault({});

export const CurrencyConfig = z
  .strictObject({
    base: CurrencyCode.meta({
      description: 'Currency that revenue and lifetime value are reported in, e.g. EUR',
    }),
    rates: z
      .record(CurrencyCode, numeric(z.number().positive()))
      .default({})
      .meta({ description: 'Units of the base currency per 1 unit of each other currency, e.g. USD: 0.92' }),
  })
  .superRefine((currency, ctx) => {
    const own = currency.rates[currency.base];
    if (own !== undefined && own !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: 'the base currency is 1 by definition',
        path: ['rates', currency.base],
      });
    }
  });

export const PhoneConfig = z.strictObject({
  defaultRegion: RegionCode.meta({
    description: 'Region assumed for phone numbers written without +country code',
  }),
});

export const IdentityKey = z.enum(['email', 'phone', 'tax_id', 'erp_reference']);
export type IdentityKey = z.infer<typeof IdentityKey>;

export const IdentityConfig = z
  .strictObject({
    matchOn: z
      .array(IdentityKey)
      .min(1)
      .default(['email', 'phone', 'tax_id', 'erp_reference'])
      .meta({ description: 'Keys that join records of different sources into one profile' }),
    maxKeyShare: count(5, 2, 10_000).meta({
      description: 'A key shared by more records than this (an office phone, info@) links nothing',
    }),
    ignoreEmails: z
      .array(
        z.string().regex(/^[^\s@]+@[^\s@]+$/, 'Expected an address pattern such as info@* or *@example.com'),
      )
      .default([])
      .meta({ description: 'Addresses never used to link, * matches any text: info@*, noreply@*' }),
    ignoreDomains: z
      .array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'Expected a lower-case domain such as example.com'))
      .default([])
      .meta({ description: 'Domains whose addresses never link (placeholders, your own staff domain)' }),
  })
  .prefault({});

export const AnalyticsConfig = z
  .strictObject({
    dormantAfterDays: count(180, 1, 3650).meta({ description: 'No order for this long → dormant' }),
    dormantGapFactor: numeric(z.number().min(1).max(100).default(2.5)).meta({
      description: 'Dormant after this many typical gaps: ordering every 90 days → dormant after 225',
    }),
    churnRiskGapFactor: numeric(z.number().min(1).max(100).default(1.5)).meta({
      description: 'Churn risk after this many typical gaps; below dormantGapFactor',
    }),
    rfmWindowDays: count(730, 30, 3650),
    minOrdersForGap: count(3, 2, 100).meta({ description: 'Orders needed before a typical gap is trusted' }),
    ltvHorizonMonths: count(36, 1, 240),
    vip: z
      .strictObject({
        minRevenue: numeric(z.number().positive().nullable().default(null)).meta({
          description: 'Lifetime revenue in the base currency that makes a customer VIP; null: not used',
        }),
        minOrders: numeric(z.number().int().positive().nullable().default(null)).meta({
          description: 'Counted orders that make a customer VIP; null: not used',
        }),
        segments: z
          .array(RfmSegment)
          .default(['champions'])
          .meta({ description: 'RFM segments whose customers are VIP' }),
      })
      .prefault({})
      .meta({ description: 'A customer is VIP when any of these holds; VIP tightens ticket SLAs' }),
  })
  .superRefine((analytics, ctx) => {
    if (analytics.churnRiskGapFactor >= analytics.dormantGapFactor) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be below dormantGapFactor',
        path: ['churnRiskGapFactor'],
      });
    }
  })
  .prefault({});

function sla(firstResponse: string, resolution: string) {
  return z
    .strictObject({
      firstResponse: Duration.prefault(firstResponse),
      resolution: Duration.prefault(resolution),
    })
    .superRefine((target, ctx) => {
      if (target.firstResponse > target.resolution) {
        ctx.addIssue({
          code: 'custom',
          message: 'must not be longer than resolution',
          path: ['firstResponse'],
        });
      }
    })
    .prefault({});
}

const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

/** A calendar day, `YYYY-MM-DD` (quote it or not: YAML 1.2 keeps it text). */
const CalendarDay = z.iso.date().meta({ description: 'A calendar day, YYYY-MM-DD' });

export const TicketsConfig = z
  .strictObject({
    sla: z
      .strictObject({
        urgent: sla('1h', '8h'),
        high: sla('4h', '24h'),
        normal: sla('8h', '3d'),
        low: sla('24h', '7d'),
      } satisfies Record<TicketPriority, unknown>)
      .prefault({}),
    vipFactor: numeric(z.number().gt(0).max(1).default(0.5)).meta({
      description: "VIP customers' SLA targets are multiplied by this: 0.5 halves them, 1 leaves them",
    }),
    businessHours: z
      .strictObject({
        timezone: TimeZone,
        days: z.array(Weekday).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
        start: ClockTime,
        end: ClockTime,
        holidays: z
          .array(CalendarDay)
          .default([])
          .meta({ description: 'Days the clocks stand still all day, in the timezone above: 2026-01-01' }),
      })
      .superRefine((hours, ctx) => {
        if (hours.end <= hours.start)
          ctx.addIssue({ code: 'custom', message: 'must be after start', path: ['end'] });
      })
      .optional()
      .meta({ description: 'When set, SLA clocks run only in these hours; absent = around the clock' }),
    atRiskShare: numeric(z.number().gt(0).lt(1).default(0.8)).meta({
      description: 'A ticket is at risk once it has used this share of an SLA target (0.8 = 80 %)',
    }),
    warnBefore: Duration.optional().meta({
      description: 'Also at risk when no more than this is left of a target; absent = atRiskShare alone',
    }),
  })
  .prefault({});

/** An employee named in the config: their e-mail (as stored on the employee) or their id. */
const EmployeeRef = z
  .string()
  .trim()
  .min(1)
  .max(320)
  .meta({ description: "An employee's e-mail or id, e.g. anna@example.com" });

/** A text or a list of texts in YAML; always a list once parsed. */
function oneOrMany<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(item).min(1));
}

export const OwnerRule = z
  .strictObject({
    source: oneOrMany(z.string().min(1)).optional().meta({
      description: 'The customer has a record in one of these sources (sources[].id)',
    }),
    segment: oneOrMany(RfmSegment)
      .optional()
      .meta({ description: 'The customer is in one of these RFM segments' }),
    vip: flag(z.boolean()).optional().meta({ description: 'The customer is (true) or is not (false) VIP' }),
    owner: EmployeeRef,
  })
  .meta({ description: 'Every condition given must hold; a rule without conditions matches every customer' });
export type OwnerRule = z.infer<typeof OwnerRule>;

export const OwnersConfig = z
  .strictObject({
    rules: z.array(OwnerRule).default([]).meta({
      description: 'Tried in order, the first match wins; an owner set by hand on a profile wins over all',
    }),
    default: EmployeeRef.optional().meta({
      description: 'Owner of a customer no rule matches; absent = nobody',
    }),
  })
  .prefault({})
  .meta({
    description:
      'Who looks after a customer without an owner set by hand: gets its dormant-customer reminders',
  });

export const ApiConfig = z
  .strictObject({
    host: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .meta({ description: 'Interface to listen on; 0.0.0.0 for all' }),
    port: count(8080, 1, 65_535),
    publicUrl: HttpUrl.optional().meta({
      description: 'How Slack, Telegram and n8n reach this API from outside',
    }),
    cors: z
      .strictObject({
        origins: z
          .array(
            z
              .string()
              .regex(/^\*$|^https?:\/\/[^/\s]+$/, 'Expected an origin such as https://app.example.com, or *'),
          )
          .default([]),
      })
      .prefault({})
      .meta({ description: 'Browser origins allowed to call the API; none by default' }),
    rateLimit: z
      .strictObject({
        max: count(600, 1, 1_000_000).meta({ description: 'Requests one API key may make per window' }),
        window: Duration.prefault('1m').meta({ description: 'The rate-limit window, e.g. 1m' }),
      })
      .prefault({})
      .meta({ description: 'Per API key; a key over its limit gets 429 with Retry-After' }),
    bodyLimit: count(1_048_576, 1024, 104_857_600).meta({
      description: 'Largest request body in bytes; a larger one gets 413',
    }),
  })
  .prefault({});

export const LoggingConfig = z
  .strictObject({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .prefault({});

/** crm-bridge.yaml, parsed: secrets are Secret objects, durations are milliseconds, schedules are parsed. */
export const Config = z
  .strictObject({
    version: z.literal(1).meta({ description: 'Version of this file format' }),
    store: StoreConfig,
    redis: RedisConfig,
    currency: CurrencyConfig,
    phone: PhoneConfig,
    sources: Sources,
    identity: IdentityConfig,
    analytics: AnalyticsConfig,
    tickets: TicketsConfig,
    owners: OwnersConfig,
    bots: BotsConfig,
    api: ApiConfig,
    logging: LoggingConfig,
  })
  .meta({ title: 'crm-bridge.yaml', description: 'Configuration of CRM Bridge' });

export type Config = z.infer<typeof Config>;
/** The config as written in YAML (before defaults and parsing), e.g. for building one in a test. */
export type ConfigInput = z.input<typeof Config>;
export type StoreConfig = z.infer<typeof StoreConfig>;
export type RedisConfig = z.infer<typeof RedisConfig>;
export type CurrencyConfig = z.infer<typeof CurrencyConfig>;
export type PhoneConfig = z.infer<typeof PhoneConfig>;
export type IdentityConfig = z.infer<typeof IdentityConfig>;
export type AnalyticsConfig = z.infer<typeof AnalyticsConfig>;
export type TicketsConfig = z.infer<typeof TicketsConfig>;
export type OwnersConfig = z.infer<typeof OwnersConfig>;
export type ApiConfig = z.infer<typeof ApiConfig>;
export type LoggingConfig = z.infer<typeof LoggingConfig>;
